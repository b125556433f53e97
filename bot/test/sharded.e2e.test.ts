/**
 * The bot at scale, end to end: PostgreSQL, `LAYERCAKE_SHARDS=auto` (the emulator recommends two),
 * so discord.js's ShardingManager runs two shard processes with one gateway session each; a
 * challenge runs in a guild of each shard. One shard is killed (SIGKILL) mid-round and started
 * again by the manager; every player then clicks again. Every answer is counted exactly once (one
 * row, one score) and every round closes exactly once (one board edit per round).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPLICATION_ID,
  buttonClick,
  CHANNEL_ID,
  CHANNEL_ID_2,
  DiscordEmulator,
  type EmulatedUser,
  GUILD_ID,
  GUILD_ID_2,
  type RecordedCall,
  type StoredMessage,
  shardOf,
  slashCommand,
} from "./emulator/emulator.ts";
import {
  admin,
  BotProcess,
  callbackData,
  customIds,
  interactAndSettle,
  interactAndWait,
  messageOf,
} from "./harness.ts";
import { freshSchemaUrl, testDatabaseUrl } from "./postgres.ts";

const baseUrl = testDatabaseUrl("sharded e2e");
const PLAYERS = 20;
const ROUNDS = 2;

function players(prefix: string): EmulatedUser[] {
  return Array.from({ length: PLAYERS }, (_, index) => ({
    id: `${prefix}${String(index).padStart(4, "0")}`,
    username: `p${prefix.slice(-2)}${index}`,
  }));
}

/** The pid each shard logged when it was ready, newest last. */
function shardPids(output: string, shard: number): number[] {
  return [...output.matchAll(new RegExp(`ready as .*\\(shard-${shard}, pid (\\d+)\\)`, "g"))].map((match) =>
    Number(match[1]),
  );
}

