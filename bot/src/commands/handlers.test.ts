import { readContentLibrary } from "@layercake/shared/content/node";
import {
  currentQuestionSeed,
  emptyProgress,
  encodeProgressCode,
  newReviewCard,
  presentQuestion,
  readProgressInput,
} from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { inProcessEngine } from "../../test/in-process-engine.ts";
import type { SessionRecord } from "../adapters/storage.ts";
import { SqliteStore } from "../adapters/store.ts";
import { readConfig } from "../config.ts";
import { RateLimiter } from "../discord-free/limits.ts";
import type { BotContext, ChannelPost, Incoming, Reply } from "../messages/types.ts";
import { type ChallengeState, onChallengeTimer, scoreFor } from "./challenge.ts";
import type { DrillRecordState } from "./drill.ts";
import { route as routeAsync } from "./index.ts";
import type { QuizRecordState } from "./quiz.ts";

/** Handlers of authored questions answer at once (no deferral); these tests use such replies directly. */
async function route(ctx: BotContext, incoming: Incoming): Promise<Reply> {
  const reply = await routeAsync(ctx, incoming);
  if (reply.kind === "deferred") throw new Error("expected an immediate reply");
  return reply;
}

const { library } = readContentLibrary(new URL("../../../content", import.meta.url).pathname);

function context(start = Date.UTC(2026, 2, 1, 12)) {
  let now = start;
  let ids = 0;
  const scheduled: Array<{ sessionId: string; at: number }> = [];
  const posts: ChannelPost[] = [];
  const ctx: BotContext = {
    storage: new SqliteStore(":memory:"),
    library,
    questionsById: new Map(library.questions.map((question) => [question.id, question])),
    lessonsById: new Map(library.lessons.map((lesson) => [lesson.id, lesson])),
    siteUrl: "https://layercake.test",
    now: () => new Date(now),
    newSeed: () => 42,
    newId: () => {
      ids += 1;
      return `s${ids}`;
    },
    timers: { schedule: (sessionId, at) => scheduled.push({ sessionId, at }) },
    post: async (post) => {
      posts.push(post);
      return "m1";
    },
    engine: inProcessEngine(),
  };
  return { ctx, scheduled, posts, advance: (ms: number) => (now += ms) };
}

const actor = { id: "u1", name: "alice", permissions: 0n };
const base = { id: "i", actor, guildId: "g", channelId: "c" };
const command = (
  name: string,
  options: Record<string, string | number | boolean> = {},
  subcommand?: string,
): Incoming => ({ ...base, kind: "command", name, options, ...(subcommand ? { subcommand } : {}) });
/** The reply a deferred one turns into once its engine work is done. */
async function settle(reply: Reply | Promise<Reply>): Promise<Reply> {
  const resolved = await reply;
  return resolved.kind === "deferred" ? resolved.work() : resolved;
}
const bodyOf = (reply: Reply) => {
  if (reply.kind !== "message" && reply.kind !== "update")
    throw new Error(`expected a message, got ${reply.kind}`);
  return reply.body;
};

/** The first question of a quiz and the interaction that answers it right. */
function rightAnswer(ctx: BotContext, record: SessionRecord<QuizRecordState>) {
  const question = ctx.questionsById.get(record.state.session.questionIds[0] as string);
  if (!question) throw new Error("no question");
  const { view, key } = presentQuestion(question, { seed: currentQuestionSeed(record.state.session) });
  const incoming: Incoming =
    view.mode === "single" || view.mode === "true-false"
      ? { ...base, kind: "button", customId: `quiz:${record.id}:0:pick:${key.correctChoiceIds?.[0]}` }
      : view.mode === "multiple"
        ? {
            ...base,
            kind: "select",
            customId: `quiz:${record.id}:0:multi`,
            values: key.correctChoiceIds ?? [],
          }
        : {
            ...base,
            kind: "modal",
            customId: `quiz:${record.id}:0:modal`,
            fromMessage: true,
            fields: {
              answer:
                view.mode === "numeric"
                  ? String(key.numeric?.answer)
                  : view.mode === "ordering"
                    ? (key.order ?? []).join(" ")
                    : (key.accepted?.[0] ?? key.rubric?.modelAnswer ?? ""),
            },
          };
  return { question, incoming };
}

