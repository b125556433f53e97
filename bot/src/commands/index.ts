/**
 * The bot's command table: each entry is `{ data, execute, … } satisfies Command` (the shape the
 * discord.js guide uses). Registration sends every `data`; `route` finds the handler of an
 * interaction by command name or by its custom id's prefix.
 */
import { ApplicationCommandType } from "discord-api-types/v10";
import { notice } from "../messages/render.ts";
import type { BotContext, Command, Incoming, Reply } from "../messages/types.ts";
import { challenge } from "./challenge.ts";
import { config } from "./config.ts";
import { drill } from "./drill.ts";
import { leaderboard } from "./leaderboard.ts";
import { lesson } from "./lesson.ts";
import { progress } from "./progress.ts";
import { quiz } from "./quiz.ts";
import { review } from "./review.ts";
import { simulate } from "./simulate.ts";
import { stats } from "./stats.ts";

/** In the order Discord lists them. */
export const COMMAND_TABLE: readonly Command[] = [
  quiz,
  drill,
  review,
  challenge,
  simulate,
  lesson,
  stats,
  progress,
  leaderboard,
  config,
];

/** Registration payloads (chat-input commands, guild context only). */
export const COMMANDS = COMMAND_TABLE.map((command) => ({
  type: ApplicationCommandType.ChatInput,
  ...command.data,
}));

const byName = new Map(COMMAND_TABLE.map((command) => [command.data.name, command]));
const byPrefix = new Map(
  COMMAND_TABLE.flatMap((command) =>
    command.componentPrefix ? [[command.componentPrefix, command] as const] : [],
  ),
);

/** Routes one interaction to its handler; unknown names and ids get a clear ephemeral answer. */
export function route(ctx: BotContext, incoming: Incoming): Reply | Promise<Reply> {
  switch (incoming.kind) {
    case "command": {
      const command = byName.get(incoming.name);
      if (!command)
        return notice(
          `Unknown command /${incoming.name.slice(0, 32)}. Commands may be out of date; ask an admin to run the registration script.`,
        );
      return command.execute(ctx, incoming);
    }
    case "autocomplete":
      return byName.get(incoming.name)?.autocomplete?.(ctx, incoming) ?? { kind: "choices", choices: [] };
    default: {
      const command = byPrefix.get(incoming.customId.split(":")[0] ?? "");
      if (!command?.handleComponent)
        return notice(
          "This button belongs to something Layercake no longer knows (an old message?). Start again with a command.",
        );
      return command.handleComponent(ctx, incoming);
    }
  }
}
