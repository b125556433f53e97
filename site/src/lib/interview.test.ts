import type { Rubric } from "@layercake/shared/core";
import { startDrill } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { chooseFollowUp, interviewReportItems, withoutFinalPunctuation } from "./interview.ts";

const rubric: Rubric = {
  modelAnswer: "Layers are read-only; a container adds a writable layer.",
  points: [
    { id: "ro", text: "Image layers are read-only.", phrases: ["read-only", "immutable"], weight: 2 },
    { id: "rw", text: "A container adds its own writable layer.", phrases: ["writable layer"], weight: 2 },
    { id: "rm", text: "The writable layer goes with docker rm.", phrases: ["docker rm"], weight: 1 },
  ],
  followUps: [
    "Can a running container change an image layer?",
    "Where do a container's writes go, and which layer is writable?",
  ],
};

describe("the mock interview", () => {
  it("follows up on what the answer missed, with a different question for a different miss", () => {
    expect(chooseFollowUp(rubric, ["ro"], 0)).toBe("Can a running container change an image layer?");
    expect(chooseFollowUp(rubric, ["rw"], 0)).toBe(
      "Where do a container's writes go, and which layer is writable?",
    );
    expect(chooseFollowUp(rubric, [], 0)).toBeUndefined();
  });

  it("never reads a rubric point out as the follow-up", () => {
    const probe = chooseFollowUp({ ...rubric, followUps: [] }, ["rm"], 0) ?? "";
    expect(probe).toMatch(/docker rm/);
    for (const point of rubric.points) expect(probe).not.toContain(withoutFinalPunctuation(point.text));
  });

  it("reports each question with the answer, the model answer and missed points, without doubled punctuation", () => {
    const state = {
      ...startDrill({ questionIds: ["q"], seed: 1, startedAt: new Date(0), secondsPerQuestion: 60 }),
      entries: [
        {
          questionId: "q",
          score: 0.4,
          correct: false,
          late: false,
          missedPoints: ["Image layers are read-only.;"],
        },
      ],
      status: "finished" as const,
    };
    const question = {
      id: "q",
      topic: "basics",
      tags: [],
      difficulty: "easy" as const,
      kind: "open" as const,
      prompt: "What is an image?",
      explanation: "",
      lesson: { id: "layers", section: "what-an-image-is" },
      rubric,
      location: { file: "x", line: 1, column: 1 },
    };
    const [item] = interviewReportItems(
      state,
      new Map([["q", question]]),
      new Map([["q", { answer: "A tarball." }]]),
      { layers: { title: "Images and layers", path: "/foundations/layers/" } },
      new Map(),
    );
    expect(item).toMatchObject({
      prompt: "What is an image?",
      answer: "A tarball.",
      modelAnswer: rubric.modelAnswer,
      missed: ["Image layers are read-only"],
      lesson: { title: "Images and layers", href: "/foundations/layers/#what-an-image-is" },
    });
  });
});
