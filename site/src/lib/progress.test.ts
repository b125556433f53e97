import type { Grade } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { emptyProgress, mergeProgress, parseProgress, recordGrade, summarizeProgress } from "./progress.ts";

const grade = (questionId: string, correct: boolean): Grade => ({
  questionId,
  variant: 0,
  correct,
  score: correct ? 1 : 0,
  expected: "",
  explanation: "",
  reasons: [],
});
const day = (n: number) => new Date(Date.UTC(2026, 2, n, 12));

describe("progress", () => {
  it("records grades as history and FSRS cards, and round-trips through JSON", () => {
    const progress = recordGrade(
      recordGrade(emptyProgress(), grade("a", true), day(1)),
      grade("b", false),
      day(1),
    );
    expect(progress.history.map((entry) => entry.questionId)).toEqual(["a", "b"]);
    expect(Date.parse(progress.cards.a?.due ?? "")).toBeGreaterThan(day(1).getTime());
    expect(parseProgress(JSON.stringify(progress))).toEqual({ progress });
  });

  it("explains what is wrong with a bad import", () => {
    expect(parseProgress("{")).toMatchObject({ problem: expect.stringContaining("not valid JSON") });
    expect(parseProgress('{"version":2}')).toEqual({ problem: "unsupported version 2 (expected 1)" });
    const broken = { version: 1, cards: { a: { questionId: "a", due: "soon" } }, history: [] };
    expect(parseProgress(JSON.stringify(broken))).toEqual({ problem: "cards.a: card a: due must be a date" });
  });

  it("merges an import without losing either side, the newer card winning", () => {
    const mine = recordGrade(emptyProgress(), grade("a", true), day(1));
    const theirs = recordGrade(
      recordGrade(emptyProgress(), grade("a", false), day(3)),
      grade("c", true),
      day(3),
    );
    const merged = mergeProgress(mine, theirs);
    expect(merged.history).toHaveLength(3);
    expect(merged.cards.a?.lapses).toBe(theirs.cards.a?.lapses);
    expect(Object.keys(merged.cards).sort()).toEqual(["a", "c"]);
  });

  it("counts a streak of consecutive days with answers", () => {
    let progress = emptyProgress();
    for (const n of [1, 3, 4, 5]) progress = recordGrade(progress, grade(`q${n}`, true), day(n));
    expect(summarizeProgress(progress, day(5)).streakDays).toBe(3);
    expect(summarizeProgress(progress, day(6)).streakDays).toBe(3);
    expect(summarizeProgress(progress, day(8)).streakDays).toBe(0);
  });
});
