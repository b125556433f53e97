/**
 * A practice run as a trainer keeps it: the questions in a fixed (optionally shuffled) order, where
 * the learner is, what each answer earned, what was skipped. Saved per page in localStorage so a
 * reload resumes at the same question; pure, so the island and the tests share it.
 */
export interface PracticeAnswer {
  correct: boolean;
  score: number;
  rating?: "again" | "hard" | "good" | "easy";
}

export interface PracticeSession {
  version: 1;
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
): PracticeSession {
  return {
    version: 1,
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
      value.answers === null
    ) {
      return undefined;
    }
    return value as PracticeSession;
  } catch {
    return undefined;
  }
}
