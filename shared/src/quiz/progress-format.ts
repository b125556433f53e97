/**
 * One progress format for every place a learner practises — the study site, the Discord bot and
 * `layercake quiz` — so practice started in one continues in another. Pure (browser and Node).
 *
 * The file (`layercake-progress.json`), version 2:
 *
 * ```json
 * { "format": "layercake-progress", "version": 2,
 *   "cards": { "<questionId>": ReviewCard, … },        // FSRS state per question (schedule.ts)
 *   "history": [ { "questionId", "correct", "score", "at", "rating"? }, … ],   // oldest first
 *   "lessonsRead": { "<lessonId>": "<ISO date first read>", … },
 *   "dockerProfile": { "id": "26.1-containerd", "chosenAt": "<ISO date>" } }   // optional
 * ```
 *
 * `dockerProfile` is the Docker the learner said they run (`DOCKER_PROFILES`), asked once and kept
 * with their progress so the site, the bot and the terminal compute answers for the same Docker;
 * absent until they choose (callers then use the default learner profile).
 *
 * The short code (`lc2.` + base64url of the deflated JSON) carries the cards, lessons read and the
 * Docker profile but not the answer history, so it stays small enough to paste into a chat. Version 1 files are read
 * too: the site's (`cards` as an object, `history`) and the terminal quiz's (`cards` as an array).
 *
 * Merging never loses a review: per question the card reviewed last wins, histories are joined
 * without duplicates, a lesson keeps the earlier of its two read dates, and the Docker profile chosen
 * last wins.
 *
 * Also `@layercake/shared/progress`: this module and the FSRS scheduling it needs, without the rest
 * of the quiz core and the engine, for pages and adapters that only keep progress.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { DOCKER_PROFILES, type DockerProfile } from "../core/content-model.ts";
import {
  newReviewCard,
  type ReviewCard,
  type ReviewRating,
  reviewCard,
  validateReviewCard,
} from "./schedule.ts";

export {
  dueCards,
  newReviewCard,
  type ReviewCard,
  type ReviewRating,
  type ReviewState,
  ratingForGrade,
  reviewCard,
  validateReviewCard,
} from "./schedule.ts";

export const PROGRESS_FORMAT = "layercake-progress";
export const PROGRESS_VERSION = 2;
const CODE_PREFIX = "lc2.";
/** Keeps the stored history bounded (oldest entries go first). */
const MAX_HISTORY = 2000;

export interface ProgressAnswer {
  questionId: string;
  correct: boolean;
  /** 0..1, the automatic grade. */
  score: number;
  /** ISO time of the answer. */
  at: string;
  /** The FSRS rating the learner gave (self-rated open answers, overrides); else inferred from score. */
  rating?: ReviewRating;
}

export interface LearnerProgress {
  format: typeof PROGRESS_FORMAT;
  version: typeof PROGRESS_VERSION;
  cards: Record<string, ReviewCard>;
  history: ProgressAnswer[];
  lessonsRead: Record<string, string>;
  /** The Docker the learner runs, and when they said so; absent until they choose. */
  dockerProfile?: DockerProfileChoice;
}

export interface DockerProfileChoice {
  id: DockerProfile;
  /** ISO time of the choice: the later of two choices wins a merge. */
  chosenAt: string;
}

export function emptyProgress(): LearnerProgress {
  return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, cards: {}, history: [], lessonsRead: {} };
}

const RATINGS: readonly string[] = ["again", "hard", "good", "easy"];

function checkHistory(value: unknown): { history: ProgressAnswer[] } | { problem: string } {
  if (value === undefined) return { history: [] };
  if (!Array.isArray(value)) return { problem: "history must be an array" };
  for (const [index, entry] of value.entries()) {
    const item = entry as Record<string, unknown> | null;
    if (
      typeof item?.questionId !== "string" ||
      typeof item.correct !== "boolean" ||
      typeof item.score !== "number" ||
      typeof item.at !== "string" ||
      Number.isNaN(Date.parse(item.at)) ||
      (item.rating !== undefined && !RATINGS.includes(item.rating as string))
    ) {
      return {
        problem: `history[${index}]: needs questionId, correct, score, at (a date) and an optional rating`,
      };
    }
  }
  return { history: value as ProgressAnswer[] };
}

