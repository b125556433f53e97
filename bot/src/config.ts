/**
 * The bot's configuration from the environment. Only src/index.ts passes process.env in; the
 * token is kept out of every message and log.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export interface BotConfig {
  token: string;
  /** REST base URL (e.g. a rate-limit proxy or a local Discord-compatible server); the gateway URL comes from its /gateway/bot. */
  apiUrl?: string;
  databasePath: string;
  /** PostgreSQL (`postgres://…`) instead of the SQLite file, for shards and several machines. */
  databaseUrl?: string;
  /** This process's name in timer leases: `shard-<ids>` under the ShardingManager, else `main`. */
  instance: string;
  siteUrl: string;
  applicationId?: string;
  guildId?: string;
  /** Interactions per user per window. */
  rateLimit: { burst: number; windowMs: number };
  /** Run as this many discord.js shards under a ShardingManager (`auto`: Discord's recommendation). */
  shards?: "auto" | number;
  /** Milliseconds between starting two shards (Discord allows one IDENTIFY per 5 s per bucket). */
  shardSpawnDelayMs: number;
}

export type ConfigResult = { config: BotConfig } | { missingToken: true } | { problem: string };

export const ENVIRONMENT = {
  DISCORD_TOKEN: "the bot token from the Discord developer portal (required)",
  DISCORD_API_URL: "REST base URL, default https://discord.com/api",
  LAYERCAKE_BOT_DB: "SQLite database path, default ~/.layercake/bot.sqlite",
  DATABASE_URL: "postgres://… to keep the bot's data in PostgreSQL instead (shards, several machines)",
  LAYERCAKE_SHARDS: "auto or a number: run the bot as that many discord.js shards (one process each)",
  LAYERCAKE_SHARD_DELAY_MS: "milliseconds between starting two shards, default 5500",
  LAYERCAKE_SITE_URL: "where lesson links point, default http://localhost:4321",
  DISCORD_APPLICATION_ID: "the application id (command registration)",
  DISCORD_GUILD_ID: "a guild to register commands in (development); global when unset",
  LAYERCAKE_BOT_RATE_LIMIT: "interactions per user per window, `burst/milliseconds`, default 8/5000",
} as const;

export function readConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const token = env.DISCORD_TOKEN?.trim();
  if (!token) return { missingToken: true };
  const apiUrl = env.DISCORD_API_URL?.trim();
  if (apiUrl !== undefined && apiUrl !== "") {
    try {
      const url = new URL(apiUrl);
      if (url.protocol !== "http:" && url.protocol !== "https:")
        return { problem: `DISCORD_API_URL must be an http(s) URL, not ${url.protocol}` };
    } catch {
      return { problem: `DISCORD_API_URL is not a URL: ${apiUrl.slice(0, 100)}` };
    }
  }
  const siteUrl = env.LAYERCAKE_SITE_URL?.trim() || "http://localhost:4321";
  const rate = /^(\d+)\/(\d+)$/.exec(env.LAYERCAKE_BOT_RATE_LIMIT?.trim() ?? "8/5000");
  if (!rate)
    return { problem: "LAYERCAKE_BOT_RATE_LIMIT must look like 8/5000 (interactions per milliseconds)" };
  const shardsText = env.LAYERCAKE_SHARDS?.trim();
  const shards = !shardsText ? undefined : shardsText === "auto" ? ("auto" as const) : Number(shardsText);
  if (typeof shards === "number" && !(Number.isInteger(shards) && shards >= 1 && shards <= 1000))
    return {
      problem: `LAYERCAKE_SHARDS must be auto or a whole number from 1 to 1000, not ${shardsText?.slice(0, 20)}`,
    };
  const delayText = env.LAYERCAKE_SHARD_DELAY_MS?.trim() || "5500";
  if (!/^\d+$/.test(delayText))
    return { problem: "LAYERCAKE_SHARD_DELAY_MS must be a whole number of milliseconds" };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    return { problem: "DATABASE_URL must be a postgres:// or postgresql:// URL" };
  return {
    config: {
      token,
      ...(apiUrl ? { apiUrl: apiUrl.replace(/\/$/, "") } : {}),
      databasePath: env.LAYERCAKE_BOT_DB?.trim() || join(env.HOME ?? homedir(), ".layercake", "bot.sqlite"),
      ...(databaseUrl ? { databaseUrl } : {}),
      instance: env.LAYERCAKE_INSTANCE?.trim() || (env.SHARDS ? `shard-${env.SHARDS}` : "main"),
      siteUrl,
      ...(env.DISCORD_APPLICATION_ID ? { applicationId: env.DISCORD_APPLICATION_ID } : {}),
      ...(env.DISCORD_GUILD_ID ? { guildId: env.DISCORD_GUILD_ID } : {}),
      rateLimit: { burst: Number(rate[1]), windowMs: Number(rate[2]) },
      ...(shards !== undefined ? { shards } : {}),
      shardSpawnDelayMs: Number(delayText),
    },
  };
}
