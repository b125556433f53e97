/**
 * The bot's entry point: the one place that reads process.env. Without a token it explains how to
 * enable the bot and exits 0 (so `npm start` still serves the site); SIGTERM and SIGINT shut it
 * down cleanly (client closed, database closed).
 */
import { startBot } from "./adapters/discord.ts";
import { readConfig } from "./config.ts";

const result = readConfig(process.env);
if ("missingToken" in result) {
  console.log(
    'Layercake Discord bot: DISCORD_TOKEN is not set, so the bot is not started. See README.md, "The Discord bot", to create the application and set the token.',
  );
  process.exit(0);
}
if ("problem" in result) {
  console.error(`Layercake Discord bot: ${result.problem}`);
  process.exit(1);
}
// One bad event must not take every session down with it; log it (never the config) and go on.
process.on("uncaughtException", (error) =>
  console.error(`Layercake Discord bot: unexpected error: ${error.stack ?? error.message}`),
);
process.on("unhandledRejection", (reason) =>
  console.error(`Layercake Discord bot: unhandled rejection: ${String(reason)}`),
);
// SIGUSR2 reports this process's memory (after a full collection when node exposes gc, as npm
// start does), so an operator or the bench reads the resident size the bot really keeps.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `layercake bot: memory (pid ${process.pid}): rss ${mb(rss)} MB, heap ${mb(heapUsed)} of ${mb(heapTotal)} MB, external ${mb(external)} MB (array buffers ${mb(arrayBuffers)} MB)`,
  );
});
// Under LAYERCAKE_SHARDS this process is the manager; the shards it starts run this file again
// with SHARDING_MANAGER set, and take the branch below.
if (result.config.shards !== undefined && !process.env.SHARDING_MANAGER) {
  try {
    const { runShards } = await import("./adapters/shards.ts");
    const shards = await runShards(result.config, (line) => console.log(line));
    console.log(`layercake bot: all ${shards.total} shards are running`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`Layercake Discord bot: ${signal}, stopping the shards`);
      void shards.stop().then(() => process.exit(0));
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  } catch (error) {
    console.error(
      `Layercake Discord bot: could not start the shards: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
} else
  try {
    const bot = await startBot(
      result.config,
      process.env.LAYERCAKE_CONTENT_DIR ? { contentDir: process.env.LAYERCAKE_CONTENT_DIR } : {},
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`Layercake Discord bot: ${signal}, shutting down`);
      void bot.stop().then(() => process.exit(0));
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  } catch (error) {
    // Never print the configuration: it holds the token.
    console.error(
      `Layercake Discord bot: could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
