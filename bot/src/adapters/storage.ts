/**
 * The bot's storage: embedded SQLite through node:sqlite, WAL, versioned migrations. Every state
 * change is written (in a transaction where it spans tables) before the bot replies, so a killed
 * process loses no answer and no score; interaction ids and answers are unique, so a replayed
 * interaction or a double click counts once.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { DOCKER_PROFILES, type DockerProfile } from "@layercake/shared/core";
import { DEFAULT_LEARNER_PROFILE } from "@layercake/shared/engine";
import type { ReviewCard } from "@layercake/shared/quiz";

export type SessionKind = "quiz" | "drill" | "challenge";
export type SessionStatus = "active" | "finished" | "stopped" | "expired";

export interface SessionRecord<State = unknown> {
  id: string;
  kind: SessionKind;
  guildId: string;
  channelId: string;
  /** The owner; the starter for a challenge. */
  userId: string;
  state: State;
  status: SessionStatus;
  updatedAt: number;
  expiresAt: number;
}

export interface AnswerRecord {
  sessionId: string;
  position: number;
  userId: string;
  questionId: string;
  correct: boolean;
  score: number;
  points: number;
  answeredAt: number;
}

export interface GuildConfig {
  guildId: string;
  challengeChannelId: string | null;
  challengeRounds: number;
  roundSeconds: number;
}

/** What a user chose for themselves (`/config docker`), the same in every server. */
export interface UserSettings {
  userId: string;
  /** The Docker they run: questions, scenario answers and `/simulate` are computed for it. */
  dockerProfile: DockerProfile;
  /**
   * When they chose it (ISO time); absent while they never did (the default applies). A progress
   * import's choice replaces it only when made later, as the progress format merges.
   */
  chosenAt?: string;
}

/**
 * A user's settings from their stored row (`docker_profile`, `chosen_at`), or the defaults when
 * there is none — or when it names a profile this version does not know (one retired after it was
 * saved): the user then sees what a new user sees.
 */
export function userSettingsOf(
  userId: string,
  row: { docker_profile?: unknown; chosen_at?: unknown } | undefined,
): UserSettings {
  const dockerProfile = DOCKER_PROFILES.find((profile) => profile === row?.docker_profile);
  if (row === undefined || dockerProfile === undefined)
    return { userId, dockerProfile: DEFAULT_LEARNER_PROFILE };
  return { userId, dockerProfile, chosenAt: new Date(Number(row.chosen_at)).toISOString() };
}

/** Settings as they are saved: a choice always has its time. */
export type ChosenSettings = Required<UserSettings>;

export interface LeaderboardRow {
  userId: string;
  points: number;
  answered: number;
  correct: number;
}

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL,
     user_id TEXT NOT NULL, state TEXT NOT NULL, status TEXT NOT NULL, updated_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL);
   CREATE INDEX sessions_active ON sessions (status, kind, guild_id, user_id);
   CREATE TABLE interactions (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
   CREATE TABLE answers (
     session_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, question_id TEXT NOT NULL,
     correct INTEGER NOT NULL, score REAL NOT NULL, points INTEGER NOT NULL, answered_at INTEGER NOT NULL,
     PRIMARY KEY (session_id, position, user_id));
   CREATE TABLE cards (user_id TEXT NOT NULL, question_id TEXT NOT NULL, card TEXT NOT NULL, due_at INTEGER NOT NULL,
     PRIMARY KEY (user_id, question_id));
   CREATE TABLE scores (guild_id TEXT NOT NULL, user_id TEXT NOT NULL, week TEXT NOT NULL, points INTEGER NOT NULL,
     answered INTEGER NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (guild_id, user_id, week));
   CREATE TABLE activity (user_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (user_id, day));
   CREATE TABLE guild_config (guild_id TEXT PRIMARY KEY, challenge_channel_id TEXT, challenge_rounds INTEGER NOT NULL,
     round_seconds INTEGER NOT NULL);`,
  // The message a session shows (to disable its components when the session ends, to edit a board).
  `CREATE TABLE session_messages (session_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, message_id TEXT,
     token TEXT, ephemeral INTEGER NOT NULL, components TEXT NOT NULL, at INTEGER NOT NULL);`,
  // Leases: which process owns a timer (a challenge's rounds) until when; see store.ts.
  `CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  // Per-user settings (`/config docker`): the Docker each learner runs.
  `CREATE TABLE user_settings (user_id TEXT PRIMARY KEY, docker_profile TEXT NOT NULL, chosen_at INTEGER NOT NULL);`,
];

