import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newReviewCard } from "@layercake/shared/quiz";
import { describe, expect, it } from "vitest";
import { isoWeek, Storage, userSettingsOf } from "./storage.ts";

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

describe("Storage", () => {
  it("migrates a new database to the current schema in WAL mode, and reopens it", () => {
    const path = join(mkdtempSync(join(tmpdir(), "lc-bot-")), "bot.sqlite");
    const first = new Storage(path);
    expect(first.schemaVersion()).toBe(4);
    first.saveSession(session);
    first.close();
    const second = new Storage(path);
    expect(second.getSession("s1")?.state).toEqual({ position: 0 });
    second.close();
  });

  it("claims an interaction once", () => {
    const storage = new Storage(":memory:");
    expect(storage.claimInteraction("i1", 1)).toBe(true);
    expect(storage.claimInteraction("i1", 2)).toBe(false);
  });

  it("records an answer once per user and position", () => {
    const storage = new Storage(":memory:");
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
    expect(storage.recordAnswer(answer)).toBe(true);
    expect(storage.recordAnswer({ ...answer, correct: false })).toBe(false);
    expect(storage.answersFor("s1", 0)).toEqual([answer]);
  });

  it("finds active sessions and updates them in place", () => {
    const storage = new Storage(":memory:");
    storage.saveSession(session);
    storage.saveSession({ ...session, state: { position: 1 }, updatedAt: 3 });
    expect(storage.activeSession("quiz", "g", "u")?.state).toEqual({ position: 1 });
    storage.saveSession({ ...session, status: "finished" });
    expect(storage.activeSession("quiz", "g", "u")).toBeUndefined();
    expect(storage.activeSessions()).toEqual([]);
  });

  it("ranks weekly and all-time scores and counts streaks", () => {
    const storage = new Storage(":memory:");
    storage.addScore("g", "a", at, 100, true);
    storage.addScore("g", "b", at, 150, true);
    storage.addScore("g", "a", new Date("2026-02-01T10:00:00Z"), 500, true);
    expect(storage.leaderboard("g", isoWeek(at)).map((row) => row.userId)).toEqual(["b", "a"]);
    expect(storage.leaderboard("g", undefined).map((row) => [row.userId, row.points])).toEqual([
      ["a", 600],
      ["b", 150],
    ]);
    storage.addScore("g", "a", new Date("2026-03-03T10:00:00Z"), 0, false);
    expect(storage.streak("a", at)).toBe(2);
  });

  it("keeps FSRS cards per user and guild config with defaults", () => {
    const storage = new Storage(":memory:");
    storage.saveCard("u", newReviewCard("q1", at));
    expect(storage.getCards("u").map((card) => card.questionId)).toEqual(["q1"]);
    expect(storage.getGuildConfig("g")).toEqual({
      guildId: "g",
      challengeChannelId: null,
      challengeRounds: 5,
      roundSeconds: 30,
    });
    storage.setGuildConfig({ guildId: "g", challengeChannelId: "c", challengeRounds: 3, roundSeconds: 10 });
    expect(storage.getGuildConfig("g").challengeRounds).toBe(3);
  });

  it("reads a stored Docker profile this version does not know as the default, not as an error", () => {
    expect(userSettingsOf("u", { docker_profile: "19.03-aufs", chosen_at: 1 })).toEqual({
      userId: "u",
      dockerProfile: "26.1-containerd",
    });
    expect(
      userSettingsOf("u", {
        docker_profile: "20.10-overlay2",
        chosen_at: Date.parse("2026-03-04T10:00:00Z"),
      }),
    ).toEqual({
      userId: "u",
      dockerProfile: "20.10-overlay2",
      chosenAt: "2026-03-04T10:00:00.000Z",
    });
  });

  it("rolls back a failed transaction", () => {
    const storage = new Storage(":memory:");
    expect(() =>
      storage.transaction(() => {
        storage.saveSession(session);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(storage.getSession("s1")).toBeUndefined();
  });
});

describe("interaction ids", () => {
  it("forgets ids older than a day, every 1,000 claims, and still refuses a recent replay", () => {
    const storage = new Storage(":memory:");
    const day = 86_400_000;
    expect(storage.claimInteraction("old", 0)).toBe(true);
    for (let index = 1; index < 1000; index += 1) storage.claimInteraction(`new${index}`, 2 * day);
    expect(storage.claimInteraction("new1", 2 * day)).toBe(false);
    expect(storage.claimInteraction("old", 2 * day)).toBe(true);
    storage.close();
  });
});
