import { describe, expect, it } from "vitest";
import { numeric } from "../../test/quiz/fixtures.ts";
import { gradeAnswer } from "./grade.ts";
import { presentQuestion } from "./present.ts";
import { dueCards, newReviewCard, ratingForGrade, reviewCard, validateReviewCard } from "./schedule.ts";

const start = new Date("2026-03-01T10:00:00Z");
const key = presentQuestion(numeric, { seed: 0 }).key;
const good = gradeAnswer(key, { mode: "numeric", value: 3 });
const bad = gradeAnswer(key, { mode: "numeric", value: 9 });
const day = 24 * 3600 * 1000;

describe("ratingForGrade", () => {
  it("rates 0.9 and above Good, 0.5 and above Hard and below that Again", () => {
    expect(ratingForGrade({ score: 1 })).toBe("good");
    expect(ratingForGrade({ score: 0.9 })).toBe("good");
    expect(ratingForGrade({ score: 0.75 })).toBe("hard");
    expect(ratingForGrade({ score: 0.5 })).toBe("hard");
    expect(ratingForGrade({ score: 0.49 })).toBe("again");
    expect(ratingForGrade(bad)).toBe("again");
  });
});

describe("FSRS review cards", () => {
  it("starts a new card due at once, as plain JSON with ISO dates", () => {
    const card = newReviewCard("count", start);
    expect(card).toMatchObject({ questionId: "count", due: start.toISOString(), state: "New", reps: 0 });
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
    expect(validateReviewCard(card)).toBeUndefined();
  });

  it("moves the due date further forward after each Good review", () => {
    const first = reviewCard(newReviewCard("count", start), good, start);
    const second = reviewCard(first, good, new Date(first.due));
    const third = reviewCard(second, good, new Date(second.due));
    const gap = (card: typeof first, from: string) => Date.parse(card.due) - Date.parse(from);
    expect(Date.parse(first.due)).toBeGreaterThan(start.getTime());
    expect(gap(second, first.due)).toBeGreaterThan(day);
    expect(gap(third, second.due)).toBeGreaterThan(gap(second, first.due));
    expect(third).toMatchObject({ reps: 3, lapses: 0, state: "Review", lastReview: second.due });
  });

  it("brings a card back within a day and counts a lapse after Again", () => {
    const first = reviewCard(newReviewCard("count", start), good, start);
    const learned = reviewCard(first, good, new Date(first.due));
    const lapsed = reviewCard(learned, bad, new Date(learned.due));
    expect(lapsed).toMatchObject({ lapses: 1, state: "Relearning" });
    expect(Date.parse(lapsed.due) - Date.parse(learned.due)).toBeLessThan(day);
    expect(lapsed.stability).toBeLessThan(learned.stability);
  });

  it("replays the same schedule from the same reviews", () => {
    const run = () =>
      reviewCard(
        reviewCard(newReviewCard("count", start), "good", start),
        "hard",
        new Date(start.getTime() + 3 * day),
      );
    expect(run()).toEqual(run());
  });

  it("lists due cards, the most overdue first", () => {
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
    const cards = [
      { ...newReviewCard("a", start), due: at(100) },
      { ...newReviewCard("b", start), due: at(10) },
      { ...newReviewCard("c", start), due: at(5000) },
    ];
    expect(dueCards(cards, new Date(at(200))).map((card) => card.questionId)).toEqual(["b", "a"]);
  });

  it("names what is wrong with a card read from storage", () => {
    expect(validateReviewCard(null)).toBe("a card must be an object");
    expect(validateReviewCard({ ...newReviewCard("x", start), due: "soon" })).toBe(
      "card x: due must be a date",
    );
    expect(validateReviewCard({ ...newReviewCard("x", start), state: "Done" })).toBe("card x: unknown state");
  });
});
