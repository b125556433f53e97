import type { Grade, QuestionView } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { disabledRows, renderGrade, renderQuestion } from "./render.ts";

const trueFalse: QuestionView = {
  questionId: "q",
  variant: 0,
  topic: "basics",
  difficulty: "easy",
  kind: "true-false",
  mode: "true-false",
  prompt: "A container's writes change its image.",
  choices: [
    { id: "true", text: "True" },
    { id: "false", text: "False" },
  ],
  lesson: { id: "images-and-containers" },
};

describe("Discord renderings", () => {
  it("shows a true/false question as the statement with True and False buttons", () => {
    const { embeds, components } = renderQuestion(trueFalse, {
      idPrefix: "quiz:s:0",
      title: "Question 1 of 1",
    });
    expect(embeds[0]?.description).toBe("A container's writes change its image.");
    const buttons = components.flatMap((row) => row.components) as Array<{
      label: string;
      custom_id: string;
    }>;
    expect(buttons.map((button) => [button.label, button.custom_id])).toEqual([
      ["True", "quiz:s:0:pick:true"],
      ["False", "quiz:s:0:pick:false"],
    ]);
  });

  it("keeps the question above the verdict and explains every wrong option", () => {
    const view: QuestionView = {
      ...trueFalse,
      kind: "single",
      mode: "single",
      choices: [
        { id: "a", text: "One" },
        { id: "b", text: "Two" },
        { id: "c", text: "Three" },
      ],
    };
    const grade: Grade = {
      questionId: "q",
      variant: 0,
      correct: false,
      score: 0,
      expected: "b) Two",
      explanation: "Because.",
      reasons: [],
      choices: [
        { id: "a", text: "One", correct: false, chosen: true, why: "One is too few." },
        { id: "b", text: "Two", correct: true, chosen: false, why: "Right." },
        { id: "c", text: "Three", correct: false, chosen: false, why: "Three is too many." },
      ],
    };
    const [question, verdict] = renderGrade(grade, {
      title: "Question 1 of 1",
      question: view,
      lessonLink: "[Images and containers](https://x/)",
    });
    expect(question?.description).toContain("**A** One\n**B** Two\n**C** Three");
    expect(verdict?.description).toContain("**You chose:** A (One)");
    expect(verdict?.description).toContain("👉 **A:** One is too few.\n**C:** Three is too many.");
    expect(verdict?.description).toContain("Read more: [Images and containers](https://x/)");
  });

  it("disables every component of a message", () => {
    const { components } = renderQuestion(trueFalse, { idPrefix: "p", title: "t" });
    expect(disabledRows(components).flatMap((row) => row.components.map((each) => each.disabled))).toEqual([
      true,
      true,
    ]);
  });
});