/** Interaction ids are kept a day (Discord retries within minutes), pruned every 1,000 claims. */
const INTERACTION_KEEP_MS = 86_400_000;
const INTERACTION_PRUNE_EVERY = 1000;

/** Where a session's message is: its id (channel messages) and the interaction token that made it. */
export interface MessageRef {
  sessionId: string;
  channelId: string;
  messageId?: string;
  /** The interaction token that last wrote it; Discord accepts it for 15 minutes. */
  token?: string;
  ephemeral: boolean;
  /** The components it was sent with (JSON), to send them back disabled. */
  components: unknown[];
  at: number;
}

/** The ISO week a moment falls in, `2026-W09`, for weekly leaderboards. */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((day.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export class Storage {
  private readonly db: DatabaseSync;
  /** Prepared statements by SQL text: every handler runs a few, so none is compiled twice. */
  private readonly statements = new Map<string, StatementSync>();
  private claims = 0;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
    );
    this.migrate();
  }

  private statement(sql: string): StatementSync {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private migrate(): void {
    const version = (this.statement("PRAGMA user_version").get() as { user_version: number }).user_version;
    for (let index = version; index < MIGRATIONS.length; index += 1) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[index] as string);
        this.db.exec(`PRAGMA user_version = ${index + 1}`);
      });
    }
  }

  /** The schema version after migrations. */
  schemaVersion(): number {
    return (this.statement("PRAGMA user_version").get() as { user_version: number }).user_version;
  }

  /** Opens a write transaction by hand, for callers whose work awaits (store.ts serialises them). */
  begin(): void {
    this.db.exec("BEGIN IMMEDIATE");
  }

  commit(): void {
    this.db.exec("COMMIT");
  }

  rollback(): void {
    this.db.exec("ROLLBACK");
  }

  /**
   * Takes or renews the lease `name` for `owner` until `expiresAt`; false while another owner holds
   * an unexpired one. One statement, so two processes on the same file never both win.
   */
  claimLease(name: string, owner: string, now: number, expiresAt: number): boolean {
    const result = this.statement(
      `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`,
    ).run(name, owner, expiresAt, now);
    return result.changes === 1;
  }

  releaseLease(name: string, owner: string): void {
    this.statement("DELETE FROM leases WHERE name = ? AND owner = ?").run(name, owner);
  }

  transaction<Result>(work: () => Result): Result {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Records an interaction id; false when it was already processed (a replay or retry). */
  claimInteraction(id: string, now: number): boolean {
    const result = this.statement("INSERT OR IGNORE INTO interactions (id, at) VALUES (?, ?)").run(id, now);
    this.claims += 1;
    // Discord never delivers an interaction again after its 15-minute token has expired, so ids
    // older than a day are only weight: forget them now and then.
    if (this.claims % INTERACTION_PRUNE_EVERY === 0)
      this.statement("DELETE FROM interactions WHERE at < ?").run(now - INTERACTION_KEEP_MS);
    return result.changes === 1;
  }

  saveSession(record: SessionRecord): void {
    this.statement(
      `INSERT INTO sessions (id, kind, guild_id, channel_id, user_id, state, status, updated_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, status = excluded.status,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    ).run(
      record.id,
      record.kind,
      record.guildId,
      record.channelId,
      record.userId,
      JSON.stringify(record.state),
      record.status,
      record.updatedAt,
      record.expiresAt,
    );
  }

  private rowToSession(row: Record<string, unknown> | undefined): SessionRecord | undefined {
    if (!row) return undefined;
    return {
      id: String(row.id),
      kind: row.kind as SessionKind,
      guildId: String(row.guild_id),
      channelId: String(row.channel_id),
      userId: String(row.user_id),
      state: JSON.parse(String(row.state)) as unknown,
      status: row.status as SessionStatus,
      updatedAt: Number(row.updated_at),
      expiresAt: Number(row.expires_at),
    };
  }

  getSession(id: string): SessionRecord | undefined {
    return this.rowToSession(
      this.statement("SELECT * FROM sessions WHERE id = ?").get(id) as Record<string, unknown> | undefined,
    );
  }

  /** The user's active session of a kind in a guild (challenges: the guild's active one). */
  activeSession(kind: SessionKind, guildId: string, userId?: string): SessionRecord | undefined {
    const row =
      userId === undefined
        ? this.statement(
            "SELECT * FROM sessions WHERE status = 'active' AND kind = ? AND guild_id = ? ORDER BY updated_at DESC LIMIT 1",
          ).get(kind, guildId)
        : this.statement(
            "SELECT * FROM sessions WHERE status = 'active' AND kind = ? AND guild_id = ? AND user_id = ? ORDER BY updated_at DESC LIMIT 1",
          ).get(kind, guildId, userId);
    return this.rowToSession(row as Record<string, unknown> | undefined);
  }

  activeSessions(): SessionRecord[] {
    return (
      this.statement("SELECT * FROM sessions WHERE status = 'active'").all() as Array<Record<string, unknown>>
    ).flatMap((row) => this.rowToSession(row) ?? []);
  }

  /** Stores an answer once; false when this user already answered this position of the session. */
  recordAnswer(answer: AnswerRecord): boolean {
    const result = this.statement(
      `INSERT OR IGNORE INTO answers (session_id, position, user_id, question_id, correct, score, points, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      answer.sessionId,
      answer.position,
      answer.userId,
      answer.questionId,
      answer.correct ? 1 : 0,
      answer.score,
      answer.points,
      answer.answeredAt,
    );
    return result.changes === 1;
  }

  answersFor(sessionId: string, position?: number): AnswerRecord[] {
    const rows = (
      position === undefined
        ? this.statement("SELECT * FROM answers WHERE session_id = ? ORDER BY answered_at").all(sessionId)
        : this.statement(
            "SELECT * FROM answers WHERE session_id = ? AND position = ? ORDER BY answered_at",
          ).all(sessionId, position)
    ) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      sessionId: String(row.session_id),
      position: Number(row.position),
      userId: String(row.user_id),
      questionId: String(row.question_id),
      correct: Number(row.correct) === 1,
      score: Number(row.score),
      points: Number(row.points),
      answeredAt: Number(row.answered_at),
    }));
  }

  /** Adds to the user's weekly score and marks the day active (for streaks). */
  addScore(guildId: string, userId: string, at: Date, points: number, correct: boolean): void {
    this.statement(
      `INSERT INTO scores (guild_id, user_id, week, points, answered, correct) VALUES (?, ?, ?, ?, 1, ?)
         ON CONFLICT (guild_id, user_id, week) DO UPDATE SET points = points + excluded.points,
           answered = answered + 1, correct = correct + excluded.correct`,
    ).run(guildId, userId, isoWeek(at), points, correct ? 1 : 0);
    this.statement("INSERT OR IGNORE INTO activity (user_id, day) VALUES (?, ?)").run(
      userId,
      at.toISOString().slice(0, 10),
    );
  }

  leaderboard(guildId: string, week: string | undefined, limit = 10): LeaderboardRow[] {
    const rows = (
      week === undefined
        ? this.statement(
            "SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct FROM scores WHERE guild_id = ? GROUP BY user_id ORDER BY points DESC, correct DESC, user_id LIMIT ?",
          ).all(guildId, limit)
        : this.statement(
            "SELECT user_id, points, answered, correct FROM scores WHERE guild_id = ? AND week = ? ORDER BY points DESC, correct DESC, user_id LIMIT ?",
          ).all(guildId, week, limit)
    ) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      userId: String(row.user_id),
      points: Number(row.points),
      answered: Number(row.answered),
      correct: Number(row.correct),
    }));
  }

  userTotals(guildId: string, userId: string): LeaderboardRow {
    const row = this.statement(
      "SELECT COALESCE(SUM(points),0) AS points, COALESCE(SUM(answered),0) AS answered, COALESCE(SUM(correct),0) AS correct FROM scores WHERE guild_id = ? AND user_id = ?",
    ).get(guildId, userId) as Record<string, unknown>;
    return {
      userId,
      points: Number(row.points),
      answered: Number(row.answered),
      correct: Number(row.correct),
    };
  }

  /** Consecutive days with activity ending today (or yesterday, if nothing yet today). */
  streak(userId: string, today: Date): number {
    const days = new Set(
      (
        this.statement("SELECT day FROM activity WHERE user_id = ?").all(userId) as Array<{ day: string }>
      ).map((row) => row.day),
    );
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    if (!days.has(day.toISOString().slice(0, 10))) day.setUTCDate(day.getUTCDate() - 1);
    let streak = 0;
    while (days.has(day.toISOString().slice(0, 10))) {
      streak += 1;
      day.setUTCDate(day.getUTCDate() - 1);
    }
    return streak;
  }

  getCards(userId: string): ReviewCard[] {
    return (
      this.statement("SELECT card FROM cards WHERE user_id = ?").all(userId) as Array<{ card: string }>
    ).map((row) => JSON.parse(row.card) as ReviewCard);
  }

  getCard(userId: string, questionId: string): ReviewCard | undefined {
    const row = this.statement("SELECT card FROM cards WHERE user_id = ? AND question_id = ?").get(
      userId,
      questionId,
    ) as { card: string } | undefined;
    return row ? (JSON.parse(row.card) as ReviewCard) : undefined;
  }

  saveCard(userId: string, card: ReviewCard): void {
    this.statement(
      "INSERT INTO cards (user_id, question_id, card, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, question_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at",
    ).run(userId, card.questionId, JSON.stringify(card), Date.parse(card.due));
  }

  getGuildConfig(guildId: string): GuildConfig {
    const row = this.statement("SELECT * FROM guild_config WHERE guild_id = ?").get(guildId) as
      | Record<string, unknown>
      | undefined;
    return {
      guildId,
      challengeChannelId:
        row?.challenge_channel_id === null || row === undefined ? null : String(row.challenge_channel_id),
      challengeRounds: row ? Number(row.challenge_rounds) : 5,
      roundSeconds: row ? Number(row.round_seconds) : 30,
    };
  }

  setGuildConfig(config: GuildConfig): void {
    this.statement(
      `INSERT INTO guild_config (guild_id, challenge_channel_id, challenge_rounds, round_seconds) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET challenge_channel_id = excluded.challenge_channel_id,
           challenge_rounds = excluded.challenge_rounds, round_seconds = excluded.round_seconds`,
    ).run(config.guildId, config.challengeChannelId, config.challengeRounds, config.roundSeconds);
  }

  getUserSettings(userId: string): UserSettings {
    const row = this.statement("SELECT docker_profile, chosen_at FROM user_settings WHERE user_id = ?").get(
      userId,
    ) as { docker_profile: string; chosen_at: number } | undefined;
    return userSettingsOf(userId, row);
  }

  setUserSettings(settings: ChosenSettings): void {
    this.statement(
      `INSERT INTO user_settings (user_id, docker_profile, chosen_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET docker_profile = excluded.docker_profile, chosen_at = excluded.chosen_at`,
    ).run(settings.userId, settings.dockerProfile, Date.parse(settings.chosenAt));
  }

  saveMessageRef(ref: MessageRef): void {
    this.statement(
      `INSERT INTO session_messages (session_id, channel_id, message_id, token, ephemeral, components, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET channel_id = excluded.channel_id,
           message_id = COALESCE(excluded.message_id, message_id), token = excluded.token,
           ephemeral = excluded.ephemeral, components = excluded.components, at = excluded.at`,
    ).run(
      ref.sessionId,
      ref.channelId,
      ref.messageId ?? null,
      ref.token ?? null,
      ref.ephemeral ? 1 : 0,
      JSON.stringify(ref.components),
      ref.at,
    );
  }

  messageRef(sessionId: string): MessageRef | undefined {
    const row = this.statement("SELECT * FROM session_messages WHERE session_id = ?").get(sessionId) as
      | Record<string, unknown>
      | undefined;
    if (!row) return undefined;
    return {
      sessionId,
      channelId: String(row.channel_id),
      ...(row.message_id === null ? {} : { messageId: String(row.message_id) }),
      ...(row.token === null ? {} : { token: String(row.token) }),
      ephemeral: Number(row.ephemeral) === 1,
      components: JSON.parse(String(row.components)) as unknown[],
      at: Number(row.at),
    };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
