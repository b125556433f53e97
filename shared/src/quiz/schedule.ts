/**
 * Spaced repetition with FSRS (ts-fsrs): one card per question, stored as plain JSON (dates as ISO
 * strings) in the bot's database or the browser's storage. Fuzz is off, so a review is replayable.
 */
import { type Card, createEmptyCard, fsrs, Rating, State } from "ts-fsrs";
import type { Grade } from "./types.ts";

export type ReviewState = "New" | "Learning" | "Review" | "Relearning";
export type ReviewRating = "again" | "hard" | "good" | "easy";

export interface ReviewCard {
  questionId: string;
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: ReviewState;
  lastReview?: string;
}

const scheduler = fsrs({ enable_fuzz: false });
const RATINGS = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy } as const;

function toCard(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state],
    ...(card.lastReview === undefined ? {} : { last_review: new Date(card.lastReview) }),
  };
}

function fromCard(questionId: string, card: Card): ReviewCard {
  return {
    questionId,
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state] as ReviewState,
    ...(card.last_review === undefined ? {} : { lastReview: card.last_review.toISOString() }),
  };
}

export function newReviewCard(questionId: string, now: Date): ReviewCard {
  return fromCard(questionId, createEmptyCard(now));
}

/**
 * The FSRS rating a grade earns: a score of at least 0.9 is Good, at least 0.5 Hard, less Again.
 * Easy is never inferred: it would need the answer's speed, which a grade does not carry.
 */
export function ratingForGrade(grade: Pick<Grade, "score">): ReviewRating {
  if (grade.score >= 0.9) return "good";
  return grade.score >= 0.5 ? "hard" : "again";
}

/** The card after a review rated from `grade` (or an explicit rating). */
export function reviewCard(card: ReviewCard, grade: Grade | ReviewRating, now: Date): ReviewCard {
  const rating = typeof grade === "string" ? grade : ratingForGrade(grade);
  const next = scheduler.next(toCard(card), now, RATINGS[rating]);
  return fromCard(card.questionId, next.card);
}

/** Cards due at `now`, the most overdue first. */
export function dueCards(cards: readonly ReviewCard[], now: Date): ReviewCard[] {
  return cards
    .filter((card) => Date.parse(card.due) <= now.getTime())
    .sort(
      (left, right) =>
        Date.parse(left.due) - Date.parse(right.due) || left.questionId.localeCompare(right.questionId),
    );
}

/** Checks a card read from storage or an imported file; returns a problem or undefined. */
export function validateReviewCard(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "a card must be an object";
  const card = value as Record<string, unknown>;
  if (typeof card.questionId !== "string" || card.questionId === "") return "a card needs a questionId";
  if (typeof card.due !== "string" || Number.isNaN(Date.parse(card.due)))
    return `card ${card.questionId}: due must be a date`;
  for (const field of ["stability", "difficulty", "scheduledDays", "learningSteps", "reps", "lapses"]) {
    if (typeof card[field] !== "number" || !Number.isFinite(card[field]))
      return `card ${card.questionId}: ${field} must be a number`;
  }
  if (!["New", "Learning", "Review", "Relearning"].includes(card.state as string))
    return `card ${card.questionId}: unknown state`;
  return undefined;
}
