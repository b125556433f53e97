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
import { parseResponse } from "./parse-response.ts";
import { presentQuestion } from "./present.ts";

const multipleView = presentQuestion(multiple, { seed: 0 }).view;
const orderingView = presentQuestion(ordering, { seed: 0 }).view;
const shownIds = orderingView.choices?.map((choice) => choice.id) ?? [];

describe("parseResponse", () => {
  it("reads choice letters in any case, separated by commas, spaces or nothing", () => {
    for (const input of ["A, c", "a c", "a;C", "ac", "a) c)", "(a) (c)"]) {
      expect(parseResponse(multipleView, input)).toEqual({ mode: "multiple", choiceIds: ["a", "c"] });
    }
    expect(parseResponse(presentQuestion(single, { seed: 0 }).view, "B")).toEqual({
      mode: "single",
      choiceIds: ["b"],
    });
  });

  it("names an unknown choice and a duplicate", () => {
    expect(parseResponse(multipleView, "a z")).toEqual({
      problem: "Choose from a, b, c, d (there is no z).",
    });
    expect(parseResponse(multipleView, "b, b")).toEqual({ problem: "You chose b twice; name each once." });
  });

  it("asks for one letter when a single choice gets two", () => {
    expect(parseResponse(presentQuestion(single, { seed: 0 }).view, "a b")).toEqual({
      problem: "Choose one of a, b, c.",
    });
  });

  it("reads true and false as words, initials, yes and no", () => {
    const view = presentQuestion(trueFalse, { seed: 0 }).view;
    for (const input of ["true", "T", "Yes", "y"])
      expect(parseResponse(view, input)).toEqual({ mode: "true-false", choiceIds: ["true"] });
    for (const input of ["False.", "f", "no"])
      expect(parseResponse(view, input)).toEqual({ mode: "true-false", choiceIds: ["false"] });
    expect(parseResponse(view, "maybe")).toEqual({ problem: "Answer true or false." });
  });

  it("reads an ordering as letters or as 1-based positions in the list shown", () => {
    const reversed = [...shownIds].reverse();
    expect(parseResponse(orderingView, "d c b a")).toEqual({ mode: "ordering", order: reversed });
    expect(parseResponse(orderingView, "d,c,b,a")).toEqual({ mode: "ordering", order: reversed });
    expect(parseResponse(orderingView, "4 3 2 1")).toEqual({ mode: "ordering", order: reversed });
    expect(parseResponse(orderingView, "2 1 3 4")).toEqual({ mode: "ordering", order: ["b", "a", "c", "d"] });
  });

  it("names unknown, repeated and missing ordering items", () => {
    expect(parseResponse(orderingView, "a b c x")).toEqual({
      problem: "There is no item x: use the letters a, b, c, d or positions 1–4.",
    });
    expect(parseResponse(orderingView, "1 2 3 9")).toEqual({
      problem: "There is no item 9: use the letters a, b, c, d or positions 1–4.",
    });
    expect(parseResponse(orderingView, "a a b c")).toEqual({
      problem: "a appears twice; give each item once.",
    });
    expect(parseResponse(orderingView, "a b")).toEqual({
      problem: "Give all 4 items in your order; c, d are missing.",
    });
  });

  it("reads numbers with a matching unit and converts between byte units", () => {
    const view = presentQuestion(
      question({ id: "size", kind: "numeric", numeric: { answer: 2.5, tolerance: 0.1, unit: "MB" } }),
      { seed: 0 },
    ).view;
    expect(parseResponse(view, "2.5 MB")).toEqual({ mode: "numeric", value: 2.5 });
    expect(parseResponse(view, "2,5mb")).toEqual({ mode: "numeric", value: 2.5 });
    expect(parseResponse(view, "2.5")).toEqual({ mode: "numeric", value: 2.5 });
    expect(parseResponse(view, "2500 kB")).toEqual({ mode: "numeric", value: 2.5 });
  });

  it("rejects a unit that is not the question's and text that is not a number", () => {
    const sized = { ...presentQuestion(numeric, { seed: 0 }).view, unit: "MB" };
    expect(parseResponse(sized, "3 layers")).toEqual({ problem: "Give the number in MB (not layers)." });
    expect(parseResponse(sized, "lots")).toEqual({ problem: "Give a number in MB, e.g. 3 or 2.5." });
    const plain = presentQuestion(numeric, { seed: 0 }).view;
    expect(parseResponse(plain, "3 MB")).toEqual({ problem: 'Give a plain number, without "MB".' });
    expect(parseResponse(plain, "-1")).toEqual({ mode: "numeric", value: -1 });
  });

  it("passes free text through trimmed and refuses an empty answer", () => {
    expect(parseResponse(presentQuestion(text, { seed: 0 }).view, "  .wh..wh..opq ")).toEqual({
      mode: "text",
      text: ".wh..wh..opq",
    });
    expect(parseResponse(presentQuestion(open, { seed: 0 }).view, "It copies up.")).toEqual({
      mode: "open",
      text: "It copies up.",
    });
    expect(parseResponse(presentQuestion(open, { seed: 0 }).view, "   ")).toEqual({
      problem: "The answer is empty.",
    });
  });
});
