/**
 * `npm run bench -w @layercake/bot` (second part): the bot at scale against the local Discord
 * emulator. 200 players answer a challenge round at once, each click timed from its dispatch on the
 * gateway to the bot's callback (the handler's latency: claim, grade, one transaction, reply):
 * - node:sqlite, one process (the default);
 * - PostgreSQL, two shards (LAYERCAKE_SHARDS=2): the 200 in one challenge (one guild, so one shard
 *   answers them all), then 100 in each of two challenges, one per shard.
 * Target: p99 < 50 ms on PostgreSQL. PostgreSQL comes from LAYERCAKE_TEST_DATABASE_URL (e.g. what
 * .ci/postgres-setup.sh prints); without it only node:sqlite is measured.
 */
import { mkdtempSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  APPLICATION_ID,
  buttonClick,
  DiscordEmulator,
  type EmulatedUser,
  GUILD_ID,
  GUILD_ID_2,
  type StoredMessage,
  slashCommand,
} from "../test/emulator/emulator.ts";
import { admin, BotProcess, callbackData, customIds, interactAndSettle, messageOf } from "../test/harness.ts";
import { freshSchemaUrl } from "../test/postgres.ts";

const PLAYERS = 200;
/** Answers spread over this long: 40 a second, a busy round. */
const SPREAD_MS = 5000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(latencies: number[]): string {
  return `${latencies.length} answers, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`;
}

/**
 * Starts a challenge in each guild, then every player clicks an answer: all in the same instant
 * (`spreadMs` 0, a worst case where the last click queues behind all the others), or spread evenly
 * over `spreadMs` (players answering during the round). Their latencies.
 */
async function answerRound(
  emulator: DiscordEmulator,
  guilds: Array<{ guildId: string; players: EmulatedUser[] }>,
  spreadMs: number,
): Promise<number[]> {
  const boards: StoredMessage[] = [];
  for (const guild of guilds) {
    const start = await interactAndSettle(
      emulator,
      {
        ...slashCommand(admin, "challenge", [
          { name: "rounds", type: 4, value: 1 },
          { name: "seconds", type: 4, value: 120 },
        ]),
        guild_id: guild.guildId,
      },
      APPLICATION_ID,
    );
    boards.push(messageOf(emulator, start.token));
  }
  // Every payload is prepared first, so the clicks leave together.
  const payloads = guilds.flatMap((guild, index) => {
    const board = boards[index] as StoredMessage;
    const picks = customIds(board).filter((id) => id.includes(":pick:"));
    return guild.players.map((player, number) => ({
      ...buttonClick(player, picks[number % picks.length] as string, board),
      guild_id: guild.guildId,
    }));
  });
  const since = emulator.calls.length;
  const timed = payloads.map(async (payload, index) => {
    if (spreadMs > 0)
      await new Promise((resolve) => setTimeout(resolve, (index * spreadMs) / payloads.length));
    const started = performance.now();
    const { id, token } = emulator.interact(payload);
    const call = await emulator.waitFor(
      (candidate) => candidate.path === `/interactions/${id}/${token}/callback`,
      {
        since,
        timeoutMs: 60_000,
      },
    );
    const content = String(callbackData(call).data.content);
    if (!content.includes("locked in")) throw new Error(`an answer was not taken: ${content}`);
    return performance.now() - started;
  });
  return Promise.all(timed);
}

function players(prefix: string, count: number): EmulatedUser[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${String(index).padStart(16, "0")}`,
    username: `scale${prefix}-${index}`,
  }));
}

async function run(
  label: string,
  setup: (bot: BotProcess, emulator: DiscordEmulator) => void | Promise<void>,
  rounds: (emulator: DiscordEmulator) => Promise<Array<[string, number[]]>>,
): Promise<void> {
  const emulator = new DiscordEmulator();
  await emulator.start();
  const bot = new BotProcess(
    emulator,
    join(mkdtempSync(join(tmpdir(), "layercake-bot-scale-")), "bot.sqlite"),
  );
  bot.rateLimit = "1000000/1000";
  await setup(bot, emulator);
  await bot.start();
  try {
    for (const [name, latencies] of await rounds(emulator))
      console.log(`  ${label}, ${name}: ${summary(latencies)}`);
  } finally {
    await bot.terminate();
    await emulator.stop();
  }
}

console.log(
  "Discord bot at scale (200 players answering one challenge round; handler latency, dispatch to callback)",
);
await run(
  "node:sqlite, one process",
  (_bot, emulator) => {
    emulator.guildCount = 2;
  },
  async (emulator) => [
    [
      "one challenge, all at once",
      await answerRound(emulator, [{ guildId: GUILD_ID, players: players("86", PLAYERS) }], 0),
    ],
    [
      `one challenge, over ${SPREAD_MS / 1000} s`,
      await answerRound(emulator, [{ guildId: GUILD_ID_2, players: players("90", PLAYERS) }], SPREAD_MS),
    ],
  ],
);
const baseUrl = process.env.LAYERCAKE_TEST_DATABASE_URL?.trim();
if (!baseUrl)
  console.log(
    "  PostgreSQL: LAYERCAKE_TEST_DATABASE_URL is not set (.ci/postgres-setup.sh prints one); skipped",
  );
else {
  /** A fresh schema and a bot of two shards for each measurement (a guild runs one challenge at a time). */
  const sharded = async (bot: BotProcess, emulator: DiscordEmulator) => {
    emulator.guildCount = 2;
    bot.extraEnv = {
      DATABASE_URL: await freshSchemaUrl(baseUrl, "bench"),
      LAYERCAKE_SHARDS: "2",
      LAYERCAKE_SHARD_DELAY_MS: "0",
    };
    bot.readyLines = 2;
  };
  await run("PostgreSQL, two shards", sharded, async (emulator) => [
    [
      "one challenge (its guild's shard answers), all at once",
      await answerRound(emulator, [{ guildId: GUILD_ID, players: players("87", PLAYERS) }], 0),
    ],
    [
      `one challenge (the other shard), over ${SPREAD_MS / 1000} s`,
      await answerRound(emulator, [{ guildId: GUILD_ID_2, players: players("91", PLAYERS) }], SPREAD_MS),
    ],
  ]);
  await run("PostgreSQL, two shards", sharded, async (emulator) => [
    [
      "two challenges of 100, one per shard, all at once",
      await answerRound(
        emulator,
        [
          { guildId: GUILD_ID, players: players("88", PLAYERS / 2) },
          { guildId: GUILD_ID_2, players: players("89", PLAYERS / 2) },
        ],
        0,
      ),
    ],
  ]);
}
console.log(
  `  machine load average while benchmarking: ${loadavg()
    .map((load) => load.toFixed(1))
    .join(", ")} on ${availableParallelism()} cores`,
);
process.exit(0);
