/**
 * Views of a learner's progress for the pages: counts, mastery per topic, a due forecast. Pure
 * and free of the quiz core at run time, so the badges every page shows stay a small script.
 */
import type { LearnerProgress as Progress, ReviewCard } from "@layercake/shared/quiz";

/** Where the browser keeps the learner's progress (the shared progress format, as JSON). */
export const PROGRESS_STORAGE_KEY = "layercake:progress";

/**
 * Reads stored progress for display only, without the quiz core: the fields the badges read,
 * checked for shape. Undefined when the text is not progress (the practice pages' full reader
 * then keeps the unreadable copy aside).
 */
export function readProgressForDisplay(text: string | null): Progress | undefined {
  if (text === null)
    return { format: "layercake-progress", version: 2, cards: {}, history: [], lessonsRead: {} };
  try {
    const value = JSON.parse(text) as Partial<Progress>;
    if (
      typeof value !== "object" ||
      value === null ||
      typeof value.cards !== "object" ||
      value.cards === null
    )
      return undefined;
    const cards = Array.isArray(value.cards)
      ? Object.fromEntries((value.cards as ReviewCard[]).map((card) => [card.questionId, card]))
      : value.cards;
    return {
      ...(value as Progress),
      cards,
      history: Array.isArray(value.history) ? value.history : [],
      lessonsRead:
        typeof value.lessonsRead === "object" &&
        value.lessonsRead !== null &&
        !Array.isArray(value.lessonsRead)
          ? value.lessonsRead
          : {},
    };
  } catch {
    return undefined;
  }
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
