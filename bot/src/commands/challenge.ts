/**
 * `/challenge`: a round-based game in the channel, on one board message. Everyone may answer each
 * question once; a right answer scores 100 points plus up to 50 for speed. When a round's time is
 * up the board is edited: the round's answer and leaders, then the next question; at the end, the
 * results, with the buttons disabled. Each round's answer key is computed once, when it is asked.
 * Custom ids: `chal:<session>:<position>:pick:<choice>`.
 */
import type { Question } from "@layercake/shared/core";
import { gradeAnswer, type PresentedQuestion, selectQuestions } from "@layercake/shared/quiz";
import { type APIEmbed, ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import type { SessionRecord } from "../adapters/storage.ts";
import { nextCard } from "../discord-free/answers.ts";
import { busyMessage, limitMessage } from "../discord-free/engine-jobs.ts";
import { presentFor } from "../discord-free/present.ts";
import { COLORS, disabledRows, notice, renderQuestion, truncate } from "../messages/render.ts";
import type {
  BotContext,
  ChannelPost,
  Command,
  CommandIncoming,
  ComponentIncoming,
  MessageBody,
  Reply,
  Row,
} from "../messages/types.ts";
import { askQuestion, type StoredQuestion, storedQuestion } from "../sessions/ask.ts";

export interface ChallengeState {
  version: 2;
  questionIds: string[];
  seed: number;
  position: number;
  roundSeconds: number;
  roundStartedAt: number;
  roundEndsAt: number;
  /** The round's question as shown, with its key. */
  shown?: StoredQuestion;
  /** The last closed round, shown above the next question on the board. */
  lastRound?: { title: string; description: string };
}

type ChallengeRecord = SessionRecord<ChallengeState>;

/** Questions everyone can answer with one button press. */
export function isChallengeQuestion(question: Question): boolean {
  if (question.kind === "single" || question.kind === "true-false") return true;
  return (
    question.kind === "scenario" &&
    (question.scenario?.ask.kind === "first-miss" || question.scenario?.ask.kind === "best-order")
  );
}

export function seedFor(state: { seed: number; position: number }): number {
  return (state.seed + state.position * 31) >>> 0;
}

export function scoreFor(correct: boolean, answeredAt: number, state: ChallengeState): number {
  if (!correct) return 0;
  const total = state.roundEndsAt - state.roundStartedAt;
  const left = Math.max(0, state.roundEndsAt - answeredAt);
  return 100 + Math.round((50 * left) / Math.max(1, total));
}

function lastRoundEmbed(state: ChallengeState): APIEmbed[] {
  return state.lastRound ? [{ ...state.lastRound, color: COLORS.info }] : [];
}

/** The board while a round runs: the last round's result, then the question with its buttons. */
function boardBody(record: ChallengeRecord, shown: StoredQuestion): MessageBody {
  const state = record.state;
  const rendered = renderQuestion(shown.view, {
    idPrefix: `chal:${record.id}:${state.position}`,
    title: `Challenge round ${state.position + 1} of ${state.questionIds.length} · ${shown.view.topic}`,
    footer: `Everyone may answer once · ${state.roundSeconds} s · right = 100 + up to 50 for speed`,
    maxDescription: 3000,
  });
  return { embeds: [...lastRoundEmbed(state), ...rendered.embeds], components: rendered.components };
}

function withRoundStarted(
  record: ChallengeRecord,
  position: number,
  presented: PresentedQuestion,
  now: number,
): ChallengeRecord {
  return {
    ...record,
    state: {
      ...record.state,
      position,
      shown: storedQuestion(position, presented),
      roundStartedAt: now,
      roundEndsAt: now + record.state.roundSeconds * 1000,
    },
    updatedAt: now,
  };
}

export async function startChallenge(ctx: BotContext, incoming: CommandIncoming): Promise<Reply> {
  const config = await ctx.storage.getGuildConfig(incoming.guildId);
  if (config.challengeChannelId && config.challengeChannelId !== incoming.channelId) {
    return notice(`Challenges run in <#${config.challengeChannelId}> on this server.`);
  }
  let running = await ctx.storage.activeSession("challenge", incoming.guildId);
  if (running && (running.state as { version?: number }).version !== 2) {
    // A round saved by an older version of the bot cannot be resumed: close it.
    await ctx.storage.saveSession({ ...running, status: "finished", updatedAt: ctx.now().getTime() });
    running = undefined;
  }
  if (running)
    return notice("A challenge is already running on this server. Join it, or wait for its results.");
  const rounds = Math.min(15, Math.max(1, Number(incoming.options.rounds ?? config.challengeRounds)));
  const seconds = Math.min(120, Math.max(2, Number(incoming.options.seconds ?? config.roundSeconds)));
  const seed = ctx.newSeed();
  const ids = selectQuestions(ctx.library.questions.filter(isChallengeQuestion), {
    length: rounds,
    seed,
  }).map((question) => question.id);
  const first = ctx.questionsById.get(ids[0] ?? "");
  if (!first) return notice("There are no questions for a challenge yet.");
  const now = ctx.now().getTime();
  const record: ChallengeRecord = {
    id: ctx.newId(),
    kind: "challenge",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: {
      version: 2,
      questionIds: ids,
      seed,
      position: 0,
      roundSeconds: seconds,
      roundStartedAt: now,
      roundEndsAt: now + seconds * 1000,
    },
    status: "active",
    updatedAt: now,
    expiresAt: now + (ids.length * seconds + 600) * 1000,
  };
  return askQuestion(
    ctx,
    {
      userId: incoming.actor.id,
      question: first,
      seed: seedFor(record.state),
      deferAs: { update: false, ephemeral: false },
    },
    async (presented) => {
      const started = withRoundStarted(record, 0, presented, ctx.now().getTime());
      await ctx.storage.saveSession(started);
      ctx.timers.schedule(started.id, started.state.roundEndsAt);
      return {
        kind: "message",
        body: boardBody(started, started.state.shown as StoredQuestion),
        track: started.id,
      };
    },
    (message) => notice(`The challenge could not start: ${message}`),
  );
}

export async function handleChallengeComponent(ctx: BotContext, incoming: ComponentIncoming): Promise<Reply> {
  if (incoming.kind !== "button") return notice("Unsupported.");
  const [, sessionId = "", positionText = "", action = "", choice = ""] = incoming.customId.split(":");
  const record = (await ctx.storage.getSession(sessionId)) as ChallengeRecord | undefined;
  if (record?.kind !== "challenge" || record.state.version !== 2)
    return notice("This challenge no longer exists.");
  if (record.status !== "active") return notice("This challenge is over.");
  const state = record.state;
  const position = Number(positionText);
  const now = ctx.now().getTime();
  const shown = state.shown;
  if (position !== state.position || now > state.roundEndsAt || !shown || shown.position !== position)
    return notice("This round is closed; wait for the next question.");
  if (action !== "pick") return notice("That button is not part of this challenge.");
  if (!shown.view.choices?.some((candidate) => candidate.id === choice))
    return notice("That is not one of the choices.");
  const grade = gradeAnswer(shown.key, { mode: shown.view.mode as "single", choiceIds: [choice] });
  const points = scoreFor(grade.correct, now, state);
  // The answer with its card, score and day, all or nothing, once (one statement on PostgreSQL: a
  // round of hundreds of players is this store's busiest moment).
  const at = ctx.now();
  const fresh = await ctx.storage.recordScoredAnswer(
    {
      sessionId,
      position,
      userId: incoming.actor.id,
      questionId: shown.key.questionId,
      correct: grade.correct,
      score: grade.score,
      points,
      answeredAt: now,
    },
    { guildId: incoming.guildId, card: await nextCard(ctx.storage, at, incoming.actor.id, grade), at },
  );
  if (!fresh) return notice("You already answered this round; your first answer counts.");
  const label =
    shown.view.mode === "true-false" ? (shown.key.choiceTexts?.[choice] ?? choice) : choice.toUpperCase();
  return notice(`Answer ${label} locked in. Results when the round ends.`);
}

function boardLines(rows: Array<{ userId: string; points: number; correct: number }>): string {
  return (
    rows
      .map((row, index) => `${index + 1}. <@${row.userId}> — ${row.points} points (${row.correct} right)`)
      .join("\n") || "Nobody answered."
  );
}

/** Totals per player over the whole challenge, best first. */
export async function challengeBoard(
  ctx: BotContext,
  sessionId: string,
): Promise<Array<{ userId: string; points: number; correct: number }>> {
  const totals = new Map<string, { userId: string; points: number; correct: number }>();
  for (const answer of await ctx.storage.answersFor(sessionId)) {
    const entry = totals.get(answer.userId) ?? { userId: answer.userId, points: 0, correct: 0 };
    entry.points += answer.points;
    entry.correct += answer.correct ? 1 : 0;
    totals.set(answer.userId, entry);
  }
  return [...totals.values()].sort(
    (left, right) =>
      right.points - left.points || right.correct - left.correct || left.userId.localeCompare(right.userId),
  );
}

/** The closed round's answer and fastest players. */
async function roundResult(
  ctx: BotContext,
  record: ChallengeRecord,
): Promise<{ title: string; description: string }> {
  const state = record.state;
  const answers = await ctx.storage.answersFor(record.id, state.position);
  const right = answers.filter((answer) => answer.correct).sort((left, other) => other.points - left.points);
  const key = state.shown?.key;
  return {
    title: truncate(`Round ${state.position + 1}: the answer was ${key?.expected ?? "?"}`, 256),
    description: truncate(
      `${key?.explanation ?? ""}\n\n${right.length} of ${answers.length} right.${
        right.length
          ? `\nFastest: ${right
              .slice(0, 3)
              .map((answer) => `<@${answer.userId}> (+${answer.points})`)
              .join(", ")}`
          : ""
      }`,
      1500,
    ),
  };
}

/** How often a round start asks a saturated engine again before skipping the question. */
const ROUND_PRESENT_ATTEMPTS = 4;

/** Presents a round's question off the event loop (scenario questions go to the engine pool). */
async function presentRound(
  ctx: BotContext,
  record: ChallengeRecord,
  position: number,
): Promise<PresentedQuestion | string> {
  const question = ctx.questionsById.get(record.state.questionIds[position] ?? "");
  if (!question) return "the question is no longer in the library";
  const seed = seedFor({ seed: record.state.seed, position });
  for (let attempt = 1; ; attempt += 1) {
    const presentation = presentFor(ctx.engine, record.userId, question, seed);
    if (presentation.ready) return presentation.presented;
    if (!presentation.busy) {
      const outcome = await presentation.later;
      return outcome.ok ? outcome.value : limitMessage(outcome);
    }
    if (attempt >= ROUND_PRESENT_ATTEMPTS) return busyMessage(presentation);
    // The engine is saturated: wait as long as it says, never compute on the bot's thread.
    await new Promise((resolve) => setTimeout(resolve, presentation.retryAfterSeconds * 1000));
  }
}

/**
 * Saves `next` in place of `read` if the session is still as it was read (same round, active),
 * under the row's lock; false when another timer closed the round first. Every round closes once.
 */
async function closeRound(ctx: BotContext, read: ChallengeRecord, next: ChallengeRecord): Promise<boolean> {
  return ctx.storage.transaction(async (tx) => {
    const latest = (await tx.getSessionForUpdate(read.id)) as ChallengeRecord | undefined;
    if (
      latest?.status !== "active" ||
      latest.state.position !== read.state.position ||
      latest.state.roundEndsAt !== read.state.roundEndsAt
    )
      return false;
    await tx.saveSession(next);
    return true;
  });
}

/**
 * Ends the round whose time is up: edits the board to show its answer and leaders with the next
 * question, or the results with the buttons disabled. Returns the board edit to send.
 */
export async function onChallengeTimer(ctx: BotContext, sessionId: string): Promise<ChannelPost[]> {
  const record = (await ctx.storage.getSession(sessionId)) as ChallengeRecord | undefined;
  if (record?.kind !== "challenge" || record.status !== "active" || record.state.version !== 2) return [];
  const now = ctx.now().getTime();
  if (now < record.state.roundEndsAt) {
    ctx.timers.schedule(sessionId, record.state.roundEndsAt);
    return [];
  }
  const ref = await ctx.storage.messageRef(sessionId);
  const target = { channelId: record.channelId, ...(ref?.messageId ? { messageId: ref.messageId } : {}) };
  let closed: ChallengeRecord = {
    ...record,
    state: { ...record.state, lastRound: await roundResult(ctx, record) },
  };
  let position = record.state.position + 1;
  const skipped: string[] = [];
  while (position < closed.state.questionIds.length) {
    const presented = await presentRound(ctx, closed, position);
    if (typeof presented !== "string") {
      const next = withRoundStarted(closed, position, presented, ctx.now().getTime());
      if (skipped.length > 0 && next.state.lastRound)
        next.state.lastRound.description = truncate(
          `${next.state.lastRound.description}\n\n${skipped.join("\n")}`,
          1800,
        );
      // Another timer (this process's, or another shard's) may have closed this round while the
      // engine worked: the round moves on only if it is still the one this timer read.
      if (!(await closeRound(ctx, record, next))) return [];
      ctx.timers.schedule(sessionId, next.state.roundEndsAt);
      return [{ ...target, track: sessionId, body: boardBody(next, next.state.shown as StoredQuestion) }];
    }
    skipped.push(`Round ${position + 1} was skipped: ${presented}`);
    position += 1;
  }
  closed = { ...closed, status: "finished", updatedAt: now };
  if (!(await closeRound(ctx, record, closed))) return [];
  const rows = (ref?.components ?? []) as Row[];
  return [
    {
      ...target,
      track: sessionId,
      body: {
        embeds: [
          ...lastRoundEmbed(closed.state),
          {
            title: "Challenge results",
            description: truncate(
              `${boardLines(await challengeBoard(ctx, sessionId))}${skipped.length ? `\n\n${skipped.join("\n")}` : ""}`,
              3000,
            ),
            color: COLORS.right,
          },
        ],
        components: disabledRows(rows),
      },
    },
  ];
}

export const challenge = {
  data: {
    name: "challenge",
    description: "Start a quiz game in this channel: everyone answers, fast right answers score more",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: "rounds",
        description: "Number of questions (1–15)",
        required: false,
        min_value: 1,
        max_value: 15,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "seconds",
        description: "Seconds per round (2–120)",
        required: false,
        min_value: 2,
        max_value: 120,
      },
    ],
  },
  execute: startChallenge,
  componentPrefix: "chal",
  handleComponent: handleChallengeComponent,
} satisfies Command;