describe("quiz handlers", () => {
  it("starts a quiz with a question embed and answer controls, and offers to resume a running one", async () => {
    const { ctx } = context();
    const body = bodyOf(
      await settle(routeAsync(ctx, command("quiz", { topic: "whiteouts", length: 3 }, "start"))),
    );
    expect(body.embeds?.[0]?.title).toMatch(/^Question 1 of 3 · whiteouts/);
    expect(body.components?.length).toBeGreaterThan(0);
    const again = await route(ctx, command("quiz", { topic: "whiteouts" }, "start"));
    expect(again).toMatchObject({ kind: "message", body: { ephemeral: true } });
    const offered = bodyOf(again).components?.flatMap((row) =>
      row.components.map((each) => (each as { label?: string }).label),
    );
    expect(offered).toEqual(["Resume", "Restart"]);
  });

  it("grades a chosen answer, records it, and moves to the next question", async () => {
    const { ctx } = context();
    await route(ctx, command("quiz", { topic: "basics", length: 2 }, "start"));
    const record = (await ctx.storage.activeSession("quiz", "g", "u1")) as SessionRecord<QuizRecordState>;
    const { question, incoming } = rightAnswer(ctx, record);
    const graded = await route(ctx, incoming);
    expect(graded.kind).toBe("update");
    // The grade keeps the question it answers, then gives the verdict.
    expect(bodyOf(graded).embeds?.[0]?.title).toBe("Question 1 of 2 — the question");
    expect(bodyOf(graded).embeds?.[1]?.description).toMatch(/^✅ Right/);
    expect(await ctx.storage.answersFor(record.id)).toHaveLength(1);
    expect((await ctx.storage.getCards("u1")).map((card) => card.questionId)).toEqual([question.id]);
    // The same click again (its reply was lost): the graded answer again, counted once.
    const stale = await route(ctx, incoming);
    expect(stale.kind).toBe("update");
    expect(bodyOf(stale).embeds?.[1]?.description).toMatch(/^✅ Right/);
    expect(await ctx.storage.answersFor(record.id)).toHaveLength(1);
  });

  it("counts one of two clicks that race (both read the question before either is saved)", async () => {
    const { ctx } = context();
    await route(ctx, command("quiz", { topic: "basics", length: 2 }, "start"));
    const record = (await ctx.storage.activeSession("quiz", "g", "u1")) as SessionRecord<QuizRecordState>;
    const click = rightAnswer(ctx, record).incoming;
    const replies = await Promise.all([route(ctx, click), route(ctx, click)]);
    for (const reply of replies) expect(bodyOf(reply).embeds?.[1]?.description).toMatch(/^✅ Right/);
    expect(await ctx.storage.answersFor(record.id)).toHaveLength(1);
    expect(await ctx.storage.userTotals("g", "u1")).toMatchObject({ answered: 1, correct: 1 });
    const state = (await ctx.storage.getSession(record.id))?.state as QuizRecordState;
    expect(state.session.position).toBe(1);
  });

  it("explains a typed answer it cannot read without using up the question", async () => {
    const { ctx } = context();
    // The first question may be a scenario question, presented through the engine (deferred).
    await settle(routeAsync(ctx, command("quiz", { topic: "overlayfs", length: 1 }, "start")));
    const record = (await ctx.storage.activeSession("quiz", "g", "u1")) as SessionRecord<QuizRecordState>;
    const reply = await route(ctx, {
      ...base,
      kind: "modal",
      customId: `quiz:${record.id}:0:modal`,
      fromMessage: true,
      fields: { answer: "x".repeat(2001) },
    });
    expect(reply).toMatchObject({
      kind: "message",
      body: { content: "Your answer is 2001 characters; the limit is 2000." },
    });
    const state = (await ctx.storage.getSession(record.id))?.state as QuizRecordState | undefined;
    expect(state?.session.position).toBe(0);
  });
});

describe("challenge handlers", () => {
  it("scores right answers 100 plus up to 50 for speed, wrong ones 0", async () => {
    const state: ChallengeState = {
      version: 2,
      questionIds: [],
      seed: 1,
      position: 0,
      roundSeconds: 10,
      roundStartedAt: 0,
      roundEndsAt: 10_000,
    };
    expect(scoreFor(true, 0, state)).toBe(150);
    expect(scoreFor(true, 5000, state)).toBe(125);
    expect(scoreFor(true, 10_000, state)).toBe(100);
    expect(scoreFor(false, 0, state)).toBe(0);
  });

  it("runs rounds on its timer, editing one board, and ends with the results", async () => {
    const { ctx, scheduled, advance } = context();
    const reply = await routeAsync(ctx, command("challenge", { rounds: 2, seconds: 10 }));
    const started = reply.kind === "deferred" ? await reply.work() : reply;
    expect(bodyOf(started).embeds?.[0]?.title).toMatch(/^Challenge round 1 of 2/);
    const sessionId = scheduled[0]?.sessionId as string;
    ctx.storage.saveMessageRef({
      sessionId,
      channelId: "c",
      messageId: "board",
      ephemeral: false,
      components: bodyOf(started).components ?? [],
      at: 0,
    });
    expect(await onChallengeTimer(ctx, sessionId)).toEqual([]);
    advance(10_001);
    const afterFirst = await onChallengeTimer(ctx, sessionId);
    expect(afterFirst.map((post) => post.messageId)).toEqual(["board"]);
    expect(afterFirst[0]?.body.embeds?.map((embed) => embed.title)).toEqual([
      expect.stringMatching(/^Round 1: the answer was/),
      expect.stringMatching(/^Challenge round 2 of 2/),
    ]);
    advance(10_001);
    const afterSecond = await onChallengeTimer(ctx, sessionId);
    expect(afterSecond.map((post) => post.messageId)).toEqual(["board"]);
    expect(afterSecond[0]?.body.embeds?.at(-1)).toMatchObject({
      title: "Challenge results",
      description: "Nobody answered.",
    });
    const buttons = (afterSecond[0]?.body.components ?? []).flatMap((row) => row.components);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every((component) => (component as { disabled?: boolean }).disabled === true)).toBe(true);
    expect((await ctx.storage.getSession(sessionId))?.status).toBe("finished");
  });
});

