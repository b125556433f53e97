/**
 * The one storage interface the handlers use, and how the bot picks an adapter: node:sqlite (the
 * default, one process, `LAYERCAKE_BOT_DB`) or PostgreSQL (`DATABASE_URL=postgres://…`, shards on
 * one or several machines; see postgres-store.ts). Every method is async because PostgreSQL is a
 * network round trip; the SQLite adapter answers synchronously underneath.
 *
 * Both adapters give the same guarantees through the database itself: an interaction id is claimed
 * once (primary key), a player answers a question once (primary key on session, position, user),
 * and work that spans tables runs in one transaction.
 */
import type { ReviewCard } from "@layercake/shared/quiz";
import {
  type AnswerRecord,
  type ChosenSettings,
  type GuildConfig,
  type LeaderboardRow,
  type MessageRef,
  type SessionKind,
  type SessionRecord,
  Storage,
  type UserSettings,
} from "./storage.ts";

/** What a handler may read and write, inside or outside a transaction. */
export interface StoreOperations {
  /** Records an interaction id; false when it was already processed (a replay or retry). */
  claimInteraction(id: string, now: number): Promise<boolean>;
  saveSession(record: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /**
   * Inside a transaction: reads the session and keeps others from changing it until the
   * transaction ends (PostgreSQL: a row lock; SQLite: its write transactions run one at a time).
   * Handlers check it is still the state they graded against, so two clicks never both count.
   */
  getSessionForUpdate(id: string): Promise<SessionRecord | undefined>;
  /** The user's active session of a kind in a guild (challenges: the guild's active one). */
  activeSession(kind: SessionKind, guildId: string, userId?: string): Promise<SessionRecord | undefined>;
  activeSessions(): Promise<SessionRecord[]>;
  /** Stores an answer once; false when this user already answered this position of the session. */
  recordAnswer(answer: AnswerRecord): Promise<boolean>;
  answersFor(sessionId: string, position?: number): Promise<AnswerRecord[]>;
  /**
   * Stores an answer once and, only if it was new, what it teaches: the review card (computed by
   * the caller from the one it read), the weekly score and the day. All or nothing, in one
   * statement on PostgreSQL (the challenge's hot path: one round trip per click). False when this
   * user already answered this position.
   */
  recordScoredAnswer(answer: AnswerRecord, learning: ScoredLearning): Promise<boolean>;
  /** Adds to the user's weekly score and marks the day active (for streaks). */
  addScore(guildId: string, userId: string, at: Date, points: number, correct: boolean): Promise<void>;
  leaderboard(guildId: string, week: string | undefined, limit?: number): Promise<LeaderboardRow[]>;
  userTotals(guildId: string, userId: string): Promise<LeaderboardRow>;
  /** Consecutive days with activity ending today (or yesterday, if nothing yet today). */
  streak(userId: string, today: Date): Promise<number>;
  getCards(userId: string): Promise<ReviewCard[]>;
  getCard(userId: string, questionId: string): Promise<ReviewCard | undefined>;
  saveCard(userId: string, card: ReviewCard): Promise<void>;
  getGuildConfig(guildId: string): Promise<GuildConfig>;
  setGuildConfig(config: GuildConfig): Promise<void>;
  /** The user's settings; the defaults (the default Docker profile) when they never chose. */
  getUserSettings(userId: string): Promise<UserSettings>;
  setUserSettings(settings: ChosenSettings): Promise<void>;
  saveMessageRef(ref: MessageRef): Promise<void>;
  messageRef(sessionId: string): Promise<MessageRef | undefined>;
  /**
   * Takes or renews the lease `name` for `owner` until `expiresAt`; false while another owner
   * holds an unexpired one. Timers that outlive a process (challenge rounds) run only under one.
   */
  claimLease(name: string, owner: string, now: number, expiresAt: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

export interface Store extends StoreOperations {
  readonly kind: "sqlite" | "postgres";
  /** Runs `work` in one transaction: all of its writes land, or none (it rethrows). */
  transaction<Result>(work: (tx: StoreOperations) => Promise<Result>): Promise<Result>;
  /** The schema version after migrations (the number of migrations applied). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/** What a new answer adds besides itself. */
export interface ScoredLearning {
  guildId: string;
  card: ReviewCard;
  at: Date;
}

/** Where the bot's data lives: a SQLite file, or a PostgreSQL URL. */
export type StoreLocation = { sqlitePath: string } | { postgresUrl: string };

/** Opens (and migrates) the store at `location`. */
export async function openStore(location: StoreLocation): Promise<Store> {
  if ("postgresUrl" in location) {
    const { PostgresStore } = await import("./postgres-store.ts");
    return PostgresStore.open(location.postgresUrl);
  }
  return new SqliteStore(location.sqlitePath);
}

/** The synchronous SQLite operations as async ones (no locking: the caller decides when). */
function sqliteOperations(storage: Storage): StoreOperations {
  return {
    claimInteraction: async (id, now) => storage.claimInteraction(id, now),
    saveSession: async (record) => storage.saveSession(record),
    getSession: async (id) => storage.getSession(id),
    getSessionForUpdate: async (id) => storage.getSession(id),
    activeSession: async (kind, guildId, userId) => storage.activeSession(kind, guildId, userId),
    activeSessions: async () => storage.activeSessions(),
    recordAnswer: async (answer) => storage.recordAnswer(answer),
    answersFor: async (sessionId, position) => storage.answersFor(sessionId, position),
    recordScoredAnswer: async (answer, learning) => {
      // Runs inside the store's transaction (see SqliteStore.recordScoredAnswer).
      if (!storage.recordAnswer(answer)) return false;
      storage.saveCard(answer.userId, learning.card);
      storage.addScore(learning.guildId, answer.userId, learning.at, answer.points, answer.correct);
      return true;
    },
    addScore: async (guildId, userId, at, points, correct) =>
      storage.addScore(guildId, userId, at, points, correct),
    leaderboard: async (guildId, week, limit) => storage.leaderboard(guildId, week, limit),
    userTotals: async (guildId, userId) => storage.userTotals(guildId, userId),
    streak: async (userId, today) => storage.streak(userId, today),
    getCards: async (userId) => storage.getCards(userId),
    getCard: async (userId, questionId) => storage.getCard(userId, questionId),
    saveCard: async (userId, card) => storage.saveCard(userId, card),
    getGuildConfig: async (guildId) => storage.getGuildConfig(guildId),
    setGuildConfig: async (config) => storage.setGuildConfig(config),
    getUserSettings: async (userId) => storage.getUserSettings(userId),
    setUserSettings: async (settings) => storage.setUserSettings(settings),
    saveMessageRef: async (ref) => storage.saveMessageRef(ref),
    messageRef: async (sessionId) => storage.messageRef(sessionId),
    claimLease: async (name, owner, now, expiresAt) => storage.claimLease(name, owner, now, expiresAt),
    releaseLease: async (name, owner) => storage.releaseLease(name, owner),
  };
}

/**
 * node:sqlite behind the async interface. One connection serves every handler, so while a
 * transaction's work awaits, other statements wait for it to end (they would otherwise land
 * inside it); the transaction's own statements go through `tx` and do not wait.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite";
  private readonly storage: Storage;
  private readonly direct: StoreOperations;
  /** Settles when the running transaction ends; undefined when none runs. */
  private running: Promise<void> | undefined;

  constructor(path: string) {
    this.storage = new Storage(path);
    this.direct = sqliteOperations(this.storage);
    for (const name of Object.keys(this.direct) as Array<keyof StoreOperations>) {
      if (name === "recordScoredAnswer") continue;
      const operation = this.direct[name] as (...args: unknown[]) => Promise<unknown>;
      (this as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        while (this.running) await this.running;
        return operation(...args);
      };
    }
  }

  async transaction<Result>(work: (tx: StoreOperations) => Promise<Result>): Promise<Result> {
    while (this.running) await this.running;
    let finished = () => {};
    this.running = new Promise<void>((resolve) => {
      finished = resolve;
    });
    this.storage.begin();
    try {
      const result = await work(this.direct);
      this.storage.commit();
      return result;
    } catch (error) {
      this.storage.rollback();
      throw error;
    } finally {
      this.running = undefined;
      finished();
    }
  }

  /** The three writes in one transaction (the sync operations need no lock of their own). */
  async recordScoredAnswer(answer: AnswerRecord, learning: ScoredLearning): Promise<boolean> {
    return this.transaction((tx) => tx.recordScoredAnswer(answer, learning));
  }

  async schemaVersion(): Promise<number> {
    return this.storage.schemaVersion();
  }

  async close(): Promise<void> {
    while (this.running) await this.running;
    this.storage.close();
  }

  // Filled in by the constructor (each waits for a running transaction, then runs).
  declare claimInteraction: StoreOperations["claimInteraction"];
  declare saveSession: StoreOperations["saveSession"];
  declare getSession: StoreOperations["getSession"];
  declare getSessionForUpdate: StoreOperations["getSessionForUpdate"];
  declare activeSession: StoreOperations["activeSession"];
  declare activeSessions: StoreOperations["activeSessions"];
  declare recordAnswer: StoreOperations["recordAnswer"];
  declare answersFor: StoreOperations["answersFor"];
  declare addScore: StoreOperations["addScore"];
  declare leaderboard: StoreOperations["leaderboard"];
  declare userTotals: StoreOperations["userTotals"];
  declare streak: StoreOperations["streak"];
  declare getCards: StoreOperations["getCards"];
  declare getCard: StoreOperations["getCard"];
  declare saveCard: StoreOperations["saveCard"];
  declare getGuildConfig: StoreOperations["getGuildConfig"];
  declare setGuildConfig: StoreOperations["setGuildConfig"];
  declare getUserSettings: StoreOperations["getUserSettings"];
  declare setUserSettings: StoreOperations["setUserSettings"];
  declare saveMessageRef: StoreOperations["saveMessageRef"];
  declare messageRef: StoreOperations["messageRef"];
  declare claimLease: StoreOperations["claimLease"];
  declare releaseLease: StoreOperations["releaseLease"];
}
