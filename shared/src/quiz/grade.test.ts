import { describe, expect, it } from "vitest";
import { gradeAnswer } from "./grade.ts";
import { parseResponse } from "./parse-response.ts";
import { presentQuestion } from "./present.ts";
import { multiple, numeric, open, ordering, single, text, trueFalse } from "./test-fixtures.ts";

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
});

describe("presentQuestion", () => {
  it("shuffles choices by seed and replays the same order for the same seed", () => {
    const orders = [1, 2, 3, 4, 5].map((seed) =>
      presentQuestion(multiple, { seed })
        .view.choices?.map((choice) => choice.text)
        .join(),
    );
    expect(new Set(orders).size).toBeGreaterThan(1);
    expect(presentQuestion(multiple, { seed: 9 })).toEqual(presentQuestion(multiple, { seed: 9 }));
  });

  it("never shows an ordering question already in order", () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const presented = presentQuestion(ordering, { seed });
      expect(presented.view.choices?.map((choice) => choice.id)).not.toEqual(presented.key.order);
    }
  });

  it("keeps the answer out of the view", () => {
    const view = JSON.stringify(presentQuestion(open, { seed: 0 }).view);
    expect(view).not.toContain("whole file");
  });
});

describe("parseResponse", () => {
  it("reads letters, positions, booleans and numbers with units", () => {
    const presented = presentQuestion(multiple, { seed: 0 });
    expect(parseResponse(presented.view, "A, c")).toEqual({ mode: "multiple", choiceIds: ["a", "c"] });
    expect(parseResponse(presented.view, "a z")).toEqual({ problem: "Choose from a, b, c, d (not z)." });
    const order = presentQuestion(ordering, { seed: 0 });
    const ids = order.view.choices?.map((choice) => choice.id) ?? [];
    expect(parseResponse(order.view, "4 3 2 1")).toEqual({ mode: "ordering", order: [...ids].reverse() });
    expect(parseResponse(presentQuestion(trueFalse, { seed: 0 }).view, "no")).toEqual({
      mode: "true-false",
      choiceIds: ["false"],
    });
    const sized = { ...presentQuestion(numeric, { seed: 0 }).view, unit: "MB" };
    expect(parseResponse(sized, "2500 kB")).toEqual({ mode: "numeric", value: 2.5 });
    expect(parseResponse(sized, "lots")).toEqual({ problem: "Give a number in MB." });
  });
});