describe("settings and limits", () => {
  it("lets only members with Manage Server change the config", async () => {
    const { ctx } = context();
    expect(await route(ctx, command("config", { challenge_rounds: 3 }, "server"))).toMatchObject({
      body: { content: expect.stringContaining("Manage Server") },
    });
    const manager: Incoming = {
      ...base,
      actor: { ...actor, permissions: 0x20n },
      kind: "command",
      name: "config",
      subcommand: "server",
      options: { challenge_rounds: 3 },
    };
    expect(await route(ctx, manager)).toMatchObject({
      body: { content: expect.stringContaining("3 rounds") },
    });
  });

  it("answers an unknown button clearly", async () => {
    const { ctx } = context();
    expect(await route(ctx, { ...base, kind: "button", customId: "gone:1" })).toMatchObject({
      kind: "message",
      body: { ephemeral: true },
    });
  });

  it("limits a user to a burst of interactions per window", async () => {
    const limiter = new RateLimiter(3, 1000);
    expect([0, 10, 20, 30].map((at) => limiter.allow("u", at))).toEqual([true, true, true, false]);
    expect(limiter.allow("other", 30)).toBe(true);
    expect(limiter.allow("u", 1011)).toBe(true);
  });

  it("reads the configuration from the environment, with clear problems", async () => {
    expect(readConfig({})).toEqual({ missingToken: true });
    expect(readConfig({ DISCORD_TOKEN: "t", DISCORD_API_URL: "ftp://x" })).toEqual({
      problem: "DISCORD_API_URL must be an http(s) URL, not ftp:",
    });
    expect(readConfig({ DISCORD_TOKEN: "t", HOME: "/home/a" })).toEqual({
      config: {
        token: "t",
        databasePath: "/home/a/.layercake/bot.sqlite",
        instance: "main",
        siteUrl: "http://localhost:4321",
        rateLimit: { burst: 8, windowMs: 5000 },
        shardSpawnDelayMs: 5500,
      },
    });
    expect(readConfig({ DISCORD_TOKEN: "t", LAYERCAKE_SHARDS: "0" })).toEqual({
      problem: "LAYERCAKE_SHARDS must be auto or a whole number from 1 to 1000, not 0",
    });
    expect(readConfig({ DISCORD_TOKEN: "t", LAYERCAKE_SHARDS: "auto" })).toMatchObject({
      config: { shards: "auto" },
    });
    expect(readConfig({ DISCORD_TOKEN: "t", DATABASE_URL: "mysql://x/y" })).toEqual({
      problem: "DATABASE_URL must be a postgres:// or postgresql:// URL",
    });
    expect(readConfig({ DISCORD_TOKEN: "t", DATABASE_URL: "postgres://h/db", SHARDS: "1" })).toMatchObject({
      config: { databaseUrl: "postgres://h/db", instance: "shard-1" },
    });
  });
});

describe("rate limiter memory", () => {
  it("forgets users whose window has passed", async () => {
    const limiter = new RateLimiter(3, 1000);
    for (let user = 0; user < 50; user += 1) limiter.allow(`u${user}`, 10);
    limiter.allow("late", 5000);
    expect(limiter.trackedUsers()).toBe(1);
  });
});

