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
import {
  CHANNEL_ID,
  DiscordEmulator,
  type EmulatedUser,
  type RecordedCall,
  type StoredMessage,
} from "./emulator/emulator.ts";

export const BOT_DIR = join(import.meta.dirname, "..");

/**
 * The arguments `npm start` gives node (package.json's start script, whose V8 flags keep the bot's
 * memory small), so the tests and the bench run the bot exactly as production does.
 */
export function startArguments(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(BOT_DIR, "package.json"), "utf8")) as { scripts: { start: string } }
  ).scripts;
  const [program, ...args] = scripts.start.split(/\s+/);
  if (program !== "node") throw new Error(`the start script should run node, not ${program}`);
  return args;
}
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

  /** SIGKILL: no cleanup at all, as when a machine dies. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** The bot's process id (under sharding, the manager's). */
  pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error("the bot is not running");
    return pid;
  }

  /** The process's resident set size (VmRSS) in bytes. */
  residentBytes(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error("the bot is not running");
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

export async function startHarness(): Promise<{
  emulator: DiscordEmulator;
  bot: BotProcess;
  databasePath: string;
}> {
  const emulator = new DiscordEmulator();
  await emulator.start();
  const databasePath = join(mkdtempSync(join(tmpdir(), "layercake-bot-e2e-")), "bot.sqlite");
  const bot = new BotProcess(emulator, databasePath);
  await bot.start();
  return { emulator, bot, databasePath };
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
