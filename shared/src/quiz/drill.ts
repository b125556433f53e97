/**
 * Mock-interview drills: timed questions, one follow-up when an answer misses key points, and a
 * final report by topic that points to the lessons to reread. Plain JSON state, pure transitions.
 */
import type { Question } from "../core/content-model.ts";
import type { Grade } from "./types.ts";

export interface DrillEntry {
  questionId: string;
  score: number;
  correct: boolean;
  /** Answered after the time limit: scored 0. */
  late: boolean;
  /** Rubric points still missed after the follow-up (their texts). */
  missedPoints: string[];
  followUp?: string;
}

export interface DrillState {
  version: 1;
  questionIds: string[];
  seed: number;
  secondsPerQuestion: number;
  startedAt: string;
  position: number;
  /** When the current question (or its follow-up) was asked. */
  askedAt: string;
  /** The follow-up being asked for the current question, if one is. */
  pendingFollowUp?: { question: string; firstScore: number; missed: string[] };
  entries: DrillEntry[];
  status: "active" | "finished";
}

export function startDrill(options: {
  questionIds: readonly string[];
  seed: number;
  startedAt: Date;
  secondsPerQuestion: number;
}): DrillState {
  return {
    version: 1,
    questionIds: [...options.questionIds],
    seed: options.seed,
    secondsPerQuestion: options.secondsPerQuestion,
    startedAt: options.startedAt.toISOString(),
    position: 0,
    askedAt: options.startedAt.toISOString(),
    entries: [],
    status: options.questionIds.length === 0 ? "finished" : "active",
  };
}

export function currentDrillQuestionId(state: DrillState): string | undefined {
  return state.status === "active" ? state.questionIds[state.position] : undefined;
}

export function currentDrillSeed(state: DrillState): number {
  return (state.seed + state.position * 104_729) >>> 0;
}

/** Seconds left for the current question at `at` (negative when over time). */
export function secondsLeft(state: DrillState, at: Date): number {
  return state.secondsPerQuestion - (at.getTime() - Date.parse(state.askedAt)) / 1000;
}

function advance(state: DrillState, entry: DrillEntry, at: Date): DrillState {
  const position = state.position + 1;
  const { pendingFollowUp: _done, ...rest } = state;
  return {
    ...rest,
    position,
    askedAt: at.toISOString(),
    entries: [...state.entries, entry],
    status: position >= state.questionIds.length ? "finished" : "active",
  };
}

/**
 * Records an answer to the current question. An open answer that misses rubric points gets one
 * follow-up (returned as `followUp`); the answer to it can win back half of what was missed.
 */
export function answerDrill(
  state: DrillState,
  grade: Grade,
  at: Date,
): { state: DrillState; followUp?: string } {
  if (grade.problem !== undefined || currentDrillQuestionId(state) !== grade.questionId) return { state };
  const late = secondsLeft(state, at) < 0;
  const missedTexts = (grade.missed ?? []).map((point) => point.text);
  const pending = state.pendingFollowUp;
  if (pending) {
    const stillMissed = pending.missed.filter((text) => missedTexts.includes(text) || late);
    const recovered = late ? 0 : grade.score;
    const score = Math.min(1, pending.firstScore + (1 - pending.firstScore) * 0.5 * recovered);
    return {
      state: advance(
        state,
        {
          questionId: grade.questionId,
          score,
          correct: score >= 0.7,
          late: false,
          missedPoints: stillMissed,
          followUp: pending.question,
        },
        at,
      ),
    };
  }
  if (late) {
    return {
      state: advance(
        state,
        { questionId: grade.questionId, score: 0, correct: false, late: true, missedPoints: missedTexts },
        at,
      ),
    };
  }
  const followUp = grade.followUps?.[0];
  if (missedTexts.length > 0 && followUp !== undefined) {
    return {
      state: {
        ...state,
        askedAt: at.toISOString(),
        pendingFollowUp: { question: followUp, firstScore: grade.score, missed: missedTexts },
      },
      followUp,
    };
  }
  return {
    state: advance(
      state,
      {
        questionId: grade.questionId,
        score: grade.score,
        correct: grade.correct,
        late: false,
        missedPoints: missedTexts,
      },
      at,
    ),
  };
}

export interface DrillTopicReport {
  topic: string;
  questions: number;
  /** Average score, 0..1. */
  score: number;
  missedPoints: string[];
  /** Lessons (and sections) that teach what was missed. */
  lessons: Array<{ id: string; section?: string }>;
}

export interface DrillReport {
  questions: number;
  score: number;
  late: number;
  byTopic: DrillTopicReport[];
}

/** The end-of-drill report by topic. */
export function drillReport(state: DrillState, questionsById: ReadonlyMap<string, Question>): DrillReport {
  const topics = new Map<string, DrillTopicReport & { total: number }>();
  for (const entry of state.entries) {
    const question = questionsById.get(entry.questionId);
    const topic = question?.topic ?? "unknown";
    const report = topics.get(topic) ?? {
      topic,
      questions: 0,
      score: 0,
      total: 0,
      missedPoints: [],
      lessons: [],
    };
    report.questions += 1;
    report.total += entry.score;
    report.missedPoints.push(...entry.missedPoints);
    if (
      question &&
      entry.score < 1 &&
      !report.lessons.some(
        (lesson) => lesson.id === question.lesson.id && lesson.section === question.lesson.section,
      )
    ) {
      report.lessons.push(question.lesson);
    }
    topics.set(topic, report);
  }
  const byTopic = [...topics.values()]
    .map(({ total, ...report }) => ({
      ...report,
      score: report.questions === 0 ? 0 : total / report.questions,
    }))
    .sort((left, right) => left.score - right.score || left.topic.localeCompare(right.topic));
  const sum = state.entries.reduce((total, entry) => total + entry.score, 0);
  return {
    questions: state.entries.length,
    score: state.entries.length === 0 ? 0 : sum / state.entries.length,
    late: state.entries.filter((entry) => entry.late).length,
    byTopic,
  };
}
