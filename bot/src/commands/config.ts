/**
 * `/config docker`: each user picks the Docker they run (a learner profile); quizzes, drills,
 * reviews and challenges then ask only questions that hold for it, scenario answers are computed
 * for it, and `/simulate` runs on it. `/config server` (Manage Server only): the challenge channel,
 * rounds and round time. The command is visible to everyone (the Docker choice is each user's);
 * the server settings check the permission themselves.
 */
import { LEARNER_PROFILES, learnerProfile, parseLearnerProfile } from "@layercake/shared/engine";
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import { notice } from "../messages/render.ts";
import type { BotContext, Command, CommandIncoming, Reply } from "../messages/types.ts";

async function configureDocker(ctx: BotContext, incoming: CommandIncoming): Promise<Reply> {
  const userId = incoming.actor.id;
  const chosen = incoming.options.profile;
  if (chosen === undefined) {
    const { dockerProfile } = await ctx.storage.getUserSettings(userId);
    return notice(
      `You run: **${learnerProfile(dockerProfile).label}**. Questions, scenario answers and /simulate are computed for it; \`/config docker profile:\` changes it.`,
    );
  }
  let dockerProfile: ReturnType<typeof parseLearnerProfile>;
  try {
    dockerProfile = parseLearnerProfile(String(chosen), "/config docker profile");
  } catch (error) {
    return notice(error instanceof Error ? error.message : String(error));
  }
  await ctx.storage.setUserSettings({ userId, dockerProfile, chosenAt: ctx.now().toISOString() });
  return notice(
    `Saved: you run **${learnerProfile(dockerProfile).label}**. From your next question on, quizzes, drills, reviews and challenges ask what holds there, and /simulate builds on it.`,
  );
}

async function configureServer(ctx: BotContext, incoming: CommandIncoming): Promise<Reply> {
  // The command is visible to every member (for `/config docker`), so this check is the only one.
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
}

export const config = {
  data: {
    name: "config",
    description: "Your Docker set-up, and the server's Layercake settings",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "docker",
        description: "Which Docker you run: questions and /simulate answer for it",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "profile",
            description: "Your Docker set-up (leave out to see the current one)",
            required: false,
            choices: LEARNER_PROFILES.map((profile) => ({
              name: profile.label.slice(0, 100),
              value: profile.id,
            })),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "server",
        description: "Server settings for challenges (Manage Server only)",
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
    ],
  },
  async execute(ctx, incoming) {
    if (incoming.subcommand === "docker") return configureDocker(ctx, incoming);
    if (incoming.subcommand === "server") return configureServer(ctx, incoming);
    return notice("Use `/config docker` or `/config server`.");
  },
} satisfies Command;