/**
 * Reads progress from a file's text (version 2, or a version 1 file of the site or the terminal
 * quiz); a problem says what is wrong and where, and nothing is half-read.
 */
export function parseProgress(text: string): { progress: LearnerProgress } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { problem: "expected a JSON object" };
  const record = value as Record<string, unknown>;
  if (record.version !== 1 && record.version !== PROGRESS_VERSION)
    return { problem: `unsupported version ${String(record.version)} (expected 1 or ${PROGRESS_VERSION})` };
  if (record.version === PROGRESS_VERSION && record.format !== PROGRESS_FORMAT)
    return { problem: `format must be "${PROGRESS_FORMAT}"` };
  const list = Array.isArray(record.cards)
    ? (record.cards as unknown[])
    : typeof record.cards === "object" && record.cards !== null
      ? Object.values(record.cards)
      : undefined;
  if (list === undefined) return { problem: "cards must be an object (or, in version 1, an array)" };
  const cards: Record<string, ReviewCard> = {};
  for (const [index, card] of list.entries()) {
    const problem = validateReviewCard(card);
    if (problem) return { problem: `cards[${index}]: ${problem}` };
    const checked = card as ReviewCard;
    cards[checked.questionId] = checked;
  }
  const history = checkHistory(record.history);
  if ("problem" in history) return history;
  const lessonsRead: Record<string, string> = {};
  if (record.lessonsRead !== undefined) {
    if (
      typeof record.lessonsRead !== "object" ||
      record.lessonsRead === null ||
      Array.isArray(record.lessonsRead)
    )
      return { problem: "lessonsRead must be an object of lesson id → date" };
    for (const [lesson, at] of Object.entries(record.lessonsRead)) {
      if (typeof at !== "string" || Number.isNaN(Date.parse(at)))
        return { problem: `lessonsRead.${lesson}: must be a date` };
      lessonsRead[lesson] = at;
    }
  }
  const dockerProfile = checkDockerProfile(record.dockerProfile);
  if ("problem" in dockerProfile) return dockerProfile;
  return {
    progress: {
      format: PROGRESS_FORMAT,
      version: PROGRESS_VERSION,
      cards,
      history: history.history,
      lessonsRead,
      ...(dockerProfile.choice === undefined ? {} : { dockerProfile: dockerProfile.choice }),
    },
  };
}

function checkDockerProfile(value: unknown): { choice?: DockerProfileChoice } | { problem: string } {
  if (value === undefined) return {};
  const item = value as Record<string, unknown> | null;
  const id = DOCKER_PROFILES.find((profile) => profile === item?.id);
  if (id === undefined)
    return {
      problem: `dockerProfile.id: expected one of ${DOCKER_PROFILES.join(", ")}, not ${JSON.stringify(item?.id)}`,
    };
  if (typeof item?.chosenAt !== "string" || Number.isNaN(Date.parse(item.chosenAt)))
    return { problem: "dockerProfile.chosenAt: must be a date" };
  return { choice: { id, chosenAt: item.chosenAt } };
}

/** Records the Docker the learner says they run (`--docker`, the site's picker, the bot's /config). */
export function chooseDockerProfile(
  progress: LearnerProgress,
  profile: DockerProfile,
  now: Date,
): LearnerProgress {
  return { ...progress, dockerProfile: { id: profile, chosenAt: now.toISOString() } };
}

/** The progress file's text (pretty JSON, one trailing newline). */
export function serializeProgress(progress: LearnerProgress): string {
  return `${JSON.stringify(progress, null, 2)}\n`;
}

function reviewedAt(card: ReviewCard): number {
  return Date.parse(card.lastReview ?? card.due);
}

