/**
 * Quiz sessions as plain JSON state with pure transitions: the bot stores the state after each
 * change and the site keeps it in localStorage, so a session survives restarts and reloads.
 */
import type { Question } from "../core/content-model.ts";
import type { Grade } from "./types.ts";

export interface QuizAnswerRecord {
  questionId: string;
  variant: number;
  correct: boolean;
  score: number;
  answeredAt: string;
  /** How the question ended when it was not answered. */
  outcome?: "skipped" | "timed-out";
  /** Hints shown before the answer. */
  hints?: number;
}

export interface QuizSessionState {
  version: 1;
  questionIds: string[];
  seed: number;
  startedAt: string;
  /** Index of the current question; equals questionIds.length when all are answered. */
  position: number;
  answers: QuizAnswerRecord[];
  status: "active" | "finished" | "stopped";
  endedAt?: string;
  /** Seconds allowed per question; unset for untimed quizzes. */
  secondsPerQuestion?: number;
  /** When the current question was shown. */
  askedAt?: string;
  /** Hints taken on the current question. */
  hintsTaken?: number;
}

export function startQuizSession(options: {
  questionIds: readonly string[];
  seed: number;
  startedAt: Date;
  secondsPerQuestion?: number;
}): QuizSessionState {
  return {
    version: 1,
    questionIds: [...options.questionIds],
    seed: options.seed,
    startedAt: options.startedAt.toISOString(),
    position: 0,
    answers: [],
    status: options.questionIds.length === 0 ? "finished" : "active",
    askedAt: options.startedAt.toISOString(),
    ...(options.secondsPerQuestion === undefined ? {} : { secondsPerQuestion: options.secondsPerQuestion }),
  };
}

/** Moves past the current question with `record`, finishing after the last. */
function advance(state: QuizSessionState, record: QuizAnswerRecord, at: Date): QuizSessionState {
  const position = state.position + 1;
  const finished = position >= state.questionIds.length;
  const { hintsTaken: _hints, ...rest } = state;
  return {
    ...rest,
    position,
    askedAt: at.toISOString(),
    answers: [...state.answers, { ...record, ...(state.hintsTaken ? { hints: state.hintsTaken } : {}) }],
    status: finished ? "finished" : "active",
    ...(finished ? { endedAt: at.toISOString() } : {}),
  };
}

/** Whether the current question's time is up at `at` (never for untimed quizzes). */
export function isQuestionTimedOut(state: QuizSessionState, at: Date): boolean {
  if (state.secondsPerQuestion === undefined || state.askedAt === undefined) return false;
  return at.getTime() - Date.parse(state.askedAt) > state.secondsPerQuestion * 1000;
}

/** Skips the current question: it scores 0 and is listed as skipped. */
export function skipQuizQuestion(state: QuizSessionState, at: Date): QuizSessionState {
  const questionId = currentQuestionId(state);
  if (questionId === undefined) return state;
  return advance(
    state,
    { questionId, variant: 0, correct: false, score: 0, answeredAt: at.toISOString(), outcome: "skipped" },
    at,
  );
}

/** Ends the current question when its time is up (0 points); unchanged otherwise. */
export function timeOutQuizQuestion(state: QuizSessionState, at: Date): QuizSessionState {
  const questionId = currentQuestionId(state);
  if (questionId === undefined || !isQuestionTimedOut(state, at)) return state;
  return advance(
    state,
    { questionId, variant: 0, correct: false, score: 0, answeredAt: at.toISOString(), outcome: "timed-out" },
    at,
  );
}

/** Records that a hint was shown for the current question (a right answer then scores less). */
export function takeQuizHint(state: QuizSessionState): QuizSessionState {
  return currentQuestionId(state) === undefined
    ? state
    : { ...state, hintsTaken: (state.hintsTaken ?? 0) + 1 };
}

/** The score a right answer keeps after `hints` hints: 25% less per hint, at least half. */
export function scoreAfterHints(score: number, hints: number): number {
  return score * Math.max(0.5, 1 - 0.25 * hints);
}

/** The question being asked, or undefined when the session is over. */
export function currentQuestionId(state: QuizSessionState): string | undefined {
  return state.status === "active" ? state.questionIds[state.position] : undefined;
}

/** The seed the current question is presented with (stable across restarts). */
export function currentQuestionSeed(state: QuizSessionState): number {
  return (state.seed + state.position * 7919) >>> 0;
}

/**
 * Records the grade of the current question and moves on. A grade for another question (a stale
 * button, a replayed interaction) leaves the state unchanged, so an answer counts once.
 */
export function answerQuizQuestion(state: QuizSessionState, grade: Grade, at: Date): QuizSessionState {
  if (grade.problem !== undefined || currentQuestionId(state) !== grade.questionId) return state;
  // An answer after the time limit counts as a time-out.
  if (isQuestionTimedOut(state, at)) return timeOutQuizQuestion(state, at);
  const score = scoreAfterHints(grade.score, state.hintsTaken ?? 0);
  return advance(
    state,
    {
      questionId: grade.questionId,
      variant: grade.variant,
      correct: grade.correct,
      score,
      answeredAt: at.toISOString(),
    },
    at,
  );
}

export function stopQuizSession(state: QuizSessionState, at: Date): QuizSessionState {
  return state.status === "active" ? { ...state, status: "stopped", endedAt: at.toISOString() } : state;
}

export interface TopicScore {
  topic: string;
  answered: number;
  correct: number;
  score: number;
}

export interface QuizSummary {
  answered: number;
  total: number;
  correct: number;
  /** Sum of scores (partial credit included). */
  score: number;
  byTopic: TopicScore[];
  missedQuestionIds: string[];
}

/** What the end-of-quiz report shows. */
export function summarizeQuizSession(
  state: QuizSessionState,
  questionsById: ReadonlyMap<string, Question>,
): QuizSummary {
  const topics = new Map<string, TopicScore>();
  for (const answer of state.answers) {
    const topic = questionsById.get(answer.questionId)?.topic ?? "unknown";
    const entry = topics.get(topic) ?? { topic, answered: 0, correct: 0, score: 0 };
    entry.answered += 1;
    entry.correct += answer.correct ? 1 : 0;
    entry.score += answer.score;
    topics.set(topic, entry);
  }
  return {
    answered: state.answers.length,
    total: state.questionIds.length,
    correct: state.answers.filter((answer) => answer.correct).length,
    score: state.answers.reduce((sum, answer) => sum + answer.score, 0),
    byTopic: [...topics.values()].sort((left, right) => left.topic.localeCompare(right.topic)),
    missedQuestionIds: state.answers.filter((answer) => !answer.correct).map((answer) => answer.questionId),
  };
}
