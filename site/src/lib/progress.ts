/**
 * A learner's progress in the browser, in the one progress format shared with the bot and the
 * terminal quiz (@layercake/shared/quiz, progress-format.ts), kept in localStorage; and the views
 * the pages show of it: counts, per-topic mastery, a due forecast, next intervals per rating.
 */
import {
  emptyProgress,
  type Grade,
  type LearnerProgress,
  mergeProgress,
  newReviewCard,
  parseProgress,
  type ReviewCard,
  type ReviewRating,
  ratingForGrade,
  recordReview,
  reviewCard,
} from "@layercake/shared/quiz";

export { emptyProgress, mergeProgress, parseProgress };
export type Progress = LearnerProgress;

export const PROGRESS_STORAGE_KEY = "layercake:progress";
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

export interface ProgressSummary {
  answered: number;
  correct: number;
  due: number;
  streakDays: number;
  lessonsRead: number;
}

/** Counts for the progress panels: answers, due cards, lessons read and the streak of days with an answer. */
export function summarizeProgress(progress: Progress, now: Date): ProgressSummary {
  const days = new Set(progress.history.map((entry) => entry.at.slice(0, 10)));
  let streakDays = 0;
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (!days.has(day.toISOString().slice(0, 10))) day.setUTCDate(day.getUTCDate() - 1);
  while (days.has(day.toISOString().slice(0, 10))) {
    streakDays += 1;
    day.setUTCDate(day.getUTCDate() - 1);
  }
  return {
    answered: progress.history.length,
    correct: progress.history.filter((entry) => entry.correct).length,
    due: Object.values(progress.cards).filter((card) => Date.parse(card.due) <= now.getTime()).length,
    streakDays,
    lessonsRead: Object.keys(progress.lessonsRead).length,
  };
}

/** A question counts as mastered once FSRS has moved it to review and it is not due again yet. */
export function isMastered(card: ReviewCard | undefined, now: Date): boolean {
  return card !== undefined && card.state === "Review" && Date.parse(card.due) > now.getTime();
}

export interface TopicMastery {
  topic: string;
  title: string;
  total: number;
  /** Questions answered at least once. */
  seen: number;
  mastered: number;
  due: number;
}

/** Per topic: how many of its questions were seen, are mastered, are due. */
export function topicMastery(
  progress: Progress,
  topics: ReadonlyArray<{ topic: string; title: string; questionIds: readonly string[] }>,
  now: Date,
): TopicMastery[] {
  return topics.map(({ topic, title, questionIds }) => {
    const cards = questionIds.map((id) => progress.cards[id]);
    return {
      topic,
      title,
      total: questionIds.length,
      seen: cards.filter((card) => card !== undefined).length,
      mastered: cards.filter((card) => isMastered(card, now)).length,
      due: cards.filter((card) => card !== undefined && Date.parse(card.due) <= now.getTime()).length,
    };
  });
}

/** Cards due now and on each of the next `days` days (UTC calendar days), for a forecast. */
export function dueForecast(progress: Progress, now: Date, days = 7): Array<{ day: string; due: number }> {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const counts = Array.from({ length: days }, () => 0);
  for (const card of Object.values(progress.cards)) {
    const due = Date.parse(card.due);
    const index = due <= now.getTime() ? 0 : Math.floor((due - startOfToday) / 86_400_000);
    if (index >= 0 && index < days) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((due, index) => ({
    day:
      index === 0
        ? "today"
        : index === 1
          ? "tomorrow"
          : new Date(startOfToday + index * 86_400_000).toISOString().slice(0, 10),
    due,
  }));
}
