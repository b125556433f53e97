/**
 * Every open question's rubric against answers a learner could give: the model answer and a right
 * answer in other words must pass; wrong answers (denials, myths stated as facts, a bare list of
 * the rubric's keywords) must not. The answers are in rubric-cases.ts.
 */
import { join } from "node:path";
import { readContentLibrary } from "@layercake/shared/content/node";
import type { Question } from "@layercake/shared/core";
import { gradeAnswer, presentQuestion } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { cases } from "./rubric-cases.ts";

const { library } = readContentLibrary(join(import.meta.dirname, ".."));
const openQuestions = library.questions.filter((question) => question.kind === "open");

function grade(question: Question, text: string) {
  return gradeAnswer(presentQuestion(question, { seed: 0 }).key, { mode: "open", text });
}

const GRAMMAR =
  /^(a|an|the|is|are|be|it|its|of|to|in|into|on|up|by|for|with|and|or|not|no|nothing|never|that|as|from|only|every|all|each|own|one|until|when|does|do|at|after|before|first)$/i;

/** The rubric's own words with the grammar taken out: what a learner who memorised keywords types. */
function keywordList(question: Question): string {
  return (question.rubric?.points ?? [])
    .flatMap((point) => point.phrases)
    .flatMap((phrase) => phrase.split(/\s+/))
    .filter((word) => !GRAMMAR.test(word))
    .join(" ");
}

describe("open-question rubrics", () => {
  it("has cases for every open question and none for a question that is gone", () => {
    expect(Object.keys(cases).sort()).toEqual(openQuestions.map((question) => question.id).sort());
  });

  it.each(openQuestions.map((question) => [question.id, question] as const))(
    "%s: the model answer and right paraphrases pass; wrong answers and keyword lists do not",
    (id, question) => {
      const model = grade(question, question.rubric?.modelAnswer ?? "");
      expect(model.missed?.map((point) => point.id)).toEqual([]);
      expect(model.correct).toBe(true);
      for (const text of cases[id]?.right ?? []) {
        const right = grade(question, text);
        expect({ text, correct: right.correct, contradicted: right.contradicted }).toEqual({
          text,
          correct: true,
          contradicted: undefined,
        });
      }
      expect(cases[id]?.wrong.length).toBeGreaterThan(0);
      for (const text of cases[id]?.wrong ?? [])
        expect({ text, correct: grade(question, text).correct }).toEqual({ text, correct: false });
      for (const { text, points } of cases[id]?.misses ?? []) {
        const covered = grade(question, text).covered?.map((point) => point.id) ?? [];
        expect({ text, covered: covered.filter((point) => points.includes(point)) }).toEqual({
          text,
          covered: [],
        });
      }
      const keywords = grade(question, keywordList(question));
      expect(keywords.correct).toBe(false);
      expect(keywords.problem).toBe("This is a list of keywords; explain the mechanism in sentences.");
    },
  );
});
