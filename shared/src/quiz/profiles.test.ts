import { describe, expect, it } from "vitest";
import type { Question } from "../core/content-model.ts";
import { presentQuestion } from "./present.ts";
import {
  presentationProfile,
  questionHoldsFor,
  questionsForProfile,
  UnclaimedProfileError,
} from "./profiles.ts";

const tagged = (id: string, profiles?: Question["profiles"]) =>
  ({
    id,
    topic: "basics",
    tags: [],
    difficulty: "easy",
    kind: "true-false",
    prompt: "Layers are read-only.",
    explanation: "They are.",
    answer: true,
    lesson: { id: "basics" },
    ...(profiles === undefined ? {} : { profiles }),
    location: { file: "content/questions/basics.md", line: 4, column: 1 },
  }) satisfies Question;

const everywhere = tagged("everywhere", ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"]);
const overlayOnly = tagged("overlay-only", ["26.1-overlay2", "20.10-overlay2"]);
const untagged = tagged("untagged");

describe("questions per Docker profile", () => {
  it("asks a learner only the questions whose profiles include theirs (untagged ones everywhere)", () => {
    const questions = [everywhere, overlayOnly, untagged];
    expect(questionsForProfile(questions, "26.1-containerd").map((question) => question.id)).toEqual([
      "everywhere",
      "untagged",
    ]);
    expect(questionsForProfile(questions, "20.10-overlay2")).toEqual(questions);
    expect(questionHoldsFor(overlayOnly, "26.1-overlay2")).toBe(true);
    expect(questionHoldsFor(overlayOnly, "26.1-containerd")).toBe(false);
  });

  it("refuses to present a question for a profile it does not claim, naming both", () => {
    expect(() => presentQuestion(overlayOnly, { seed: 0, profile: "26.1-containerd" })).toThrow(
      UnclaimedProfileError,
    );
    expect(() => presentationProfile(overlayOnly, "26.1-containerd")).toThrow(
      "question overlay-only does not hold for the Docker profile 26.1-containerd (it claims 26.1-overlay2, 20.10-overlay2)",
    );
    expect(presentQuestion(overlayOnly, { seed: 0, profile: "20.10-overlay2" }).key.expected).toBe("True");
  });

  it("without a profile, presents for the default learner profile when claimed, else the first claimed", () => {
    expect(presentationProfile(everywhere)).toBe("26.1-containerd");
    expect(presentationProfile(untagged)).toBe("26.1-containerd");
    expect(presentationProfile(overlayOnly)).toBe("26.1-overlay2");
  });
});
