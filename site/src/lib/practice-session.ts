/**
 * A practice run as a trainer keeps it: the questions in a fixed (optionally shuffled) order, where
 * the learner is, what each answer earned, what was skipped. Saved per page in localStorage so a
 * reload resumes at the same question; pure, so the island and the tests share it.
 */
import type { DockerProfile } from "@layercake/shared/core";
import { isDockerProfile } from "./docker-choice.ts";

export interface PracticeAnswer {
  correct: boolean;
  score: number;
  rating?: "again" | "hard" | "good" | "easy";
}

export interface PracticeSession {
  version: 1;
  /** The Docker the run asks for (absent in runs saved before the site knew it: the default's). */
  profile?: DockerProfile;
  /** Question ids in the order they are asked. */
  order: string[];
  /** Index into `order` of the question on screen; `order.length` when the run is over. */
  position: number;
  /** Seeds the presentation (choice order, variants) of every question of this run. */
  seed: number;
  shuffled: boolean;
  answers: Record<string, PracticeAnswer>;
}

/** A seeded Fisher–Yates shuffle (mulberry32), so a run's order can be replayed. */
function shuffle<Item>(items: readonly Item[], seed: number): Item[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as Item, copy[index] as Item];
  }
  return copy;
}

export function startPracticeSession(
  questionIds: readonly string[],
  seed: number,
  shuffled: boolean,
  profile?: DockerProfile,
): PracticeSession {
  return {
    version: 1,
    ...(profile === undefined ? {} : { profile }),
    order: shuffled ? shuffle(questionIds, seed) : [...questionIds],
    position: 0,
    seed,
    shuffled,
    answers: {},
  };
}

export function currentPracticeId(session: PracticeSession): string | undefined {
  return session.order[session.position];
}

/** The first question after `from` not answered yet, wrapping around; undefined when all are. */
function nextUnanswered(session: PracticeSession, from: number): number {
  for (let step = 1; step <= session.order.length; step += 1) {
    const index = (from + step) % session.order.length;
    const id = session.order[index];
    if (id !== undefined && session.answers[id] === undefined) return index;
  }
  return session.order.length;
}

/** Records the answer to the question on screen (it stays on screen until `advancePractice`). */
export function answerPractice(session: PracticeSession, answer: PracticeAnswer): PracticeSession {
  const id = currentPracticeId(session);
  if (id === undefined) return session;
  return { ...session, answers: { ...session.answers, [id]: answer } };
}

/** Moves on to the next question not answered yet (skipped ones come back at the end). */
export function advancePractice(session: PracticeSession): PracticeSession {
  return { ...session, position: nextUnanswered(session, session.position) };
}

/** Jumps to question `index` (0-based) of the run. */
export function jumpPractice(session: PracticeSession, index: number): PracticeSession {
  if (!Number.isInteger(index) || index < 0 || index >= session.order.length) return session;
  return { ...session, position: index };
}

/** A run moved to another Docker, and how many questions that took out and brought in. */
export interface RetargetedPractice {
  session: PracticeSession;
  dropped: number;
  added: number;
}

/**
 * Moves a run to the learner's new Docker: the answers given stay, the questions not answered yet
 * that do not hold for `profile` leave the run, and those that hold for it and were not in the run
 * join at its end (shuffled by the run's seed when the run is shuffled). The question on screen
 * stays when it is still in the run; otherwise the run goes on at its first unanswered question.
 * @param eligible the page's questions that hold for `profile`, in page order
 */
export function retargetPractice(
  session: PracticeSession,
  eligible: readonly string[],
  profile: DockerProfile,
): RetargetedPractice {
  const allowed = new Set(eligible);
  const kept = session.order.filter((id) => session.answers[id] !== undefined || allowed.has(id));
  const inRun = new Set(kept);
  const missing = eligible.filter((id) => !inRun.has(id));
  const added = session.shuffled ? shuffle(missing, session.seed) : missing;
  const order = [...kept, ...added];
  const current = currentPracticeId(session);
  const stays = current === undefined ? -1 : order.indexOf(current);
  const firstOpen = order.findIndex((id) => session.answers[id] === undefined);
  const position = stays >= 0 ? stays : firstOpen >= 0 ? firstOpen : order.length;
  return {
    session: { ...session, profile, order, position },
    dropped: session.order.length - kept.length,
    added: added.length,
  };
}

export interface PracticeSummary {
  total: number;
  answered: number;
  right: number;
  remaining: number;
  byRating: Record<"again" | "hard" | "good" | "easy", number>;
  /** Ids answered wrong, in run order: what to look at again. */
  wrong: string[];
}

export function summarizePractice(session: PracticeSession): PracticeSummary {
  const answers = session.order.flatMap((id) => {
    const answer = session.answers[id];
    return answer ? [{ id, answer }] : [];
  });
  const byRating = { again: 0, hard: 0, good: 0, easy: 0 };
  for (const { answer } of answers) if (answer.rating) byRating[answer.rating] += 1;
  return {
    total: session.order.length,
    answered: answers.length,
    right: answers.filter(({ answer }) => answer.correct).length,
    remaining: session.order.length - answers.length,
    byRating,
    wrong: answers.filter(({ answer }) => !answer.correct).map(({ id }) => id),
  };
}

/**
 * Reads a saved session and checks it still fits the page's questions (content may have changed
 * since): undefined when it does not, so the page starts a new run instead of a broken one.
 */
export function parsePracticeSession(
  text: string | null,
  questionIds: readonly string[],
): PracticeSession | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<PracticeSession>;
    const known = new Set(questionIds);
    if (
      value.version !== 1 ||
      !Array.isArray(value.order) ||
      value.order.length === 0 ||
      !value.order.every((id) => typeof id === "string" && known.has(id)) ||
      typeof value.position !== "number" ||
      value.position < 0 ||
      value.position > value.order.length ||
      typeof value.seed !== "number" ||
      typeof value.answers !== "object" ||
      value.answers === null ||
      (value.profile !== undefined && !isDockerProfile(value.profile))
    ) {
      return undefined;
    }
    return value as PracticeSession;
  } catch {
    return undefined;
  }
}
