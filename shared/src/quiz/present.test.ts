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
import { presentQuestion } from "./present.ts";

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

  it("names choices a, b, c in the order shown and keys each reason and text by that id", () => {
    const { view, key } = presentQuestion(single, { seed: 11 });
    expect(view.choices?.map((choice) => choice.id)).toEqual(["a", "b", "c"]);
    const right = view.choices?.find((choice) => choice.text === "Every step is cached");
    expect(key.correctChoiceIds).toEqual([right?.id]);
    const everything = view.choices?.find((choice) => choice.text === "Everything runs again")?.id as string;
    expect(key.choiceReasons?.[everything]).toBe("mtime is not in the checksum.");
    expect(key.choiceTexts?.[everything]).toBe("Everything runs again");
    expect(key.expected).toBe(`${right?.id}) Every step is cached`);
  });

  it("lists every right option of a multiple select in the key", () => {
    const { view, key } = presentQuestion(multiple, { seed: 2 });
    const texts = (key.correctChoiceIds ?? []).map(
      (id) => view.choices?.find((choice) => choice.id === id)?.text,
    );
    expect(texts.sort()).toEqual(["COPY", "RUN"]);
    expect(view.mode).toBe("multiple");
  });

  it("offers true and false as the choices of a true-false question", () => {
    const { view, key } = presentQuestion(trueFalse, { seed: 0 });
    expect(view.choices).toEqual([
      { id: "true", text: "True" },
      { id: "false", text: "False" },
    ]);
    expect(key).toMatchObject({ correctChoiceIds: ["false"], expected: "False" });
  });

  it("never shows an ordering question already in order", () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const { view } = presentQuestion(ordering, { seed });
      expect(view.choices?.map((choice) => choice.text)).not.toEqual(ordering.items);
    }
    const two = question({ id: "two", kind: "ordering", items: ["first", "second"] });
    for (let seed = 0; seed < 10; seed += 1) {
      expect(presentQuestion(two, { seed }).view.choices?.map((choice) => choice.text)).toEqual([
        "second",
        "first",
      ]);
    }
  });

  it("names ordering items in the order shown so the letters never spell the answer", () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const { view, key } = presentQuestion(ordering, { seed });
      expect(view.choices?.map((choice) => choice.id)).toEqual(["a", "b", "c", "d"]);
      const textOf = (id: string) => view.choices?.find((choice) => choice.id === id)?.text;
      expect(key.order?.map(textOf)).toEqual(ordering.items);
      expect(key.order).not.toEqual(["a", "b", "c", "d"]);
    }
  });

  it("shows a numeric question's unit and keeps the answer in the key", () => {
    const sized = question({
      id: "size",
      kind: "numeric",
      numeric: { answer: 2.5, tolerance: 0.1, unit: "MB" },
    });
    const { view, key } = presentQuestion(sized, { seed: 0 });
    expect(view).toMatchObject({ mode: "numeric", unit: "MB" });
    expect(JSON.stringify(view)).not.toContain("2.5");
    expect(key).toMatchObject({ numeric: { answer: 2.5, tolerance: 0.1, unit: "MB" }, expected: "2.5 MB" });
    expect(presentQuestion(numeric, { seed: 0 }).view.unit).toBeUndefined();
  });

  it("expects the first accepted text and keeps the accepted list out of the view", () => {
    const { view, key } = presentQuestion(text, { seed: 0 });
    expect(view.choices).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain("opq");
    expect(key).toMatchObject({ mode: "text", accepted: [".wh..wh..opq"], expected: ".wh..wh..opq" });
  });

  it("puts an open question's rubric in the key and none of it in the view", () => {
    const { view, key } = presentQuestion(open, { seed: 0 });
    expect(JSON.stringify(view)).not.toContain("whole file");
    expect(JSON.stringify(view)).not.toContain("chmod");
    expect(key.rubric?.points.map((point) => point.id)).toEqual(["whole-file", "first-write", "metadata"]);
    expect(key.expected).toBe(open.rubric?.modelAnswer);
  });

  it("copies the question's lesson, topic, difficulty and verify commands", () => {
    const withVerify = { ...single, verify: "touch app.py && docker build ." };
    const { view, key } = presentQuestion(withVerify, { seed: 0 });
    expect(view).toMatchObject({
      questionId: "touch-cache",
      variant: 0,
      topic: "build-cache",
      difficulty: "medium",
      kind: "single",
      lesson: { id: "build-cache", section: "how-copy-is-cached" },
    });
    expect(key.verify).toBe("touch app.py && docker build .");
    expect(key.explanation).toBe("Explanation.");
  });

  it("hands scenario questions to the engine, which computes the answer", () => {
    const scenario = question({
      id: "layers-added",
      kind: "scenario",
      scenario: {
        builder: "buildkit",
        dockerfile: "FROM tiny:1\nCOPY app.txt /app/\nRUN echo built > /built\n",
        files: { "app.txt": "v1\n" },
        edits: {},
        params: {},
        ask: { kind: "layer-count", count: "added" },
      },
    });
    const { view, key } = presentQuestion(scenario, { seed: 1 });
    expect(view).toMatchObject({ questionId: "layers-added", kind: "scenario", mode: "numeric" });
    expect(key.numeric?.answer).toBe(2);
    expect(key.reasons.length).toBeGreaterThan(0);
  });
});
