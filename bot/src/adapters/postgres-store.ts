/**
 * The bot's storage on PostgreSQL, for shards on one or several machines over one database.
 *
 * Client: `pg` (node-postgres). It is the most used and longest kept PostgreSQL client for Node,
 * has a connection pool built in (`Pool`), parameterised queries, and explicit transactions on one
 * checked-out client, which is all this adapter needs; no ORM (the SQL is a dozen statements).
 *
 * The schema follows storage.ts's migrations one for one (same numbering, PostgreSQL types:
 * millisecond times are BIGINT), recorded in `schema_version`; migrations run under an advisory
 * lock, so shards starting together migrate once. The once-only guarantees are the same primary
 * keys (`ON CONFLICT DO NOTHING` reports whether the row was new).
 */
import type { ReviewCard } from "@layercake/shared/quiz";
import pg from "pg";
import {
  type AnswerRecord,
  type ChosenSettings,
  type GuildConfig,
  isoWeek,
  type LeaderboardRow,
  type MessageRef,
  type SessionKind,
  type SessionRecord,
  type SessionStatus,
  type UserSettings,
  userSettingsOf,
} from "./storage.ts";
import type { ScoredLearning, Store, StoreOperations } from "./store.ts";

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL,
     user_id TEXT NOT NULL, state TEXT NOT NULL, status TEXT NOT NULL, updated_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL);
   CREATE INDEX sessions_active ON sessions (status, kind, guild_id, user_id);
   CREATE TABLE interactions (id TEXT PRIMARY KEY, at BIGINT NOT NULL);
   CREATE TABLE answers (
     session_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, question_id TEXT NOT NULL,
     correct BOOLEAN NOT NULL, score DOUBLE PRECISION NOT NULL, points INTEGER NOT NULL, answered_at BIGINT NOT NULL,
     PRIMARY KEY (session_id, position, user_id));
   CREATE TABLE cards (user_id TEXT NOT NULL, question_id TEXT NOT NULL, card TEXT NOT NULL, due_at BIGINT NOT NULL,
     PRIMARY KEY (user_id, question_id));
   CREATE TABLE scores (guild_id TEXT NOT NULL, user_id TEXT NOT NULL, week TEXT NOT NULL, points INTEGER NOT NULL,
     answered INTEGER NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (guild_id, user_id, week));
   CREATE TABLE activity (user_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (user_id, day));
   CREATE TABLE guild_config (guild_id TEXT PRIMARY KEY, challenge_channel_id TEXT, challenge_rounds INTEGER NOT NULL,
     round_seconds INTEGER NOT NULL);`,
  `CREATE TABLE session_messages (session_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, message_id TEXT,
     token TEXT, ephemeral BOOLEAN NOT NULL, components TEXT NOT NULL, at BIGINT NOT NULL);`,
  `CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL);`,
  `CREATE TABLE user_settings (user_id TEXT PRIMARY KEY, docker_profile TEXT NOT NULL, chosen_at BIGINT NOT NULL);`,
];

/** The advisory lock key migrations run under (any constant; "lcbot" in ASCII). */
const MIGRATION_LOCK = 0x6c63626f74;

/** As storage.ts: interaction ids are kept a day, pruned every 1,000 claims (per process). */
const INTERACTION_KEEP_MS = 86_400_000;
const INTERACTION_PRUNE_EVERY = 1000;

type Row = Record<string, unknown>;

interface Queryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult<Row>>;
}

/** Prepared statement names by SQL text (the same on every connection). */
const statementNames = new Map<string, string>();

function rowToSession(row: Row | undefined): SessionRecord | undefined {
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

function toLeaderboardRow(row: Row, userId = String(row.user_id)): LeaderboardRow {
  return {
    userId,
    points: Number(row.points),
    answered: Number(row.answered),
    correct: Number(row.correct),
  };
}

/** The statements, over a pool (each its own transaction) or one client inside a transaction. */
class PostgresOperations implements StoreOperations {
  protected readonly db: Queryable;
  protected readonly counter: { claims: number };

  constructor(db: Queryable, counter: { claims: number }) {
    this.db = db;
    this.counter = counter;
  }

  /**
   * Runs a statement as a named prepared statement: PostgreSQL parses and plans it once per
   * connection, which matters on the answer path (several statements per click).
   */
  private run(text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    let name = statementNames.get(text);
    if (!name) {
      name = `lc${statementNames.size + 1}`;
      statementNames.set(text, name);
    }
    return this.db.query({ name, text, values });
  }

  private async rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.run(text, values)).rows;
  }

  private async changed(text: string, values: unknown[]): Promise<boolean> {
    return (await this.run(text, values)).rowCount === 1;
  }

  async claimInteraction(id: string, now: number): Promise<boolean> {
    const fresh = await this.changed(
      "INSERT INTO interactions (id, at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
      [id, now],
    );
    this.counter.claims += 1;
    if (this.counter.claims % INTERACTION_PRUNE_EVERY === 0)
      await this.run("DELETE FROM interactions WHERE at < $1", [now - INTERACTION_KEEP_MS]);
    return fresh;
  }

  async saveSession(record: SessionRecord): Promise<void> {
    await this.run(
      `INSERT INTO sessions (id, kind, guild_id, channel_id, user_id, state, status, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, status = excluded.status,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
      [
        record.id,
        record.kind,
        record.guildId,
        record.channelId,
        record.userId,
        JSON.stringify(record.state),
        record.status,
        record.updatedAt,
        record.expiresAt,
      ],
    );
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    return rowToSession((await this.rows("SELECT * FROM sessions WHERE id = $1", [id]))[0]);
  }

  async getSessionForUpdate(id: string): Promise<SessionRecord | undefined> {
    return rowToSession((await this.rows("SELECT * FROM sessions WHERE id = $1 FOR UPDATE", [id]))[0]);
  }

  async activeSession(
    kind: SessionKind,
    guildId: string,
    userId?: string,
  ): Promise<SessionRecord | undefined> {
    const rows =
      userId === undefined
        ? await this.rows(
            "SELECT * FROM sessions WHERE status = 'active' AND kind = $1 AND guild_id = $2 ORDER BY updated_at DESC LIMIT 1",
            [kind, guildId],
          )
        : await this.rows(
            "SELECT * FROM sessions WHERE status = 'active' AND kind = $1 AND guild_id = $2 AND user_id = $3 ORDER BY updated_at DESC LIMIT 1",
            [kind, guildId, userId],
          );
    return rowToSession(rows[0]);
  }

  async activeSessions(): Promise<SessionRecord[]> {
    return (await this.rows("SELECT * FROM sessions WHERE status = 'active'")).flatMap(
      (row) => rowToSession(row) ?? [],
    );
  }

  async recordAnswer(answer: AnswerRecord): Promise<boolean> {
    return this.changed(
      `INSERT INTO answers (session_id, position, user_id, question_id, correct, score, points, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        answer.sessionId,
        answer.position,
        answer.userId,
        answer.questionId,
        answer.correct,
        answer.score,
        answer.points,
        answer.answeredAt,
      ],
    );
  }

  async recordScoredAnswer(answer: AnswerRecord, learning: ScoredLearning): Promise<boolean> {
    // One statement is one transaction: the card, score and day are written only with a new answer.
    const rows = await this.rows(
      `WITH answer AS (
         INSERT INTO answers (session_id, position, user_id, question_id, correct, score, points, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1),
       card AS (
         INSERT INTO cards (user_id, question_id, card, due_at) SELECT $3, $9::text, $10::text, $11::bigint FROM answer
         ON CONFLICT (user_id, question_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at),
       score AS (
         INSERT INTO scores (guild_id, user_id, week, points, answered, correct)
         SELECT $12::text, $3, $13::text, $7::int, 1, $14::int FROM answer
         ON CONFLICT (guild_id, user_id, week) DO UPDATE SET points = scores.points + excluded.points,
           answered = scores.answered + 1, correct = scores.correct + excluded.correct),
       day AS (INSERT INTO activity (user_id, day) SELECT $3, $15::text FROM answer ON CONFLICT DO NOTHING)
       SELECT COUNT(*)::int AS inserted FROM answer`,
      [
        answer.sessionId,
        answer.position,
        answer.userId,
        answer.questionId,
        answer.correct,
        answer.score,
        answer.points,
        answer.answeredAt,
        learning.card.questionId,
        JSON.stringify(learning.card),
        Date.parse(learning.card.due),
        learning.guildId,
        isoWeek(learning.at),
        answer.correct ? 1 : 0,
        learning.at.toISOString().slice(0, 10),
      ],
    );
    return Number(rows[0]?.inserted) === 1;
  }

  async answersFor(sessionId: string, position?: number): Promise<AnswerRecord[]> {
    // Ties on answered_at in insertion order, as in SQLite (ctid: answers are never updated).
    const rows =
      position === undefined
        ? await this.rows("SELECT * FROM answers WHERE session_id = $1 ORDER BY answered_at, ctid", [
            sessionId,
          ])
        : await this.rows(
            "SELECT * FROM answers WHERE session_id = $1 AND position = $2 ORDER BY answered_at, ctid",
            [sessionId, position],
          );
    return rows.map((row) => ({
      sessionId: String(row.session_id),
      position: Number(row.position),
      userId: String(row.user_id),
      questionId: String(row.question_id),
      correct: row.correct === true,
      score: Number(row.score),
      points: Number(row.points),
      answeredAt: Number(row.answered_at),
    }));
  }

  async addScore(guildId: string, userId: string, at: Date, points: number, correct: boolean): Promise<void> {
    // One statement (one round trip): the score, and the day for streaks.
    await this.run(
      `WITH score AS (
         INSERT INTO scores (guild_id, user_id, week, points, answered, correct) VALUES ($1, $2, $3, $4, 1, $5)
         ON CONFLICT (guild_id, user_id, week) DO UPDATE SET points = scores.points + excluded.points,
           answered = scores.answered + 1, correct = scores.correct + excluded.correct)
       INSERT INTO activity (user_id, day) VALUES ($2, $6) ON CONFLICT DO NOTHING`,
      [guildId, userId, isoWeek(at), points, correct ? 1 : 0, at.toISOString().slice(0, 10)],
    );
  }

  async leaderboard(guildId: string, week: string | undefined, limit = 10): Promise<LeaderboardRow[]> {
    const rows =
      week === undefined
        ? await this.rows(
            'SELECT user_id, SUM(points) AS points, SUM(answered) AS answered, SUM(correct) AS correct FROM scores WHERE guild_id = $1 GROUP BY user_id ORDER BY points DESC, correct DESC, user_id COLLATE "C" LIMIT $2',
            [guildId, limit],
          )
        : await this.rows(
            'SELECT user_id, points, answered, correct FROM scores WHERE guild_id = $1 AND week = $2 ORDER BY points DESC, correct DESC, user_id COLLATE "C" LIMIT $3',
            [guildId, week, limit],
          );
    return rows.map((row) => toLeaderboardRow(row));
  }

  async userTotals(guildId: string, userId: string): Promise<LeaderboardRow> {
    const rows = await this.rows(
      "SELECT COALESCE(SUM(points),0) AS points, COALESCE(SUM(answered),0) AS answered, COALESCE(SUM(correct),0) AS correct FROM scores WHERE guild_id = $1 AND user_id = $2",
      [guildId, userId],
    );
    return toLeaderboardRow(rows[0] ?? {}, userId);
  }

  async streak(userId: string, today: Date): Promise<number> {
    const days = new Set(
      (await this.rows("SELECT day FROM activity WHERE user_id = $1", [userId])).map((row) =>
        String(row.day),
      ),
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

  async getCards(userId: string): Promise<ReviewCard[]> {
    return (await this.rows("SELECT card FROM cards WHERE user_id = $1", [userId])).map(
      (row) => JSON.parse(String(row.card)) as ReviewCard,
    );
  }

  async getCard(userId: string, questionId: string): Promise<ReviewCard | undefined> {
    const row = (
      await this.rows("SELECT card FROM cards WHERE user_id = $1 AND question_id = $2", [userId, questionId])
    )[0];
    return row ? (JSON.parse(String(row.card)) as ReviewCard) : undefined;
  }

  async saveCard(userId: string, card: ReviewCard): Promise<void> {
    await this.run(
      "INSERT INTO cards (user_id, question_id, card, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, question_id) DO UPDATE SET card = excluded.card, due_at = excluded.due_at",
      [userId, card.questionId, JSON.stringify(card), Date.parse(card.due)],
    );
  }

  async getUserSettings(userId: string): Promise<UserSettings> {
    const row = (
      await this.rows("SELECT docker_profile, chosen_at FROM user_settings WHERE user_id = $1", [userId])
    )[0];
    return userSettingsOf(userId, row);
  }

  async setUserSettings(settings: ChosenSettings): Promise<void> {
    await this.run(
      `INSERT INTO user_settings (user_id, docker_profile, chosen_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET docker_profile = excluded.docker_profile, chosen_at = excluded.chosen_at`,
      [settings.userId, settings.dockerProfile, Date.parse(settings.chosenAt)],
    );
  }

  async getGuildConfig(guildId: string): Promise<GuildConfig> {
    const row = (await this.rows("SELECT * FROM guild_config WHERE guild_id = $1", [guildId]))[0];
    return {
      guildId,
      challengeChannelId:
        row?.challenge_channel_id === null || row === undefined ? null : String(row.challenge_channel_id),
      challengeRounds: row ? Number(row.challenge_rounds) : 5,
      roundSeconds: row ? Number(row.round_seconds) : 30,
    };
  }

  async setGuildConfig(config: GuildConfig): Promise<void> {
    await this.run(
      `INSERT INTO guild_config (guild_id, challenge_channel_id, challenge_rounds, round_seconds) VALUES ($1, $2, $3, $4)
       ON CONFLICT (guild_id) DO UPDATE SET challenge_channel_id = excluded.challenge_channel_id,
         challenge_rounds = excluded.challenge_rounds, round_seconds = excluded.round_seconds`,
      [config.guildId, config.challengeChannelId, config.challengeRounds, config.roundSeconds],
    );
  }

  async saveMessageRef(ref: MessageRef): Promise<void> {
    await this.run(
      `INSERT INTO session_messages (session_id, channel_id, message_id, token, ephemeral, components, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (session_id) DO UPDATE SET channel_id = excluded.channel_id,
         message_id = COALESCE(excluded.message_id, session_messages.message_id), token = excluded.token,
         ephemeral = excluded.ephemeral, components = excluded.components, at = excluded.at`,
      [
        ref.sessionId,
        ref.channelId,
        ref.messageId ?? null,
        ref.token ?? null,
        ref.ephemeral,
        JSON.stringify(ref.components),
        ref.at,
      ],
    );
  }

  async messageRef(sessionId: string): Promise<MessageRef | undefined> {
    const row = (await this.rows("SELECT * FROM session_messages WHERE session_id = $1", [sessionId]))[0];
    if (!row) return undefined;
    return {
      sessionId,
      channelId: String(row.channel_id),
      ...(row.message_id === null ? {} : { messageId: String(row.message_id) }),
      ...(row.token === null ? {} : { token: String(row.token) }),
      ephemeral: row.ephemeral === true,
      components: JSON.parse(String(row.components)) as unknown[],
      at: Number(row.at),
    };
  }

  async claimLease(name: string, owner: string, now: number, expiresAt: number): Promise<boolean> {
    return this.changed(
      `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= $4`,
      [name, owner, expiresAt, now],
    );
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.run("DELETE FROM leases WHERE name = $1 AND owner = $2", [name, owner]);
  }
}

export class PostgresStore extends PostgresOperations implements Store {
  readonly kind = "postgres";
  private readonly pool: pg.Pool;

  private constructor(pool: pg.Pool, counter: { claims: number }) {
    super(pool, counter);
    this.pool = pool;
  }

  /** Connects, migrates, and returns the store; a bad URL or an unreachable server rejects. */
  static async open(url: string, poolSize = 8): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client losing its connection (a database restart) must not crash the bot.
    pool.on("error", (error) =>
      console.error(`Layercake Discord bot: PostgreSQL connection lost: ${error.message}`),
    );
    const store = new PostgresStore(pool, { claims: 0 });
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw new Error(
        `PostgreSQL at ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      const current = Number(
        (await client.query("SELECT MAX(version) AS v FROM schema_version")).rows[0]?.v ?? 0,
      );
      for (let index = current; index < MIGRATIONS.length; index += 1) {
        await client.query(MIGRATIONS[index] as string);
        await client.query("INSERT INTO schema_version (version) VALUES ($1)", [index + 1]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async schemaVersion(): Promise<number> {
    const rows = (await this.pool.query("SELECT MAX(version) AS v FROM schema_version")).rows;
    return Number(rows[0]?.v ?? 0);
  }

  async transaction<Result>(work: (tx: StoreOperations) => Promise<Result>): Promise<Result> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(new PostgresOperations(client, this.counter));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}