/** Merges `incoming` into `stored`; see the module comment for the rules. Order does not matter. */
export function mergeProgress(stored: LearnerProgress, incoming: LearnerProgress): LearnerProgress {
  const cards = { ...stored.cards };
  for (const [id, card] of Object.entries(incoming.cards)) {
    const mine = cards[id];
    if (
      !mine ||
      reviewedAt(card) > reviewedAt(mine) ||
      (reviewedAt(card) === reviewedAt(mine) && card.reps > mine.reps)
    )
      cards[id] = card;
  }
  const key = (entry: ProgressAnswer) => `${entry.questionId}@${entry.at}`;
  const seen = new Set(stored.history.map(key));
  const history = [...stored.history, ...incoming.history.filter((entry) => !seen.has(key(entry)))]
    .sort((left, right) => left.at.localeCompare(right.at))
    .slice(-MAX_HISTORY);
  const lessonsRead = { ...stored.lessonsRead };
  for (const [lesson, at] of Object.entries(incoming.lessonsRead)) {
    const mine = lessonsRead[lesson];
    if (mine === undefined || Date.parse(at) < Date.parse(mine)) lessonsRead[lesson] = at;
  }
  const dockerProfile = [stored.dockerProfile, incoming.dockerProfile]
    .filter((choice) => choice !== undefined)
    .reduce<DockerProfileChoice | undefined>(
      (latest, choice) =>
        latest === undefined || Date.parse(choice.chosenAt) > Date.parse(latest.chosenAt) ? choice : latest,
      undefined,
    );
  return {
    format: PROGRESS_FORMAT,
    version: PROGRESS_VERSION,
    cards,
    history,
    lessonsRead,
    ...(dockerProfile === undefined ? {} : { dockerProfile }),
  };
}

/**
 * Records one answered question: its history entry, and its card moved by FSRS with `rating`
 * (the learner's self-rating, or the automatic grade's rating when they gave none).
 */
export function recordReview(
  progress: LearnerProgress,
  answer: { questionId: string; correct: boolean; score: number; rating: ReviewRating },
  now: Date,
): LearnerProgress {
  const card = progress.cards[answer.questionId] ?? newReviewCard(answer.questionId, now);
  return {
    ...progress,
    cards: { ...progress.cards, [answer.questionId]: reviewCard(card, answer.rating, now) },
    history: [...progress.history, { ...answer, at: now.toISOString() }].slice(-MAX_HISTORY),
  };
}

/** Records that a lesson was read (the first time counts). */
export function recordLessonRead(progress: LearnerProgress, lessonId: string, now: Date): LearnerProgress {
  if (progress.lessonsRead[lessonId] !== undefined) return progress;
  return { ...progress, lessonsRead: { ...progress.lessonsRead, [lessonId]: now.toISOString() } };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The short code of `progress`: cards and lessons read, without the answer history. */
export function encodeProgressCode(progress: LearnerProgress): string {
  const compact = { ...progress, history: [] };
  return CODE_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(compact)), { level: 9 }));
}

/** Reads a short code (whitespace and line breaks a chat may add are ignored). */
export function decodeProgressCode(code: string): { progress: LearnerProgress } | { problem: string } {
  const trimmed = code.replace(/\s+/g, "");
  if (!trimmed.startsWith(CODE_PREFIX)) return { problem: `a progress code starts with ${CODE_PREFIX}` };
  const body = trimmed.slice(CODE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { problem: "the code has characters a progress code never has" };
  let text: string;
  try {
    const binary = atob(body.replace(/-/g, "+").replace(/_/g, "/"));
    text = strFromU8(inflateSync(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
  } catch {
    return { problem: "the code is damaged or incomplete (it could not be decompressed)" };
  }
  return parseProgress(text);
}

/** Reads progress from what a learner pasted or uploaded: a short code or a file's text. */
export function readProgressInput(input: string): { progress: LearnerProgress } | { problem: string } {
  return input.trim().startsWith(CODE_PREFIX) ? decodeProgressCode(input) : parseProgress(input);
}
