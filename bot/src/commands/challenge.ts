/**
 * `/challenge`: a round-based game in the channel. Everyone may answer each question once; a right
 * answer scores 100 points plus up to 50 for speed. When a round's time is up the bot posts the
 * answer and the round's leaders, then the next question; at the end, a results board.
 * Custom ids: `chal:<session>:<position>:pick:<choice>`.
 */
import type { Question } from "@layercake/shared/core";
import { gradeAnswer, presentQuestion, selectQuestions } from "@layercake/shared/quiz";
import type { SessionRecord } from "../adapters/storage.ts";
import { recordLearning } from "../core/answers.ts";
import { COLORS, notice, renderQuestion, truncate } from "../core/render.ts";
import type { BotContext, ChannelPost, Incoming, MessageBody, Reply } from "../core/types.ts";

export interface ChallengeState {
  version: 1;
  questionIds: string[];
  seed: number;
  position: number;
  roundSeconds: number;
  roundStartedAt: number;
  roundEndsAt: number;
}

export const challengeCommand = {
  name: "challenge",
  description: "Start a quiz game in this channel: everyone answers, fast right answers score more",
  options: [
    {
      type: 4,
      name: "rounds",
      description: "Number of questions (1–15)",
      required: false,
      min_value: 1,
      max_value: 15,
    },
    {
      type: 4,
      name: "seconds",
      description: "Seconds per round (2–120)",
      required: false,
      min_value: 2,
      max_value: 120,
    },
  ],
};

/** Questions everyone can answer with one button press. */
export function isChallengeQuestion(question: Question): boolean {
  if (question.kind === "single" || question.kind === "true-false") return true;
  return (
    question.kind === "scenario" &&
    (question.scenario?.ask.kind === "first-miss" || question.scenario?.ask.kind === "best-order")
  );
}

function seedFor(state: ChallengeState): number {
  return (state.seed + state.position * 31) >>> 0;
}

export function scoreFor(correct: boolean, answeredAt: number, state: ChallengeState): number {
  if (!correct) return 0;
  const total = state.roundEndsAt - state.roundStartedAt;
  const left = Math.max(0, state.roundEndsAt - answeredAt);
  return 100 + Math.round((50 * left) / Math.max(1, total));
}

function questionBody(ctx: BotContext, record: SessionRecord<ChallengeState>): MessageBody {
  const state = record.state;
  const question = ctx.questionsById.get(state.questionIds[state.position] ?? "");
  if (!question) return { content: "The challenge has no more questions." };
  const { view } = presentQuestion(question, { seed: seedFor(state) });
  const rendered = renderQuestion(view, {
    idPrefix: `chal:${record.id}:${state.position}`,
    title: `Challenge round ${state.position + 1} of ${state.questionIds.length} · ${question.topic}`,
    footer: `Everyone may answer once · ${state.roundSeconds} s · right = 100 + up to 50 for speed`,
  });
  return { ...rendered, ephemeral: false };
}

