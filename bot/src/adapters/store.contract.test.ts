/**
 * The storage contract: one set of tests, run against every adapter (node:sqlite always;
 * PostgreSQL when LAYERCAKE_TEST_DATABASE_URL names a database, e.g. the one
 * .ci/postgres-setup.sh prints). Outside CI a missing database skips the PostgreSQL half with a
 * note; with CI set it fails.
 */
import { newReviewCard } from "@layercake/shared/quiz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSchemaUrl, testDatabaseUrl } from "../../test/postgres.ts";
import { isoWeek } from "./storage.ts";
import { openStore, type Store, type StoreLocation } from "./store.ts";

const postgresUrl = testDatabaseUrl("store contract");

const adapters: Array<{ name: string; location: () => Promise<StoreLocation> }> = [
  { name: "node:sqlite", location: async () => ({ sqlitePath: ":memory:" }) },
  ...(postgresUrl
    ? [
        {
          name: "PostgreSQL",
          location: async () => ({ postgresUrl: await freshSchemaUrl(postgresUrl, "contract") }),
        },
      ]
    : []),
];

const at = new Date("2026-03-04T10:00:00Z");
const session = {
  id: "s1",
  kind: "quiz" as const,
  guildId: "g",
  channelId: "c",
  userId: "u",
  state: { position: 0 },
  status: "active" as const,
  updatedAt: 1,
  expiresAt: 2,
};
const answer = {
  sessionId: "s1",
  position: 0,
  userId: "u",
  questionId: "q",
  correct: true,
  score: 1,
  points: 100,
  answeredAt: 5,
};

