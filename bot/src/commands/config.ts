/** `/config`: server settings (Manage Server only): the challenge channel, rounds and round time. */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import { notice } from "../messages/render.ts";
import type { Command } from "../messages/types.ts";

export const config = {
  data: {
    name: "config",
    description: "Server settings for Layercake (Manage Server only)",
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: "challenge_channel",
        description: "The only channel where /challenge runs",
        required: false,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "challenge_rounds",
        description: "Default rounds per challenge (1–15)",
        required: false,
        min_value: 1,
        max_value: 15,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "round_seconds",
        description: "Default seconds per round (2–120)",
        required: false,
        min_value: 2,
        max_value: 120,
      },
    ],
  },
  async execute(ctx, incoming) {
    // Discord hides the command from members without the permission, but checks must not rely on that.
    if ((incoming.actor.permissions & PermissionFlagsBits.ManageGuild) === 0n)
      return notice("Only members with the Manage Server permission can change Layercake's settings.");
    const current = await ctx.storage.getGuildConfig(incoming.guildId);
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
    await ctx.storage.setGuildConfig(next);
    return notice(
      `Settings saved: challenges ${next.challengeChannelId ? `only in <#${next.challengeChannelId}>` : "in any channel"}, ${next.challengeRounds} rounds of ${next.roundSeconds} s.`,
    );
  },
} satisfies Command;
