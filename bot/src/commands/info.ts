/** `/lesson`, `/stats`, `/leaderboard`, `/review` and `/config`: reading and settings commands. */
import { dueCards } from "@layercake/shared/quiz";
import { PermissionFlagsBits } from "discord.js";
import { isoWeek } from "../adapters/storage.ts";
import { COLORS, notice, truncate } from "../core/render.ts";
import type { BotContext, Incoming, Reply } from "../core/types.ts";
import { startQuiz } from "./quiz.ts";

export const lessonCommand = {
  name: "lesson",
  description: "A lesson's summary and a link to read it on the site",
  options: [{ type: 3, name: "name", description: "The lesson", required: true, autocomplete: true }],
};
export const statsCommand = {
  name: "stats",
  description: "Your progress on this server: answers, points, streak, reviews due",
};
export const leaderboardCommand = {
  name: "leaderboard",
  description: "This server's leaderboard",
  options: [
    {
      type: 3,
      name: "period",
      description: "This week or all time",
      required: false,
      choices: [
        { name: "this week", value: "week" },
        { name: "all time", value: "all" },
      ],
    },
  ],
};
export const reviewCommand = {
  name: "review",
  description: "Review the questions your spaced-repetition schedule says are due",
};
export const configCommand = {
  name: "config",
  description: "Server settings for Layercake (Manage Server only)",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: 7,
      name: "challenge_channel",
      description: "The only channel where /challenge runs",
      required: false,
    },
    {
      type: 4,
      name: "challenge_rounds",
      description: "Default rounds per challenge (1–15)",
      required: false,
      min_value: 1,
      max_value: 15,
    },
    {
      type: 4,
      name: "round_seconds",
      description: "Default seconds per round (2–120)",
      required: false,
      min_value: 2,
      max_value: 120,
    },
  ],
};

export function lessonReply(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  const wanted = String(incoming.options.name ?? "");
  const lesson =
    ctx.lessonsById.get(wanted) ??
    ctx.library.lessons.find((candidate) => candidate.title.toLowerCase() === wanted.toLowerCase());
  if (!lesson) return notice(`No lesson "${truncate(wanted, 60)}". Start typing to see the lessons.`);
  const url = `${ctx.siteUrl.replace(/\/$/, "")}/${lesson.track}/${lesson.id}/`;
  return {
    kind: "message",
    body: {
      embeds: [
        {
          title: lesson.title,
          url,
          description: truncate(
            `${lesson.summary}\n\n**You will learn to**\n${lesson.objectives.map((objective) => `• ${objective}`).join("\n")}`,
            4096,
          ),
          color: COLORS.question,
          footer: {
            text: `${lesson.questionIds.length} practice questions · /quiz start topic:${ctx.library.banks.find((bank) => bank.lesson === lesson.id)?.topic ?? ""}`,
          },
        },
      ],
    },
  };
}

export function lessonChoices(ctx: BotContext, value: string): Reply {
  const query = value.toLowerCase();
  return {
    kind: "choices",
    choices: ctx.library.lessons
      .filter((lesson) => lesson.title.toLowerCase().includes(query) || lesson.id.includes(query))
      .slice(0, 25)
      .map((lesson) => ({ name: truncate(lesson.title, 100), value: lesson.id })),
  };
}

export function topicChoices(ctx: BotContext, value: string): Reply {
  const query = value.toLowerCase();
  return {
    kind: "choices",
    choices: ctx.library.banks
      .filter((bank) => bank.title.toLowerCase().includes(query) || bank.topic.includes(query))
      .slice(0, 25)
      .map((bank) => ({
        name: truncate(`${bank.title} (${bank.questions.length})`, 100),
        value: bank.topic,
      })),
  };
}

export function statsReply(ctx: BotContext, incoming: Incoming): Reply {
  const now = ctx.now();
  const totals = ctx.storage.userTotals(incoming.guildId, incoming.actor.id);
  const week = ctx.storage
    .leaderboard(incoming.guildId, isoWeek(now), 1000)
    .find((row_) => row_.userId === incoming.actor.id);
  const due = dueCards(ctx.storage.getCards(incoming.actor.id), now).length;
  return {
    kind: "message",
    body: {
      ephemeral: true,
      embeds: [
        {
          title: "Your Layercake progress on this server",
          color: COLORS.info,
          fields: [
            { name: "Answered", value: `${totals.answered} (${totals.correct} right)`, inline: true },
            {
              name: "Points",
              value: `${totals.points} all time · ${week?.points ?? 0} this week`,
              inline: true,
            },
            { name: "Streak", value: `${ctx.storage.streak(incoming.actor.id, now)} day(s)`, inline: true },
            { name: "Due for review", value: `${due} question(s) — /review`, inline: true },
          ],
        },
      ],
    },
  };
}

export function leaderboardReply(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  const period = incoming.options.period === "all" ? "all" : "week";
  const rows = ctx.storage.leaderboard(
    incoming.guildId,
    period === "week" ? isoWeek(ctx.now()) : undefined,
    10,
  );
  const lines = rows.map(
    (entry, index) =>
      `${index + 1}. <@${entry.userId}> — ${entry.points} points, ${entry.correct}/${entry.answered} right, ${ctx.storage.streak(entry.userId, ctx.now())}-day streak`,
  );
  return {
    kind: "message",
    body: {
      embeds: [
        {
          title: period === "week" ? `Leaderboard — week ${isoWeek(ctx.now())}` : "Leaderboard — all time",
          description: lines.join("\n") || "No answers yet. `/quiz start` or `/challenge`!",
          color: COLORS.right,
        },
      ],
    },
  };
}

export function reviewReply(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  const due = dueCards(ctx.storage.getCards(incoming.actor.id), ctx.now()).filter((card) =>
    ctx.questionsById.has(card.questionId),
  );
  if (due.length === 0)
    return notice("Nothing is due for review. Answer questions with `/quiz start` to build your schedule.");
  return startQuiz(
    ctx,
    incoming,
    due.slice(0, 10).map((card) => card.questionId),
  );
}

export function configReply(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  // Discord hides the command from members without the permission, but checks must not rely on that.
  if ((incoming.actor.permissions & PermissionFlagsBits.ManageGuild) === 0n)
    return notice("Only members with the Manage Server permission can change Layercake's settings.");
  const current = ctx.storage.getGuildConfig(incoming.guildId);
  const next = {
    ...current,
    ...(incoming.options.challenge_channel !== undefined
      ? { challengeChannelId: String(incoming.options.challenge_channel) }
      : {}),
    ...(incoming.options.challenge_rounds !== undefined
      ? { challengeRounds: Math.min(15, Math.max(1, Number(incoming.options.challenge_rounds))) }
      : {}),
    ...(incoming.options.round_seconds !== undefined
      ? { roundSeconds: Math.min(120, Math.max(2, Number(incoming.options.round_seconds))) }
      : {}),
  };
  ctx.storage.setGuildConfig(next);
  return notice(
    `Settings saved: challenges ${next.challengeChannelId ? `only in <#${next.challengeChannelId}>` : "in any channel"}, ${next.challengeRounds} rounds of ${next.roundSeconds} s.`,
  );
}