describe("/config docker", () => {
  it("keeps the drill to questions that hold for the user's Docker, and records it with the drill", async () => {
    const { ctx } = context();
    await route(ctx, command("config", { profile: "20.10-overlay2" }, "docker"));
    await settle(routeAsync(ctx, command("drill", { length: 10 })));
    const drill = (await ctx.storage.activeSession("drill", "g", "u1")) as SessionRecord<DrillRecordState>;
    expect(drill.state.dockerProfile).toBe("20.10-overlay2");
    expect(drill.state.drill.questionIds).toHaveLength(10);
    for (const questionId of drill.state.drill.questionIds)
      expect(ctx.questionsById.get(questionId)?.profiles ?? []).toContain("20.10-overlay2");
  });

  it("refuses a profile it does not know, naming the ones it does, and keeps the current one", async () => {
    const { ctx } = context();
    expect(bodyOf(await route(ctx, command("config", { profile: "19.03-aufs" }, "docker"))).content).toBe(
      "/config docker profile: unknown Docker profile '19.03-aufs' (expected one of 26.1-containerd, 26.1-overlay2, 20.10-overlay2)",
    );
    expect((await ctx.storage.getUserSettings("u1")).dockerProfile).toBe("26.1-containerd");
  });

  it("adopts the Docker of an imported progress code only when it was chosen later", async () => {
    const { ctx } = context();
    await route(ctx, command("config", { profile: "26.1-overlay2" }, "docker"));
    const code = (profile: "20.10-overlay2", chosenAt: string) =>
      encodeProgressCode({ ...emptyProgress(), dockerProfile: { id: profile, chosenAt } });
    const older = bodyOf(
      await route(
        ctx,
        command("progress", { code: code("20.10-overlay2", "2026-02-01T00:00:00.000Z") }, "import"),
      ),
    ).content;
    expect(older).toContain("Your Docker: **An upgraded Engine (overlay2, BuildKit)**.");
    expect((await ctx.storage.getUserSettings("u1")).dockerProfile).toBe("26.1-overlay2");
    const newer = bodyOf(
      await route(
        ctx,
        command("progress", { code: code("20.10-overlay2", "2026-03-02T00:00:00.000Z") }, "import"),
      ),
    ).content;
    expect(newer).toContain("Your Docker is now **Engine 20.10 / classic builder**");
    expect(await ctx.storage.getUserSettings("u1")).toEqual({
      userId: "u1",
      dockerProfile: "20.10-overlay2",
      chosenAt: "2026-03-02T00:00:00.000Z",
    });
  });
});

describe("/progress", () => {
  it("exports the schedule as a code and merges an imported one, keeping the later review of each card", async () => {
    const { ctx } = context();
    expect(bodyOf(await route(ctx, command("progress", {}, "export"))).content).toContain(
      "You have no review cards yet",
    );
    // A schedule from the site: two cards, one of them reviewed later than the bot's copy.
    const now = ctx.now();
    const siteCard = (questionId: string, lastReview: string) => ({
      ...newReviewCard(questionId, now),
      lastReview,
      reps: 3,
    });
    await ctx.storage.saveCard("u1", {
      ...siteCard("basics-image-vs-container", "2026-02-01T00:00:00.000Z"),
      reps: 1,
    });
    const incoming = {
      ...emptyProgress(),
      cards: {
        "basics-image-vs-container": siteCard("basics-image-vs-container", "2026-02-20T00:00:00.000Z"),
        "basics-parent-field": siteCard("basics-parent-field", "2026-02-21T00:00:00.000Z"),
      },
    };
    const imported = bodyOf(
      await route(ctx, command("progress", { code: encodeProgressCode(incoming) }, "import")),
    ).content;
    expect(imported).toContain(
      "Imported: 1 new card, 1 updated with a later review, 0 already as recent here.",
    );
    expect((await ctx.storage.getCard("u1", "basics-image-vs-container"))?.reps).toBe(3);
    // Importing the same code again changes nothing.
    expect(
      bodyOf(await route(ctx, command("progress", { code: encodeProgressCode(incoming) }, "import"))).content,
    ).toContain("Imported: 0 new cards, 0 updated with a later review, 2 already as recent here.");
    const exported = bodyOf(await route(ctx, command("progress", {}, "export"))).content ?? "";
    const code = /```\n(lc2\.[A-Za-z0-9_-]+)\n```/.exec(exported)?.[1] ?? "";
    const read = readProgressInput(code);
    expect("progress" in read && Object.keys(read.progress.cards).sort()).toEqual([
      "basics-image-vs-container",
      "basics-parent-field",
    ]);
  });

  it("says what is wrong with a code it cannot read and stores nothing", async () => {
    const { ctx } = context();
    const reply = bodyOf(await route(ctx, command("progress", { code: "lc2.!!" }, "import"))).content;
    expect(reply).toBe(
      "That is not a progress code Layercake can read: the code has characters a progress code never has.",
    );
    expect(await ctx.storage.getCards("u1")).toEqual([]);
  });
});
