/**
 * Sharding: with `LAYERCAKE_SHARDS=auto|N` the bot runs under discord.js's ShardingManager, one
 * process per shard, each running src/index.ts as an ordinary bot (discord.js passes the shard id
 * in SHARDS). Shards share nothing but the database, so they can also run on several machines
 * (see README, "Running at scale"). A shard that dies is started again by the manager; its timers
 * come back from the database (leases, see store.ts).
 */
import { fileURLToPath } from "node:url";
import { REST, Routes, ShardingManager } from "discord.js";
import type { BotConfig } from "../config.ts";

/** Discord's recommended shard count for this bot, from the configured API (`/gateway/bot`). */
async function recommendedShards(config: BotConfig): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, Number(gateway.shards ?? 1));
}

export interface RunningShards {
  total: number;
  /** Stops every shard (SIGTERM: each shuts down cleanly) and resolves when all have exited. */
  stop(): Promise<void>;
}

export async function runShards(config: BotConfig, log: (line: string) => void): Promise<RunningShards> {
  const total = config.shards === "auto" ? await recommendedShards(config) : (config.shards ?? 1);
  const manager = new ShardingManager(fileURLToPath(new URL("../index.ts", import.meta.url)), {
    token: config.token,
    totalShards: total,
    mode: "process",
    respawn: true,
    // The same V8 flags as the manager (npm start's, which keep each process small).
    execArgv: process.execArgv,
  });
  manager.on("shardCreate", (shard) => {
    log(`layercake bot: starting shard ${shard.id} of ${total}`);
    shard.on("death", () => log(`layercake bot: shard ${shard.id} exited; the manager starts it again`));
  });
  await manager.spawn({ amount: total, delay: config.shardSpawnDelayMs, timeout: 120_000 });
  return {
    total,
    async stop() {
      manager.respawn = false;
      const exits = [...manager.shards.values()].map((shard) => {
        const child = shard.process;
        if (!child || child.exitCode !== null) return Promise.resolve();
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        return exited;
      });
      await Promise.all(exits);
    },
  };
}