describe.skipIf(!baseUrl)("the bot on PostgreSQL with two shards", () => {
  const emulator = new DiscordEmulator();
  let bot: BotProcess;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await freshSchemaUrl(baseUrl as string, "sharded");
    emulator.guildCount = 2;
    emulator.recommendedShards = 2;
    await emulator.start();
    bot = new BotProcess(emulator, "/nonexistent/not-used-on-postgres.sqlite");
    bot.extraEnv = { DATABASE_URL: databaseUrl, LAYERCAKE_SHARDS: "auto", LAYERCAKE_SHARD_DELAY_MS: "0" };
    bot.readyLines = 2;
    await bot.start();
  }, 180_000);

  afterAll(async () => {
    await bot?.terminate();
    await emulator.stop();
  });

  it("serves two gateway sessions, one per shard, each with its own guild", () => {
    expect([...emulator.sessionsByShard().entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(shardOf(GUILD_ID, 2)).not.toBe(shardOf(GUILD_ID_2, 2));
  });

  it("counts every answer once and closes every round once across a kill -9 of one shard", async () => {
    const guilds = [
      { guildId: GUILD_ID, channelId: CHANNEL_ID, players: players("8100000000000") },
      { guildId: GUILD_ID_2, channelId: CHANNEL_ID_2, players: players("8200000000000") },
    ];
    const boards: StoredMessage[] = [];
    for (const guild of guilds) {
      const start = await interactAndSettle(
        emulator,
        {
          ...slashCommand(admin, "challenge", [
            { name: "rounds", type: 4, value: ROUNDS },
            { name: "seconds", type: 4, value: 6 },
          ]),
          guild_id: guild.guildId,
        },
        APPLICATION_ID,
      );
      // A copy: the emulator edits the stored message as rounds go on; the clicks are round 1's.
      boards.push(structuredClone(messageOf(emulator, start.token)));
    }
    // Round 1: every player answers once, in both guilds at once.
    const clickAll = async (since: number) => {
      const sent = guilds.flatMap((guild, index) => {
        const board = boards[index] as StoredMessage;
        const picks = customIds(board).filter((id) => id.includes(":pick:"));
        return guild.players.map((player, number) =>
          emulator.interact({
            ...buttonClick(player, picks[number % picks.length] as string, board),
            guild_id: guild.guildId,
          }),
        );
      });
      return Promise.all(
        sent.map(({ id, token }) =>
          emulator.waitFor((call) => call.path === `/interactions/${id}/${token}/callback`, {
            since,
            timeoutMs: 60_000,
          }),
        ),
      );
    };
    const first = await clickAll(emulator.calls.length);
    const locked = first.filter((reply) => String(callbackData(reply).data.content).includes("locked in"));
    expect(locked).toHaveLength(2 * PLAYERS);

    // Kill the shard of the first guild mid-round; the manager starts it again.
    const killedShard = shardOf(GUILD_ID, 2);
    const [victim] = shardPids(bot.output, killedShard);
    expect(victim).toBeGreaterThan(0);
    const killedAt = emulator.calls.length;
    process.kill(victim as number, "SIGKILL");
    while (shardPids(bot.output, killedShard).length < 2) {
      if (bot.output.includes("could not start")) throw new Error(bot.output);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shardPids(bot.output, killedShard)[1]).not.toBe(victim);

    // Everyone clicks again (a double click, or a retry after the outage): none of it counts.
    const again = await clickAll(emulator.calls.length);
    for (const reply of again)
      expect(String(callbackData(reply).data.content)).toMatch(/already answered|round is closed|is over/);

    // Both challenges finish; each board shows its results once.
    const results = (channelId: string, board: StoredMessage) => (call: RecordedCall) =>
      call.method === "PATCH" &&
      call.path === `/channels/${channelId}/messages/${board.id}` &&
      JSON.stringify(call.body).includes("Challenge results");
    for (const [index, guild] of guilds.entries())
      await emulator.waitFor(results(guild.channelId, boards[index] as StoredMessage), {
        timeoutMs: 120_000,
      });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const [index, guild] of guilds.entries()) {
        const board = boards[index] as StoredMessage;
        const edits = emulator.find(
          (call) =>
            call.method === "PATCH" && call.path === `/channels/${guild.channelId}/messages/${board.id}`,
        );
        // Round 1 was the first message; each later round and the results are one edit each.
        for (let round = 2; round <= ROUNDS; round += 1)
          expect(
            edits.filter((call) => JSON.stringify(call.body).includes(`Challenge round ${round} of`)),
          ).toHaveLength(1);
        // The killed shard's round was closed by its successor, from the database.
        if (guild.guildId === GUILD_ID)
          expect(emulator.calls.indexOf(edits[0] as RecordedCall)).toBeGreaterThan(killedAt);
        expect(edits.filter(results(guild.channelId, board))).toHaveLength(1);
        const session = await client.query(
          "SELECT id, status FROM sessions WHERE kind = 'challenge' AND guild_id = $1",
          [guild.guildId],
        );
        expect(session.rows).toEqual([{ id: expect.any(String), status: "finished" }]);
        const answers = await client.query(
          "SELECT user_id, COUNT(*)::int AS n FROM answers WHERE session_id = $1 AND position = 0 GROUP BY user_id",
          [session.rows[0].id],
        );
        expect(answers.rows).toHaveLength(PLAYERS);
        expect(answers.rows.every((row) => row.n === 1)).toBe(true);
        const scores = await client.query(
          "SELECT COALESCE(SUM(answered), 0)::int AS answered FROM scores WHERE guild_id = $1",
          [guild.guildId],
        );
        expect(scores.rows[0].answered).toBe(PLAYERS);
        // The leaderboard, from whichever shard serves the guild (the restarted one for the first),
        // is the database's.
        const best = await client.query(
          'SELECT user_id, SUM(points)::int AS points FROM scores WHERE guild_id = $1 GROUP BY user_id ORDER BY points DESC, user_id COLLATE "C" LIMIT 1',
          [guild.guildId],
        );
        const leaderboard = await interactAndWait(emulator, {
          ...slashCommand(admin, "leaderboard", [{ name: "period", type: 3, value: "all" }]),
          guild_id: guild.guildId,
        });
        const embeds = callbackData(leaderboard.call).data.embeds as Array<{ description: string }>;
        const lines = embeds[0]?.description.split("\n") ?? [];
        expect(lines).toHaveLength(10);
        expect(lines[0]).toContain(`<@${best.rows[0].user_id}> — ${best.rows[0].points} points`);
      }
    } finally {
      await client.end();
    }
  }, 300_000);
});
