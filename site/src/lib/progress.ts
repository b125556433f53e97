/**
 * A learner's progress in the browser: FSRS review cards and answer history, kept in localStorage
 * as versioned JSON, exported and imported as a file. Import validates everything first and never
 * replaces stored progress with data it could not read.
 */
import {
  type Grade,
  newReviewCard,
  type ReviewCard,
  reviewCard,
  validateReviewCard,
} from "@layercake/shared/quiz";

export const PROGRESS_STORAGE_KEY = "layercake:progress";
export const PROGRESS_VERSION = 1;

export interface AnswerHistoryEntry {
  questionId: string;
  correct: boolean;
  score: number;
  at: string;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  cards: Record<string, ReviewCard>;
  history: AnswerHistoryEntry[];
}

/** Keeps the stored history bounded (oldest entries go first). */
const MAX_HISTORY = 2000;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, cards: {}, history: [] };
}

/** Parses stored or imported progress; a problem says what is wrong and where. */
export function parseProgress(text: string): { progress: Progress } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== "object" || value === null) return { problem: "expected a JSON object" };
  const record = value as Record<string, unknown>;
  if (record.version !== PROGRESS_VERSION)
    return { problem: `unsupported version ${String(record.version)} (expected ${PROGRESS_VERSION})` };
  if (typeof record.cards !== "object" || record.cards === null || Array.isArray(record.cards))
    return { problem: "cards must be an object" };
  if (!Array.isArray(record.history)) return { problem: "history must be an array" };
  for (const [id, card] of Object.entries(record.cards as Record<string, unknown>)) {
    const problem = validateReviewCard(card);
    if (problem) return { problem: `cards.${id}: ${problem}` };
  }
  for (const [index, entry] of (record.history as unknown[]).entries()) {
    const item = entry as Record<string, unknown>;
    if (
      typeof item?.questionId !== "string" ||
      typeof item.correct !== "boolean" ||
      typeof item.score !== "number" ||
      typeof item.at !== "string"
    ) {
      return { problem: `history[${index}]: needs questionId, correct, score and at` };
    }
  }
  return { progress: value as Progress };
}

/** Records a graded answer: history, and the question's review card moved by FSRS. */
export function recordGrade(progress: Progress, grade: Grade, now: Date): Progress {
  const card = progress.cards[grade.questionId] ?? newReviewCard(grade.questionId, now);
  return {
    ...progress,
    cards: { ...progress.cards, [grade.questionId]: reviewCard(card, grade, now) },
    history: [
      ...progress.history,
      { questionId: grade.questionId, correct: grade.correct, score: grade.score, at: now.toISOString() },
    ].slice(-MAX_HISTORY),
  };
}

/** Merges imported progress into stored progress: the more recently reviewed card wins. */
export function mergeProgress(stored: Progress, imported: Progress): Progress {
  const cards = { ...stored.cards };
  for (const [id, card] of Object.entries(imported.cards)) {
    const mine = cards[id];
    if (!mine || Date.parse(card.lastReview ?? card.due) > Date.parse(mine.lastReview ?? mine.due))
      cards[id] = card;
  }
  const seen = new Set(stored.history.map((entry) => `${entry.questionId}@${entry.at}`));
  const history = [
    ...stored.history,
    ...imported.history.filter((entry) => !seen.has(`${entry.questionId}@${entry.at}`)),
  ]
    .sort((left, right) => left.at.localeCompare(right.at))
    .slice(-MAX_HISTORY);
  return { version: PROGRESS_VERSION, cards, history };
}

export interface ProgressSummary {
  answered: number;
  correct: number;
  due: number;
  streakDays: number;
}

/** Counts for the progress panel: answers, due cards and the streak of days with an answer. */
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
  };
}
