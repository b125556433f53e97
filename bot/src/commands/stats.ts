/** `/stats`: the player's progress on this server: answers, points, streak, reviews due. */
import { dueCards } from "@layercake/shared/quiz";
import { InteractionContextType } from "discord-api-types/v10";
import { isoWeek } from "../adapters/storage.ts";
import { COLORS } from "../messages/render.ts";
import type { Command } from "../messages/types.ts";

export const stats = {
  data: {
    name: "stats",
    description: "Your progress on this server: answers, points, streak, reviews due",
    contexts: [InteractionContextType.Guild],
  },
  async execute(ctx, incoming) {
    const now = ctx.now();
    const totals = await ctx.storage.userTotals(incoming.guildId, incoming.actor.id);
    const week = (await ctx.storage.leaderboard(incoming.guildId, isoWeek(now), 1000)).find(
      (entry) => entry.userId === incoming.actor.id,
    );
    const due = dueCards(await ctx.storage.getCards(incoming.actor.id), now).length;
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
              {
                name: "Streak",
                value: `${await ctx.storage.streak(incoming.actor.id, now)} day(s)`,
                inline: true,
              },
              { name: "Due for review", value: `${due} question(s) — /review`, inline: true },
            ],
          },
        ],
      },
    };
  },
} satisfies Command;
