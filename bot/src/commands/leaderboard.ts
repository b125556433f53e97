/** `/leaderboard`: this server's leaderboard, this week or all time, with streaks. */
import { ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import { isoWeek } from "../adapters/storage.ts";
import { COLORS } from "../messages/render.ts";
import type { Command } from "../messages/types.ts";

export const leaderboard = {
  data: {
    name: "leaderboard",
    description: "This server's leaderboard",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "period",
        description: "This week or all time",
        required: false,
        choices: [
          { name: "this week", value: "week" },
          { name: "all time", value: "all" },
        ],
      },
    ],
  },
  async execute(ctx, incoming) {
    const period = incoming.options.period === "all" ? "all" : "week";
    const rows = await ctx.storage.leaderboard(
      incoming.guildId,
      period === "week" ? isoWeek(ctx.now()) : undefined,
      10,
    );
    const streaks = await Promise.all(rows.map((entry) => ctx.storage.streak(entry.userId, ctx.now())));
    const lines = rows.map(
      (entry, index) =>
        `${index + 1}. <@${entry.userId}> — ${entry.points} points, ${entry.correct}/${entry.answered} right, ${streaks[index]}-day streak`,
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
  },
} satisfies Command;
