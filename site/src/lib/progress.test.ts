import type { Grade } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import {
  dueForecast,
  emptyProgress,
  formatInterval,
  mergeProgress,
  nextIntervals,
  parseProgress,
  recordGrade,
  summarizeProgress,
  topicMastery,
} from "./progress.ts";

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

  it("lets the learner's own rating, not the automatic grade, schedule the card", () => {
    const byGrade = recordGrade(emptyProgress(), grade("a", true), day(1));
    const selfRated = recordGrade(emptyProgress(), grade("a", true), day(1), "again");
    expect(selfRated.history[0]?.rating).toBe("again");
    expect(Date.parse(selfRated.cards.a?.due ?? "")).toBeLessThan(Date.parse(byGrade.cards.a?.due ?? ""));
  });

  it("previews the next interval of every rating, longer for Easy than for Again", () => {
    const intervals = nextIntervals(emptyProgress(), "a", day(1));
    expect(intervals.again).toBe("1 min");
    expect(intervals.easy).toMatch(/days?$/);
    expect(formatInterval(3 * 86_400_000)).toBe("3 days");
    expect(formatInterval(10 * 60_000)).toBe("10 min");
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

  it("measures mastery per topic and forecasts due cards by day", () => {
    let progress = emptyProgress();
    progress = recordGrade(progress, grade("a", true), day(1), "easy");
    progress = recordGrade(progress, grade("b", false), day(1), "again");
    const [topic] = topicMastery(
      progress,
      [{ topic: "t", title: "T", questionIds: ["a", "b", "c"] }],
      day(1),
    );
    expect(topic).toEqual({ topic: "t", title: "T", total: 3, seen: 2, mastered: 1, due: 0 });
    const later = new Date(day(1).getTime() + 3_600_000);
    const forecast = dueForecast(progress, later, 30);
    expect(forecast[0]).toEqual({ day: "today", due: 1 });
    expect(forecast.reduce((sum, entry) => sum + entry.due, 0)).toBe(2);
  });
});
