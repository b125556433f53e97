/**
 * A learner's progress in the browser, in the one progress format shared with the bot and the
 * terminal quiz (@layercake/shared/progress), kept in localStorage; and the views
 * the pages show of it: counts, per-topic mastery, a due forecast, next intervals per rating.
 */

import {
  emptyProgress,
  type LearnerProgress,
  mergeProgress,
  newReviewCard,
  parseProgress,
  type ReviewCard,
  type ReviewRating,
  ratingForGrade,
  recordReview,
  reviewCard,
} from "@layercake/shared/progress";
import type { Grade } from "@layercake/shared/quiz";

export { emptyProgress, mergeProgress, parseProgress };
export type Progress = LearnerProgress;

export { PROGRESS_STORAGE_KEY } from "./progress-view.ts";
export const RATINGS: readonly ReviewRating[] = ["again", "hard", "good", "easy"];

/**
 * Records a graded answer: history, and the question's card moved by FSRS with the learner's own
 * rating when they gave one (open answers, overrides), else the rating the grade implies.
 */
export function recordGrade(progress: Progress, grade: Grade, now: Date, rating?: ReviewRating): Progress {
  return recordReview(
    progress,
    {
      questionId: grade.questionId,
      correct: grade.correct,
      score: grade.score,
      rating: rating ?? ratingForGrade(grade),
    },
    now,
  );
}

/** "10 min", "1 day", "3 days", "2 months": an interval as a learner reads it. */
export function formatInterval(milliseconds: number): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days} day${days === 1 ? "" : "s"}`;
  const months = Math.round(days / 30);
  if (months < 12) return `${months} month${months === 1 ? "" : "s"}`;
  const years = Math.round(days / 365);
  return `${years} year${years === 1 ? "" : "s"}`;
}

/** When the question comes back for each rating the learner could give now (FSRS preview). */
export function nextIntervals(
  progress: Progress,
  questionId: string,
  now: Date,
): Record<ReviewRating, string> {
  const card: ReviewCard = progress.cards[questionId] ?? newReviewCard(questionId, now);
  return Object.fromEntries(
    RATINGS.map((rating) => [
      rating,
      formatInterval(Date.parse(reviewCard(card, rating, now).due) - now.getTime()),
    ]),
  ) as Record<ReviewRating, string>;
}

export {
  dueForecast,
  isMastered,
  type ProgressSummary,
  summarizeProgress,
  type TopicMastery,
  topicMastery,
} from "./progress-view.ts";
