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
import type { Question } from "../core/content-model.ts";
import { selectQuestions } from "./select.ts";

const all = [single, multiple, ordering, numeric, text, trueFalse, open];

/** Ten questions in each of three topics, two difficulties. */
const bank: Question[] = ["cache", "whiteouts", "layers"].flatMap((topic) =>
  Array.from({ length: 10 }, (_unused, index) =>
    question({
      id: `${topic}-${index}`,
      kind: "true-false",
      answer: true,
      topic,
      difficulty: index % 2 === 0 ? "easy" : "hard",
    }),
  ),
);

describe("selectQuestions", () => {
  it("keeps only the topic and difficulty asked for", () => {
    expect(selectQuestions(all, { topic: "whiteouts", length: 5, seed: 1 }).map((item) => item.id)).toEqual([
      "rm-shrinks",
    ]);
    const hard = selectQuestions(bank, { topic: "cache", difficulty: "hard", length: 10, seed: 2 });
    expect(hard).toHaveLength(5);
    expect(hard.every((item) => item.topic === "cache" && item.difficulty === "hard")).toBe(true);
  });

  it("keeps only the questions that hold for the learner's Docker profile", () => {
    const overlayOnly: Question["profiles"] = ["26.1-overlay2", "20.10-overlay2"];
    const everywhere: Question["profiles"] = ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"];
    const tagged: Question[] = bank.map((item, index) => ({
      ...item,
      profiles: index % 3 === 0 ? overlayOnly : everywhere,
    }));
    const containerd = selectQuestions(tagged, { profile: "26.1-containerd", length: 30, seed: 3 });
    expect(containerd).toHaveLength(20);
    expect(containerd.every((item) => item.profiles?.includes("26.1-containerd"))).toBe(true);
    expect(selectQuestions(tagged, { profile: "20.10-overlay2", length: 30, seed: 3 })).toHaveLength(30);
  });

  it("replays the same pick for the same seed and another for another seed", () => {
    const ids = (seed: number) => selectQuestions(bank, { length: 6, seed }).map((item) => item.id);
    expect(ids(4)).toEqual(ids(4));
    expect(new Set([1, 2, 3, 4, 5].map((seed) => ids(seed).join())).size).toBeGreaterThan(1);
  });

  it("alternates topics so a short quiz covers each of them", () => {
    for (let seed = 0; seed < 10; seed += 1) {
      const picked = selectQuestions(bank, { length: 6, seed });
      const topics = picked.map((item) => item.topic);
      expect(new Set(topics.slice(0, 3)).size).toBe(3);
      expect(new Set(topics.slice(3, 6)).size).toBe(3);
      expect(new Set(picked.map((item) => item.id)).size).toBe(6);
    }
  });

  it("returns every match when fewer than the length match, open questions left out on request", () => {
    expect(selectQuestions(all, { length: 20, seed: 4 })).toHaveLength(7);
    const closed = selectQuestions(all, { length: 20, seed: 4, excludeOpen: true });
    expect(closed).toHaveLength(6);
    expect(closed.some((item) => item.kind === "open")).toBe(false);
  });
});
