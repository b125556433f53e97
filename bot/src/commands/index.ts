/**
 * The bot's commands: their registration data (what scripts/register-commands.ts sends to
 * Discord) and the router from an incoming interaction to its handler.
 */
import { notice } from "../core/render.ts";
import type { BotContext, Incoming, Reply } from "../core/types.ts";
import { challengeCommand, handleChallengeComponent, startChallenge } from "./challenge.ts";
import { drillCommand, handleDrillComponent, startDrillCommand } from "./drill.ts";
import {
  configCommand,
  configReply,
  leaderboardCommand,
  leaderboardReply,
  lessonChoices,
  lessonCommand,
  lessonReply,
  reviewCommand,
  reviewReply,
  statsCommand,
  statsReply,
  topicChoices,
} from "./info.ts";
import { handleQuizComponent, quizCommand, startQuiz, stopQuiz } from "./quiz.ts";
import { handleSimulateModal, simulateCommand, simulateModal } from "./simulate.ts";

/** Registration payloads, in the order Discord lists them. */
export const COMMANDS = [
  quizCommand,
  drillCommand,
  reviewCommand,
  challengeCommand,
  simulateCommand,
  lessonCommand,
  statsCommand,
  leaderboardCommand,
  configCommand,
].map((command) => ({
  type: 1,
  dm_permission: false,
  ...command,
}));

/** Routes one interaction to its handler; unknown ids get a clear ephemeral answer. */
export function route(ctx: BotContext, incoming: Incoming): Reply {
  switch (incoming.kind) {
    case "command":
      switch (incoming.name) {
        case "quiz":
          return incoming.subcommand === "stop" ? stopQuiz(ctx, incoming) : startQuiz(ctx, incoming);
        case "drill":
          return startDrillCommand(ctx, incoming);
        case "review":
          return reviewReply(ctx, incoming);
        case "challenge":
          return startChallenge(ctx, incoming);
        case "simulate":
          return simulateModal();
        case "lesson":
          return lessonReply(ctx, incoming);
        case "stats":
          return statsReply(ctx, incoming);
        case "leaderboard":
          return leaderboardReply(ctx, incoming);
        case "config":
          return configReply(ctx, incoming);
        default:
          return notice(
            `Unknown command /${incoming.name.slice(0, 32)}. Commands may be out of date; ask an admin to run the registration script.`,
          );
      }
    case "autocomplete":
      return incoming.name === "lesson"
        ? lessonChoices(ctx, incoming.value)
        : topicChoices(ctx, incoming.value);
    case "button":
    case "select":
    case "modal": {
      const kind = incoming.customId.split(":")[0];
      if (kind === "quiz") return handleQuizComponent(ctx, incoming);
      if (kind === "drill") return handleDrillComponent(ctx, incoming);
      if (kind === "chal") return handleChallengeComponent(ctx, incoming);
      if (kind === "sim" && incoming.kind === "modal") return handleSimulateModal(ctx, incoming);
      return notice(
        "This button belongs to something Layercake no longer knows (an old message?). Start again with a command.",
      );
    }
  }
}
