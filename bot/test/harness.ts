/**
 * End-to-end harness: the Discord emulator in the test process and the bot as a real child process
 * (`node src/index.ts`, configured through the environment as in production) that can be killed
 * and restarted over the same database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Storage } from "../src/adapters/storage.ts";
import { openStore, type Store, type StoreLocation } from "../src/adapters/store.ts";
import { startArguments } from "../src/start-arguments.ts";
import {
  CHANNEL_ID,
  DiscordEmulator,
  type EmulatedUser,
  type RecordedCall,
  type StoredMessage,
} from "./emulator/emulator.ts";
import { freshSchemaUrl, testDatabaseUrl } from "./postgres.ts";

export const BOT_DIR = join(import.meta.dirname, "..");

export const SITE_URL = "https://layercake.test";

export class BotProcess {
  private child?: ChildProcess;
  output = "";

  readonly emulator: DiscordEmulator;
  readonly databasePath: string;
  /** LAYERCAKE_BOT_RATE_LIMIT: tests click far faster than people; the limiter has its own tests. */
  rateLimit = "200/1000";
  /** More environment (DATABASE_URL, LAYERCAKE_SHARDS…). */
  extraEnv: Record<string, string> = {};
  /** How many "ready as" lines mean started (one per shard). */
  readyLines = 1;

  constructor(emulator: DiscordEmulator, databasePath: string) {
    this.emulator = emulator;
    this.databasePath = databasePath;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DISCORD_TOKEN: "test-token-never-logged",
      DISCORD_API_URL: this.emulator.url,
      LAYERCAKE_BOT_DB: this.databasePath,
      LAYERCAKE_SITE_URL: SITE_URL,
      LAYERCAKE_BOT_RATE_LIMIT: this.rateLimit,
      ...this.extraEnv,
    };
  }

  async start(): Promise<void> {
    this.output = "";
    const child = spawn(process.execPath, startArguments(), {
      cwd: BOT_DIR,
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a kill takes the shards and the content reader with it.
      detached: true,
    });
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    // Generous: a loaded CI machine can take long to start node twice (the bot and its content reader).
    const deadline = Date.now() + 120_000;
    while (this.output.split("ready as").length - 1 < this.readyLines) {
      if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}): ${this.output}`);
      if (Date.now() > deadline) throw new Error(`the bot did not get ready: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL to the bot and every process it started (shards): no cleanup at all, as when a machine dies. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }

  /** The pid each shard logged when it was ready, newest last (under LAYERCAKE_SHARDS). */
  shardPids(shard: number): number[] {
    return [...this.output.matchAll(new RegExp(`ready as .*\\(shard-${shard}, pid (\\d+)\\)`, "g"))].map(
      (match) => Number(match[1]),
    );
  }

  /**
   * The processes that serve Discord: the bot itself, or under sharding the newest process of
   * each shard (the manager only starts and restarts them).
   */
  servingPids(): number[] {
    if (this.readyLines === 1) return [this.pid()];
    return Array.from({ length: this.readyLines }, (_, shard) => this.shardPids(shard).at(-1) ?? 0);
  }

  /** The bot's process id (under sharding, the manager's). */
  pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error("the bot is not running");
    return pid;
  }

  /** A process's resident set size (VmRSS) in bytes: the bot's, or the one named. */
  residentBytes(pid: number = this.pid()): number {
    const kilobytes = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kilobytes) * 1024;
  }

  /**
   * VmRSS after a full garbage collection: SIGUSR2 makes the bot collect (npm start exposes gc)
   * and log its memory; the reading follows that line, so garbage not yet collected is not counted.
   */
  async collectedResidentBytes(): Promise<number> {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error("the bot is not running");
    const reports = () => this.output.split(`memory (pid ${pid})`).length;
    const before = reports();
    process.kill(pid, "SIGUSR2");
    const deadline = Date.now() + 30_000;
    while (reports() === before) {
      if (Date.now() > deadline) throw new Error(`the bot did not report its memory: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.residentBytes();
  }

  async terminate(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  }
}

/** Where an e2e suite runs the bot: one process on node:sqlite, or two shards on PostgreSQL. */
export interface E2eBackend {
  name: string;
  /** The test database (LAYERCAKE_TEST_DATABASE_URL); the bot then runs as two shards on it. */
  postgresUrl?: string;
}

/**
 * Every e2e suite runs once per backend: node:sqlite always, and PostgreSQL with two shards when
 * LAYERCAKE_TEST_DATABASE_URL names a database (outside CI its absence is a one-line note; in CI
 * it fails, see postgres.ts).
 */
export function e2eBackends(suite: string): E2eBackend[] {
  const postgresUrl = testDatabaseUrl(suite);
  return [
    { name: "node:sqlite, one process" },
    ...(postgresUrl ? [{ name: "PostgreSQL, two shards", postgresUrl }] : []),
  ];
}

export interface Harness {
  emulator: DiscordEmulator;
  bot: BotProcess;
  /** The bot's database, read and written through the storage interface the handlers use. */
  store: Store;
  stop(): Promise<void>;
}

/**
 * The emulator and the bot on `backend`. On PostgreSQL the bot runs under discord.js's
 * ShardingManager as two shards (the emulator recommends two and serves one gateway session to
 * each, GUILD_ID on one shard, GUILD_ID_2 on the other), in a schema of its own.
 */
export async function startHarness(
  backend: E2eBackend = { name: "node:sqlite, one process" },
): Promise<Harness> {
  const emulator = new DiscordEmulator();
  const databasePath = join(mkdtempSync(join(tmpdir(), "layercake-bot-e2e-")), "bot.sqlite");
  const bot = new BotProcess(emulator, databasePath);
  let location: StoreLocation = { sqlitePath: databasePath };
  if (backend.postgresUrl) {
    const url = await freshSchemaUrl(backend.postgresUrl, "e2e");
    emulator.guildCount = 2;
    emulator.recommendedShards = 2;
    bot.extraEnv = { DATABASE_URL: url, LAYERCAKE_SHARDS: "auto", LAYERCAKE_SHARD_DELAY_MS: "0" };
    bot.readyLines = 2;
    location = { postgresUrl: url };
  }
  await emulator.start();
  await bot.start();
  const store = await openStore(location);
  return {
    emulator,
    bot,
    store,
    async stop() {
      await bot.kill();
      await store.close();
      await emulator.stop();
    },
  };
}

export const alice: EmulatedUser = { id: "700000000000000001", username: "alice" };
export const bob: EmulatedUser = { id: "700000000000000002", username: "bob" };
export const admin: EmulatedUser = {
  id: "700000000000000003",
  username: "admin",
  permissions: String(0x20 | 0x8),
};

/** Sends an interaction and waits for the bot's callback to it. */
export async function interactAndWait(
  emulator: DiscordEmulator,
  payload: Record<string, unknown>,
): Promise<{ call: RecordedCall; id: string; token: string }> {
  const { id, token } = emulator.interact(payload);
  const call = await emulator.waitFor(
    (candidate) => candidate.method === "POST" && candidate.path === `/interactions/${id}/${token}/callback`,
  );
  return { call, id, token };
}

export function callbackData(call: RecordedCall): { type: number; data: Record<string, unknown> } {
  return call.body as { type: number; data: Record<string, unknown> };
}

/** The message a callback created or updated (the emulator keeps it by token). */
export function messageOf(emulator: DiscordEmulator, token: string): StoredMessage {
  const message = emulator.originals.get(token);
  if (!message) throw new Error(`no message for ${token}`);
  return message;
}

/** Custom ids of a message's components, in order. */
export function customIds(message: { components: unknown[] }): string[] {
  return (message.components as Array<{ components: Array<{ custom_id?: string }> }>).flatMap((row) =>
    row.components.map((component) => component.custom_id ?? ""),
  );
}

export function readStorage(path: string): Storage {
  return new Storage(path);
}

export { CHANNEL_ID };

/**
 * Sends an interaction and waits until its answer is complete: the callback, and for a deferred
 * one (the engine computed something first) the edit that completes it.
 */
export async function interactAndSettle(
  emulator: DiscordEmulator,
  payload: Record<string, unknown>,
  applicationId: string,
): Promise<{ call: RecordedCall; id: string; token: string; deferred: boolean }> {
  const sent = await interactAndWait(emulator, payload);
  const type = callbackData(sent.call).type;
  if (type !== 5 && type !== 6) return { ...sent, deferred: false };
  await emulator.waitFor(
    (call) =>
      (call.method === "PATCH" || call.method === "POST") &&
      call.path.startsWith(`/webhooks/${applicationId}/${sent.token}`),
    { timeoutMs: 20_000 },
  );
  return { ...sent, deferred: true };
}
