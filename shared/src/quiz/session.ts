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
}

export function startQuizSession(options: {
  questionIds: readonly string[];
  seed: number;
  startedAt: Date;
}): QuizSessionState {
  return {
    version: 1,
    questionIds: [...options.questionIds],
    seed: options.seed,
    startedAt: options.startedAt.toISOString(),
    position: 0,
    answers: [],
    status: options.questionIds.length === 0 ? "finished" : "active",
  };
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
  const position = state.position + 1;
  const finished = position >= state.questionIds.length;
  return {
    ...state,
    position,
    answers: [
      ...state.answers,
      {
        questionId: grade.questionId,
        variant: grade.variant,
        correct: grade.correct,
        score: grade.score,
        answeredAt: at.toISOString(),
      },
    ],
    status: finished ? "finished" : "active",
    ...(finished ? { endedAt: at.toISOString() } : {}),
  };
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
