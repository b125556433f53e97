/**
 * Mock-interview drills: timed questions and one follow-up when an answer misses key points (the
 * report is in `report.ts`). Plain JSON state, pure transitions.
 */
import { chooseFollowUp } from "./follow-up.ts";
import { OPEN_PASS_SCORE } from "./grade.ts";
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
  /** Why the score is what it is when timing changed it, e.g. an answer after the time limit. */
  note?: string;
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

/** The note on an answer given `seconds` after a limit of `limit` seconds. */
function lateNote(what: string, seconds: number, limit: number, consequence: string): string {
  return `${what} came ${Math.ceil(seconds)} s after the ${limit} s limit, so ${consequence}.`;
}

/**
 * Records an answer to the current question. An open answer that misses rubric points gets one
 * follow-up (returned as `followUp`: the prepared question that best matches what was missed,
 * chosen by `chooseFollowUp`, which never reads the missed points out); the
 * answer to it can win back half of what was missed. Other questions are graded as they are. An
 * answer after the time limit scores 0 with a note; a late follow-up keeps the first score.
 * A grade with a problem or for another question leaves the state unchanged.
 */
export function answerDrill(
  state: DrillState,
  grade: Grade,
  at: Date,
): { state: DrillState; followUp?: string } {
  if (grade.problem !== undefined || currentDrillQuestionId(state) !== grade.questionId) return { state };
  const over = -secondsLeft(state, at);
  const late = over > 0;
  const missedTexts = (grade.missed ?? []).map((point) => point.text);
  const pending = state.pendingFollowUp;
  if (pending) {
    const stillMissed = late ? pending.missed : pending.missed.filter((text) => missedTexts.includes(text));
    const recovered = late ? 0 : grade.score;
    const score = Math.min(1, pending.firstScore + (1 - pending.firstScore) * 0.5 * recovered);
    return {
      state: advance(
        state,
        {
          questionId: grade.questionId,
          score,
          correct: score >= OPEN_PASS_SCORE,
          late,
          missedPoints: stillMissed,
          followUp: pending.question,
          ...(late
            ? {
                note: lateNote(
                  "The follow-up answer",
                  over,
                  state.secondsPerQuestion,
                  "only the first answer counts",
                ),
              }
            : {}),
        },
        at,
      ),
    };
  }
  if (late) {
    return {
      state: advance(
        state,
        {
          questionId: grade.questionId,
          score: 0,
          correct: false,
          late: true,
          missedPoints: missedTexts,
          note: lateNote("The answer", over, state.secondsPerQuestion, "it scored 0"),
        },
        at,
      ),
    };
  }
  // Only questions whose rubric prepares follow-ups get one.
  const missed = grade.missed ?? [];
  const followUps = grade.followUps ?? [];
  const question =
    followUps.length === 0
      ? undefined
      : chooseFollowUp(
          { points: missed, followUps, modelAnswer: "" },
          missed.map((point) => point.id),
          currentDrillSeed(state),
        );
  if (missedTexts.length > 0 && question !== undefined) {
    return {
      state: {
        ...state,
        askedAt: at.toISOString(),
        pendingFollowUp: { question, firstScore: grade.score, missed: missedTexts },
      },
      followUp: question,
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
