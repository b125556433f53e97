/**
 * `npm run bench -w @layercake/bot`: the bot in-process against the Discord emulator.
 * - handler latency: 1,000 interactions (quiz starts, answers, /lesson, /stats, autocomplete),
 *   each timed from dispatch on the gateway to the bot's REST callback; p50 and p99.
 * - memory: heap growth with 1,000 active quiz sessions (1,000 users each in a quiz).
 * Targets: p99 under 50 ms; under 20 MB for 1,000 sessions.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBot } from "../src/adapters/discord.ts";
import { autocomplete, DiscordEmulator, slashCommand } from "../test/emulator/emulator.ts";

const emulator = new DiscordEmulator();
await emulator.start();
const bot = await startBot(
  {
    token: "bench-token",
    apiUrl: emulator.url,
    databasePath: join(mkdtempSync(join(tmpdir(), "layercake-bot-bench-")), "bot.sqlite"),
    siteUrl: "https://layercake.test",
    rateLimit: { burst: 1_000_000, windowMs: 1000 },
  },
  { log: () => {} },
);

async function timed(payload: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const { id, token } = emulator.interact(payload);
  await emulator.waitFor((call) => call.path === `/interactions/${id}/${token}/callback`, {
    since: Math.max(0, emulator.calls.length - 5),
  });
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// Warm up (module caches, the first engine run).
for (let index = 0; index < 20; index += 1)
  await timed(slashCommand({ id: `9${index}`, username: "warm" }, "stats"));

const latencies: number[] = [];
for (let index = 0; index < 1000; index += 1) {
  const user = { id: `81${String(index).padStart(6, "0")}`, username: `user${index}` };
  const kind = index % 4;
  const payload =
    kind === 0
      ? slashCommand(user, "quiz", [
          { name: "start", type: 1, options: [{ name: "length", type: 4, value: 3 }] },
        ])
      : kind === 1
        ? slashCommand(user, "lesson", [{ name: "name", type: 3, value: "build-cache" }])
        : kind === 2
          ? autocomplete(user, "lesson", [{ name: "name", type: 3, value: "cache", focused: true }])
          : slashCommand(user, "stats");
  latencies.push(await timed(payload));
}

globalThis.gc?.();
const before = process.memoryUsage().heapUsed;
for (let index = 0; index < 1000; index += 1) {
  const user = { id: `82${String(index).padStart(6, "0")}`, username: `player${index}` };
  await timed(
    slashCommand(user, "quiz", [
      { name: "start", type: 1, options: [{ name: "length", type: 4, value: 5 }] },
    ]),
  );
}
globalThis.gc?.();
const after = process.memoryUsage().heapUsed;
const sessions = bot.storage.activeSessions().length;

console.log("Discord bot (in-process, against the local Discord emulator)");
console.log(
  `  handler latency over ${latencies.length} interactions: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target p99 < 50 ms)`,
);
console.log(
  `  heap growth with ${sessions} active sessions: ${((after - before) / 1024 / 1024).toFixed(1)} MB (target < 20 MB per 1,000 sessions; sessions live in SQLite, not in memory)`,
);
await bot.stop();
await emulator.stop();
process.exit(0);