describe.each(adapters)("storage contract: $name", ({ location }) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await location());
  });
  afterAll(async () => {
    await store.close();
  });

  it("migrates to the current schema", async () => {
    expect(await store.schemaVersion()).toBe(4);
  });

  it("claims an interaction once, also when claims race", async () => {
    expect(await store.claimInteraction("i1", 1)).toBe(true);
    expect(await store.claimInteraction("i1", 2)).toBe(false);
    const racing = await Promise.all(Array.from({ length: 8 }, () => store.claimInteraction("i2", 3)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it("records an answer once per user and position, also when answers race", async () => {
    expect(await store.recordAnswer(answer)).toBe(true);
    expect(await store.recordAnswer({ ...answer, correct: false })).toBe(false);
    expect(await store.answersFor("s1", 0)).toEqual([answer]);
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, index) => store.recordAnswer({ ...answer, position: 1, points: index })),
    );
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await store.answersFor("s1", 1)).toHaveLength(1);
  });

  it("records a scored answer once, with its card, score and day only the first time", async () => {
    const card = newReviewCard("q9", at);
    const scored = { ...answer, sessionId: "scored", userId: "scorer", questionId: "q9", points: 120 };
    const learning = { guildId: "g3", card, at };
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => store.recordScoredAnswer(scored, learning)),
    );
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await store.answersFor("scored")).toEqual([scored]);
    expect(await store.getCard("scorer", "q9")).toEqual(card);
    expect(await store.userTotals("g3", "scorer")).toEqual({
      userId: "scorer",
      points: 120,
      answered: 1,
      correct: 1,
    });
    expect(await store.streak("scorer", at)).toBe(1);
  });

  it("finds active sessions and updates them in place", async () => {
    await store.saveSession(session);
    await store.saveSession({ ...session, state: { position: 1 }, updatedAt: 3 });
    expect((await store.activeSession("quiz", "g", "u"))?.state).toEqual({ position: 1 });
    expect((await store.activeSession("quiz", "g"))?.id).toBe("s1");
    await store.saveSession({ ...session, status: "finished" });
    expect(await store.activeSession("quiz", "g", "u")).toBeUndefined();
    expect(await store.activeSessions()).toEqual([]);
    expect((await store.getSession("s1"))?.status).toBe("finished");
  });

  it("ranks weekly and all-time scores and counts streaks", async () => {
    await store.addScore("g2", "a", at, 100, true);
    await store.addScore("g2", "b", at, 150, true);
    await store.addScore("g2", "a", new Date("2026-02-01T10:00:00Z"), 500, true);
    expect((await store.leaderboard("g2", isoWeek(at))).map((row) => row.userId)).toEqual(["b", "a"]);
    expect((await store.leaderboard("g2", undefined)).map((row) => [row.userId, row.points])).toEqual([
      ["a", 600],
      ["b", 150],
    ]);
    expect(await store.userTotals("g2", "a")).toEqual({ userId: "a", points: 600, answered: 2, correct: 2 });
    expect(await store.userTotals("g2", "nobody")).toEqual({
      userId: "nobody",
      points: 0,
      answered: 0,
      correct: 0,
    });
    await store.addScore("g2", "a", new Date("2026-03-03T10:00:00Z"), 0, false);
    expect(await store.streak("a", at)).toBe(2);
  });

  it("keeps FSRS cards per user and guild config with defaults", async () => {
    await store.saveCard("u", newReviewCard("q1", at));
    await store.saveCard("u", newReviewCard("q1", at));
    expect((await store.getCards("u")).map((card) => card.questionId)).toEqual(["q1"]);
    expect((await store.getCard("u", "q1"))?.questionId).toBe("q1");
    expect(await store.getCard("u", "q2")).toBeUndefined();
    expect(await store.getGuildConfig("g")).toEqual({
      guildId: "g",
      challengeChannelId: null,
      challengeRounds: 5,
      roundSeconds: 30,
    });
    await store.setGuildConfig({
      guildId: "g",
      challengeChannelId: "c",
      challengeRounds: 3,
      roundSeconds: 10,
    });
    expect(await store.getGuildConfig("g")).toMatchObject({ challengeChannelId: "c", challengeRounds: 3 });
  });

  it("keeps each user's Docker profile, the default until they choose, and the latest choice", async () => {
    expect(await store.getUserSettings("new-user")).toEqual({
      userId: "new-user",
      dockerProfile: "26.1-containerd",
    });
    const first = "2026-03-04T10:00:00.000Z";
    const later = "2026-03-05T08:30:00.000Z";
    await store.setUserSettings({ userId: "u", dockerProfile: "20.10-overlay2", chosenAt: first });
    await store.setUserSettings({ userId: "v", dockerProfile: "26.1-overlay2", chosenAt: first });
    await store.setUserSettings({ userId: "u", dockerProfile: "26.1-overlay2", chosenAt: later });
    expect(await store.getUserSettings("u")).toEqual({
      userId: "u",
      dockerProfile: "26.1-overlay2",
      chosenAt: later,
    });
    expect(await store.getUserSettings("v")).toEqual({
      userId: "v",
      dockerProfile: "26.1-overlay2",
      chosenAt: first,
    });
    await store.transaction((tx) =>
      tx.setUserSettings({ userId: "v", dockerProfile: "20.10-overlay2", chosenAt: later }),
    );
    expect((await store.getUserSettings("v")).dockerProfile).toBe("20.10-overlay2");
  });

  it("keeps a session's message, and its id when a later save has none", async () => {
    const ref = {
      sessionId: "s1",
      channelId: "c",
      messageId: "m1",
      ephemeral: false,
      components: [{ a: 1 }],
      at: 9,
    };
    await store.saveMessageRef(ref);
    await store.saveMessageRef({
      sessionId: "s1",
      channelId: "c",
      token: "t",
      ephemeral: true,
      components: [],
      at: 10,
    });
    expect(await store.messageRef("s1")).toEqual({
      sessionId: "s1",
      channelId: "c",
      messageId: "m1",
      token: "t",
      ephemeral: true,
      components: [],
      at: 10,
    });
    expect(await store.messageRef("none")).toBeUndefined();
  });

  it("rolls back a failed transaction, and commits a good one", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.saveSession({ ...session, id: "rolled" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.getSession("rolled")).toBeUndefined();
    await store.transaction(async (tx) => {
      await tx.saveSession({ ...session, id: "kept" });
      await tx.recordAnswer({ ...answer, sessionId: "kept" });
    });
    expect(await store.answersFor("kept")).toHaveLength(1);
  });

  it("serialises transactions that read, then write the same session", async () => {
    await store.saveSession({ ...session, id: "counter", state: { count: 0 } });
    await Promise.all(
      Array.from({ length: 6 }, () =>
        store.transaction(async (tx) => {
          const current = await tx.getSessionForUpdate("counter");
          const count = (current?.state as { count?: number } | undefined)?.count ?? Number.NaN;
          await tx.saveSession({ ...session, id: "counter", state: { count: count + 1 } });
        }),
      ),
    );
    expect((await store.getSession("counter"))?.state).toEqual({ count: 6 });
  });

  it("gives a lease to one owner until it expires, and renews it for its holder", async () => {
    expect(await store.claimLease("timer", "a", 0, 100)).toBe(true);
    expect(await store.claimLease("timer", "b", 50, 150)).toBe(false);
    expect(await store.claimLease("timer", "a", 60, 160)).toBe(true);
    expect(await store.claimLease("timer", "b", 150, 250)).toBe(false);
    expect(await store.claimLease("timer", "b", 160, 260)).toBe(true);
    const racing = await Promise.all(["c", "d", "e"].map((owner) => store.claimLease("race", owner, 0, 100)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    await store.releaseLease("timer", "b");
    expect(await store.claimLease("timer", "a", 170, 270)).toBe(true);
  });
});
