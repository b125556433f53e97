/**
 * Registers the bot's slash commands: in one guild when DISCORD_GUILD_ID is set (instant, for
 * development), globally otherwise. Works against DISCORD_API_URL too.
 *   DISCORD_TOKEN=… DISCORD_APPLICATION_ID=… [DISCORD_GUILD_ID=…] npm run register -w @layercake/bot
 */
import { REST, Routes } from "discord.js";
import { COMMANDS } from "../src/commands/index.ts";
import { readConfig } from "../src/config.ts";

const result = readConfig(process.env);
if (!("config" in result)) {
  console.error(
    "missingToken" in result ? "Set DISCORD_TOKEN (and DISCORD_APPLICATION_ID) first." : result.problem,
  );
  process.exit(1);
}
const { config } = result;
if (!config.applicationId) {
  console.error("Set DISCORD_APPLICATION_ID (the application's id from the developer portal).");
  process.exit(1);
}
const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
const route = config.guildId
  ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
  : Routes.applicationCommands(config.applicationId);
const registered = (await rest.put(route, { body: COMMANDS })) as unknown[];
console.log(
  `Registered ${registered.length} commands ${config.guildId ? `in guild ${config.guildId}` : "globally (may take up to an hour to appear)"}.`,
);