export function startChallenge(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  const config = ctx.storage.getGuildConfig(incoming.guildId);
  if (config.challengeChannelId && config.challengeChannelId !== incoming.channelId) {
    return notice(`Challenges run in <#${config.challengeChannelId}> on this server.`);
  }
  const running = ctx.storage.activeSession("challenge", incoming.guildId);
  if (running)
    return notice("A challenge is already running on this server. Join it, or wait for its results.");
  const rounds = Math.min(15, Math.max(1, Number(incoming.options.rounds ?? config.challengeRounds)));
  const seconds = Math.min(120, Math.max(2, Number(incoming.options.seconds ?? config.roundSeconds)));
  const seed = ctx.newSeed();
  const ids = selectQuestions(ctx.library.questions.filter(isChallengeQuestion), {
    length: rounds,
    seed,
  }).map((question) => question.id);
  if (ids.length === 0) return notice("There are no questions for a challenge yet.");
  const now = ctx.now().getTime();
  const record: SessionRecord<ChallengeState> = {
    id: ctx.newId(),
    kind: "challenge",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: {
      version: 1,
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
  ctx.storage.saveSession(record);
  ctx.timers.schedule(record.id, record.state.roundEndsAt);
  return { kind: "message", body: questionBody(ctx, record) };
}

export function handleChallengeComponent(ctx: BotContext, incoming: Incoming): Reply {
  if (incoming.kind !== "button") return notice("Unsupported.");
  const [, sessionId = "", positionText = "", action = "", choice = ""] = incoming.customId.split(":");
  const record = ctx.storage.getSession(sessionId) as SessionRecord<ChallengeState> | undefined;
  if (record?.kind !== "challenge") return notice("This challenge no longer exists.");
  if (record.status !== "active") return notice("This challenge is over.");
  const state = record.state;
  const position = Number(positionText);
  const now = ctx.now().getTime();
  if (position !== state.position || now > state.roundEndsAt)
    return notice("This round is closed; wait for the next question.");
  if (action !== "pick") return notice("That button is not part of this challenge.");
  const question = ctx.questionsById.get(state.questionIds[position] ?? "");
  if (!question) return notice("This challenge is over.");
  const { key, view } = presentQuestion(question, { seed: seedFor(state) });
  if (!view.choices?.some((candidate) => candidate.id === choice))
    return notice("That is not one of the choices.");
  const grade = gradeAnswer(key, { mode: view.mode as "single", choiceIds: [choice] });
  const points = scoreFor(grade.correct, now, state);
  const fresh = ctx.storage.transaction(() => {
    const inserted = ctx.storage.recordAnswer({
      sessionId,
      position,
      userId: incoming.actor.id,
      questionId: question.id,
      correct: grade.correct,
      score: grade.score,
      points,
      answeredAt: now,
    });
    if (inserted) recordLearning(ctx, incoming.guildId, incoming.actor.id, grade, points);
    return inserted;
  });
  if (!fresh) return notice("You already answered this round; your first answer counts.");
  return notice(`Answer ${choice.toUpperCase()} locked in. Results when the round ends.`);
}

function boardLines(rows: Array<{ userId: string; points: number; correct: number }>): string {
  return (
    rows
      .map((row, index) => `${index + 1}. <@${row.userId}> — ${row.points} points (${row.correct} right)`)
      .join("\n") || "Nobody answered."
  );
}

/** Totals per player over the whole challenge, best first. */
export function challengeBoard(
  ctx: BotContext,
  sessionId: string,
): Array<{ userId: string; points: number; correct: number }> {
  const totals = new Map<string, { userId: string; points: number; correct: number }>();
  for (const answer of ctx.storage.answersFor(sessionId)) {
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

/** Ends the round whose time is up: posts its answer and leaders, then the next question or the results. */
export function onChallengeTimer(ctx: BotContext, sessionId: string): ChannelPost[] {
  const record = ctx.storage.getSession(sessionId) as SessionRecord<ChallengeState> | undefined;
  if (record?.kind !== "challenge" || record.status !== "active") return [];
  const state = record.state;
  const now = ctx.now().getTime();
  if (now < state.roundEndsAt) {
    ctx.timers.schedule(sessionId, state.roundEndsAt);
    return [];
  }
  const question = ctx.questionsById.get(state.questionIds[state.position] ?? "");
  const posts: ChannelPost[] = [];
  if (question) {
    const { key } = presentQuestion(question, { seed: seedFor(state) });
    const answers = ctx.storage.answersFor(sessionId, state.position);
    const right = answers
      .filter((answer) => answer.correct)
      .sort((left, other) => other.points - left.points);
    posts.push({
      channelId: record.channelId,
      body: {
        embeds: [
          {
            title: `Round ${state.position + 1}: the answer was ${truncate(key.expected, 200)}`,
            description: truncate(
              `${key.explanation}\n\n${right.length} of ${answers.length} right.${
                right.length
                  ? `\nFastest: ${right
                      .slice(0, 3)
                      .map((answer) => `<@${answer.userId}> (+${answer.points})`)
                      .join(", ")}`
                  : ""
              }`,
              4096,
            ),
            color: COLORS.info,
          },
        ],
      },
    });
  }
  const nextPosition = state.position + 1;
  if (nextPosition < state.questionIds.length) {
    const next: SessionRecord<ChallengeState> = {
      ...record,
      state: {
        ...state,
        position: nextPosition,
        roundStartedAt: now,
        roundEndsAt: now + state.roundSeconds * 1000,
      },
      updatedAt: now,
    };
    ctx.storage.saveSession(next);
    posts.push({ channelId: record.channelId, body: questionBody(ctx, next) });
    ctx.timers.schedule(sessionId, next.state.roundEndsAt);
  } else {
    ctx.storage.saveSession({ ...record, status: "finished", updatedAt: now });
    posts.push({
      channelId: record.channelId,
      body: {
        embeds: [
          {
            title: "Challenge results",
            description: truncate(boardLines(challengeBoard(ctx, sessionId)), 4096),
            color: COLORS.right,
          },
        ],
      },
    });
  }
  return posts;
}
