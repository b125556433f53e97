import { describe, expect, it } from "vitest";
import {
  multiple,
  numeric,
  open,
  ordering,
  question,
  single,
  text,
  trueFalse,
} from "../../test/quiz/fixtures.ts";
import { gradeAnswer } from "./grade.ts";
import { presentQuestion } from "./present.ts";

const idOf = (presented: ReturnType<typeof presentQuestion>, text_: string) =>
  presented.view.choices?.find((choice) => choice.text === text_)?.id as string;

describe("gradeAnswer", () => {
  it("grades a single choice right and wrong, explaining every option", () => {
    const presented = presentQuestion(single, { seed: 7 });
    const right = gradeAnswer(presented.key, {
      mode: "single",
      choiceIds: [idOf(presented, "Every step is cached")],
    });
    const wrong = gradeAnswer(presented.key, {
      mode: "single",
      choiceIds: [idOf(presented, "Everything runs again")],
    });
    expect(right).toMatchObject({ correct: true, score: 1 });
    expect(wrong).toMatchObject({ correct: false, score: 0 });
    expect(wrong.choices?.find((choice) => choice.chosen)).toMatchObject({
      text: "Everything runs again",
      correct: false,
      why: "mtime is not in the checksum.",
    });
    expect(wrong.choices).toHaveLength(3);
  });

  it("gives partial credit for a multiple select, taking off for wrong picks", () => {
    const presented = presentQuestion(multiple, { seed: 1 });
    const ids = (...texts: string[]) => texts.map((item) => idOf(presented, item));
    expect(gradeAnswer(presented.key, { mode: "multiple", choiceIds: ids("RUN", "COPY") })).toMatchObject({
      correct: true,
      score: 1,
    });
    expect(gradeAnswer(presented.key, { mode: "multiple", choiceIds: ids("RUN") })).toMatchObject({
      correct: false,
      score: 0.5,
    });
    expect(gradeAnswer(presented.key, { mode: "multiple", choiceIds: ids("RUN", "ENV") })).toMatchObject({
      correct: false,
      score: 0,
    });
  });

  it("grades true/false", () => {
    const presented = presentQuestion(trueFalse, { seed: 0 });
    expect(gradeAnswer(presented.key, { mode: "true-false", choiceIds: ["false"] }).correct).toBe(true);
    expect(gradeAnswer(presented.key, { mode: "true-false", choiceIds: ["true"] }).correct).toBe(false);
  });

  it("scores an ordering by the longest run already in order", () => {
    const presented = presentQuestion(ordering, { seed: 3 });
    const order = presented.key.order as string[];
    expect(gradeAnswer(presented.key, { mode: "ordering", order })).toMatchObject({
      correct: true,
      score: 1,
    });
    const oneMoved = [order[1], order[0], order[2], order[3]] as string[];
    expect(gradeAnswer(presented.key, { mode: "ordering", order: oneMoved })).toMatchObject({
      correct: false,
      score: 0.75,
    });
    expect(gradeAnswer(presented.key, { mode: "ordering", order: order.slice(1) }).problem).toBe(
      "Give all 4 items, each once.",
    );
  });

  it("accepts numbers within the tolerance and text variants regardless of case and quotes", () => {
    expect(
      gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 }).correct,
    ).toBe(true);
    expect(
      gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 4 }).correct,
    ).toBe(false);
    const key = presentQuestion(text, { seed: 0 }).key;
    expect(gradeAnswer(key, { mode: "text", text: "  `.WH..WH..OPQ`. " }).correct).toBe(true);
    expect(gradeAnswer(key, { mode: "text", text: ".wh.opq" }).correct).toBe(false);
  });

  it("scores an open answer by the rubric weight it covers and names the missed points", () => {
    const key = presentQuestion(open, { seed: 0 }).key;
    const partial = gradeAnswer(key, {
      mode: "open",
      text: "The first write copies the entire file into the upper layer.",
    });
    expect(partial.score).toBeCloseTo(0.75);
    expect(partial.correct).toBe(true);
    expect(partial.missed?.map((point) => point.id)).toEqual(["metadata"]);
    const weak = gradeAnswer(key, { mode: "open", text: "It copies blocks lazily." });
    expect(weak).toMatchObject({ correct: false, score: 0 });
    expect(weak.followUps).toEqual(["What happens on chmod?"]);
  });

  it("never throws on a response of the wrong kind or an empty one", () => {
    const key = presentQuestion(single, { seed: 0 }).key;
    expect(gradeAnswer(key, { mode: "numeric", value: 1 })).toMatchObject({
      score: 0,
      problem: "This question takes one choice.",
    });
    expect(gradeAnswer(key, { mode: "single", choiceIds: ["z"] }).problem).toBe("There is no choice z.");
    expect(gradeAnswer(presentQuestion(open, { seed: 0 }).key, { mode: "open", text: "  " }).problem).toBe(
      "The answer is empty.",
    );
  });

  it("takes off a wrong pick from the right ones and never goes below zero", () => {
    const presented = presentQuestion(multiple, { seed: 4 });
    const ids = (...texts: string[]) => texts.map((item) => idOf(presented, item));
    expect(
      gradeAnswer(presented.key, { mode: "multiple", choiceIds: ids("RUN", "COPY", "ENV") }),
    ).toMatchObject({ correct: false, score: 0.5 });
    expect(gradeAnswer(presented.key, { mode: "multiple", choiceIds: ids("ENV", "LABEL") })).toMatchObject({
      correct: false,
      score: 0,
    });
  });

  it("marks every choice of a multiple select as chosen or not, with its reason", () => {
    const presented = presentQuestion(multiple, { seed: 4 });
    const grade = gradeAnswer(presented.key, { mode: "multiple", choiceIds: [idOf(presented, "ENV")] });
    const feedback = new Map(grade.choices?.map((choice) => [choice.text, choice]));
    expect(feedback.get("ENV")).toMatchObject({ chosen: true, correct: false, why: "Config only." });
    expect(feedback.get("RUN")).toMatchObject({ chosen: false, correct: true, why: "It changes files." });
    expect(grade.choices).toHaveLength(4);
  });

  it("refuses two picks for a single choice question", () => {
    const presented = presentQuestion(single, { seed: 0 });
    expect(gradeAnswer(presented.key, { mode: "single", choiceIds: ["a", "b"] })).toMatchObject({
      correct: false,
      score: 0,
      problem: "Choose exactly one answer.",
    });
  });

  it("gives per-choice feedback on a true-false answer", () => {
    const grade = gradeAnswer(presentQuestion(trueFalse, { seed: 0 }).key, {
      mode: "true-false",
      choiceIds: ["true"],
    });
    expect(grade.choices).toEqual([
      { id: "true", text: "True", correct: false, chosen: true, why: "The statement is false." },
      { id: "false", text: "False", correct: true, chosen: false, why: "The statement is false." },
    ]);
    expect(grade).toMatchObject({ expected: "False", explanation: "Explanation.", reasons: [] });
  });

  it("scores a reversed ordering by its longest in-order run", () => {
    const presented = presentQuestion(ordering, { seed: 5 });
    const order = presented.key.order as string[];
    expect(gradeAnswer(presented.key, { mode: "ordering", order: [...order].reverse() })).toMatchObject({
      correct: false,
      score: 0.25,
    });
    const lastFirst = [order[3], order[0], order[1], order[2]] as string[];
    expect(gradeAnswer(presented.key, { mode: "ordering", order: lastFirst }).score).toBe(0.75);
  });

  it("accepts a number at the edge of the tolerance and refuses one past it", () => {
    const key = presentQuestion(
      question({ id: "size", kind: "numeric", numeric: { answer: 2.5, tolerance: 0.2 } }),
      {
        seed: 0,
      },
    ).key;
    expect(gradeAnswer(key, { mode: "numeric", value: 2.3 }).correct).toBe(true);
    expect(gradeAnswer(key, { mode: "numeric", value: 2.71 }).correct).toBe(false);
    expect(gradeAnswer(key, { mode: "numeric", value: Number.NaN }).problem).toBe("Give a number.");
  });

  it("ignores spacing, case, a trailing period and surrounding backticks in text answers", () => {
    const key = presentQuestion(question({ id: "cmd", kind: "text", accepted: ["docker history app"] }), {
      seed: 0,
    }).key;
    expect(gradeAnswer(key, { mode: "text", text: "`Docker   HISTORY app`." })).toMatchObject({
      correct: true,
      score: 1,
    });
    expect(gradeAnswer(key, { mode: "text", text: "docker inspect app" }).correct).toBe(false);
  });

  it("matches rubric phrases through plurals, verb endings, punctuation and short gaps", () => {
    const key = presentQuestion(open, { seed: 0 }).key;
    const grade = gradeAnswer(key, {
      mode: "open",
      text: "On its first writes, OverlayFS is copying entire, very large files up!",
    });
    expect(grade.covered?.map((point) => point.id)).toEqual(["whole-file", "first-write"]);
    expect(grade.score).toBeCloseTo(0.75);
    const period = gradeAnswer(key, { mode: "open", text: "It copies the whole file." });
    expect(period.covered?.map((point) => point.id)).toEqual(["whole-file"]);
  });

  it("does not count a phrase whose words come in another order", () => {
    const key = presentQuestion(open, { seed: 0 }).key;
    const grade = gradeAnswer(key, { mode: "open", text: "The file, whole, is written first." });
    expect(grade.covered).toEqual([]);
    expect(grade).toMatchObject({ correct: false, score: 0 });
  });

  it("passes an open answer at 70% of the rubric's weight and fails it below", () => {
    const rubric = {
      points: [
        { id: "p1", text: "One.", phrases: ["alpha"], weight: 7 },
        { id: "p2", text: "Two.", phrases: ["beta"], weight: 3 },
      ],
      modelAnswer: "alpha beta",
      followUps: [],
    };
    const key = presentQuestion(question({ id: "weights", kind: "open", rubric }), { seed: 0 }).key;
    expect(gradeAnswer(key, { mode: "open", text: "Alpha." })).toMatchObject({ correct: true, score: 0.7 });
    expect(gradeAnswer(key, { mode: "open", text: "Beta." })).toMatchObject({ correct: false, score: 0.3 });
  });

  it("reports a wrong mode for every kind of key instead of throwing", () => {
    const keys = [single, multiple, trueFalse, ordering, numeric, text, open].map(
      (item) => presentQuestion(item, { seed: 0 }).key,
    );
    for (const key of keys) {
      const response =
        key.mode === "numeric"
          ? { mode: "ordering" as const, order: [] }
          : { mode: "numeric" as const, value: 1 };
      const grade = gradeAnswer(key, response);
      expect(grade.score).toBe(0);
      expect(grade.problem).toMatch(/^This question takes /);
      expect(grade.expected).toBe(key.expected);
    }
  });
});
