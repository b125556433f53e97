/**
 * A Discord-compatible server on loopback for end-to-end tests: the REST API under /api/v10 and a
 * gateway WebSocket (v10, JSON, no compression) that speaks HELLO, IDENTIFY → READY, GUILD_CREATE,
 * heartbeats, RESUME and INTERACTION_CREATE. The real discord.js client connects to it through
 * DISCORD_API_URL. It serves one gateway session per shard: a session that identifies as shard
 * [id, count] gets the guilds Discord would give it ((guild_id >> 22) % count === id) and their
 * interactions only. Every REST call is recorded so tests can assert the exact requests.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  files: Array<{ name: string; size: number; type: string }>;
  at: number;
}

export interface EmulatedUser {
  id: string;
  username: string;
  /** Permission bits as a decimal string (Administrator = 8, Manage Guild = 32). */
  permissions?: string;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  attachments: Array<{ id: string; filename: string; size: number }>;
}

const BOT_USER = {
  id: "100000000000000001",
  username: "layercake",
  discriminator: "0",
  global_name: null,
  avatar: null,
  bot: true,
};
export const APPLICATION_ID = "200000000000000002";
export const GUILD_ID = "300000000000000003";
export const CHANNEL_ID = "400000000000000004";
/** A second guild (with `guildCount = 2`), on the other shard of two than GUILD_ID. */
export const GUILD_ID_2 = "300000000004194307";
export const CHANNEL_ID_2 = "400000000000000008";
const GUILDS = [
  { id: GUILD_ID, channelId: CHANNEL_ID, name: "Layercake study group" },
  { id: GUILD_ID_2, channelId: CHANNEL_ID_2, name: "Layercake night owls" },
];

/** The shard a guild belongs to among `count` (Discord's formula). */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

let snowflake = 500_000_000_000_000_000n;
export function nextSnowflake(): string {
  snowflake += 1n;
  return snowflake.toString();
}

export class DiscordEmulator {
  readonly calls: RecordedCall[] = [];
  readonly commands = new Map<string, unknown[]>();
  readonly messages = new Map<string, StoredMessage>();
  /** Original response message per interaction token. */
  readonly originals = new Map<string, StoredMessage>();
  /** The message a component or modal interaction came from, per interaction token. */
  private readonly sourceMessages = new Map<string, string>();
  private server?: Server;
  private wss?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  /** The shard each session identified as ([id, count]). */
  private readonly socketShards = new Map<WebSocket, [number, number]>();
  /** The channel an interaction came from, per token (messages its callbacks create go there). */
  private readonly tokenChannels = new Map<string, string>();
  /** How many guilds the bot is in (1, or 2 for sharding tests). */
  guildCount = 1;
  /** The shard count `/gateway/bot` recommends. */
  recommendedShards = 1;
  private sequence = 0;
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  identifies = 0;
  resumes = 0;
  /**
   * Interaction callbacks to lose: a matching callback is recorded and answered 204 as usual, but
   * never applied (no message is created or edited), as when a reply does not reach Discord.
   */
  private readonly dropping: Array<(call: RecordedCall) => boolean> = [];
  readonly dropped: RecordedCall[] = [];
  /** Delays REST responses (ms) to exercise slow paths. */
  restDelayMs = 0;
  url = "";
  wsUrl = "";

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on("connection", (socket) => this.onConnection(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** Calls recorded so far that match `filter`. */
  find(filter: (call: RecordedCall) => boolean): RecordedCall[] {
    return this.calls.filter(filter);
  }

  /** Resolves with the first call (already recorded after `since`, or future) that matches. */
  waitFor(
    filter: (call: RecordedCall) => boolean,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const since = options.since ?? 0;
    const existing = this.calls.slice(since).find(filter);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(
          new Error(
            `no matching REST call within ${options.timeoutMs ?? 10_000} ms; last calls: ${JSON.stringify(this.calls.slice(-3).map((call) => `${call.method} ${call.path}`))}`,
          ),
        );
      }, options.timeoutMs ?? 10_000);
      const listener = (call: RecordedCall) => {
        if (!filter(call)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(call);
      };
      this.listeners.add(listener);
    });
  }

  // --- gateway ------------------------------------------------------------------------------------

  private send(socket: WebSocket, payload: unknown): void {
    socket.send(JSON.stringify(payload));
  }

  private dispatch(socket: WebSocket, type: string, data: unknown): void {
    this.sequence += 1;
    this.send(socket, { op: 0, t: type, s: this.sequence, d: data });
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.socketShards.delete(socket);
    });
    this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (payload.op === 1) this.send(socket, { op: 11 });
      else if (payload.op === 2) {
        this.identifies += 1;
        const shard = (payload.d as { shard?: [number, number] }).shard ?? [0, 1];
        this.socketShards.set(socket, shard);
        const guilds = GUILDS.slice(0, this.guildCount).filter(
          (guild) => shardOf(guild.id, shard[1]) === shard[0],
        );
        this.dispatch(socket, "READY", {
          v: 10,
          user: BOT_USER,
          guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: randomUUID(),
          resume_gateway_url: this.wsUrl,
          application: { id: APPLICATION_ID, flags: 0 },
          shard,
        });
        for (const guild of guilds) this.dispatch(socket, "GUILD_CREATE", this.guild(guild));
      } else if (payload.op === 6) {
        this.resumes += 1;
        this.dispatch(socket, "RESUMED", null);
      }
    });
  }

  private guild(guild = GUILDS[0] as (typeof GUILDS)[number]) {
    const { id: guildId, channelId, name } = guild;
    return {
      id: guildId,
      name,
      icon: null,
      owner_id: "900000000000000009",
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      premium_tier: 0,
      system_channel_flags: 0,
      nsfw_level: 0,
      preferred_locale: "en-US",
      features: [],
      roles: [
        {
          id: guildId,
          name: "@everyone",
          permissions: "104324673",
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      channels: [
        {
          id: channelId,
          type: 0,
          name: "docker-study",
          guild_id: guildId,
          position: 0,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
        },
      ],
      threads: [],
      members: [],
      member_count: 60,
      large: false,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
  }

  /** Sends an interaction to the session of its guild's shard; returns its id and token. */
  interact(payload: Record<string, unknown>): {
    id: string;
    token: string;
    payload: Record<string, unknown>;
  } {
    const id = nextSnowflake();
    const token = `token-${id}`;
    const source = (payload.message as { id?: string } | undefined)?.id;
    if (source) this.sourceMessages.set(token, source);
    const guild =
      GUILDS.find((candidate) => candidate.id === payload.guild_id) ?? (GUILDS[0] as (typeof GUILDS)[number]);
    const full = {
      id,
      token,
      application_id: APPLICATION_ID,
      version: 1,
      locale: "en-US",
      guild_locale: "en-US",
      app_permissions: "2248473465835073",
      entitlements: [],
      authorizing_integration_owners: { "0": guild.id },
      context: 0,
      guild_id: guild.id,
      channel_id: guild.channelId,
      channel: { id: guild.channelId, type: 0, guild_id: guild.id, name: "docker-study" },
      ...payload,
    };
    this.tokenChannels.set(token, full.channel_id);
    this.deliver(full);
    return { id, token, payload: full };
  }

  /** Loses the next interaction callback that matches `filter` (see `dropping`). */
  dropNextCallback(filter: (call: RecordedCall) => boolean): void {
    this.dropping.push(filter);
  }

  /** Replays an interaction exactly (same id and token), as a retried gateway delivery would. */
  replay(payload: Record<string, unknown>): void {
    this.deliver(payload);
  }

  /** To the session of the shard that owns the interaction's guild (every session when unsharded). */
  private deliver(payload: Record<string, unknown>): void {
    for (const socket of this.sockets) {
      const [id, count] = this.socketShards.get(socket) ?? [0, 1];
      if (shardOf(String(payload.guild_id ?? GUILD_ID), count) === id)
        this.dispatch(socket, "INTERACTION_CREATE", payload);
    }
  }

  /** Open gateway sessions by shard id. */
  sessionsByShard(): Map<number, number> {
    const sessions = new Map<number, number>();
    for (const [socket, [id]] of this.socketShards)
      if (this.sockets.has(socket)) sessions.set(id, (sessions.get(id) ?? 0) + 1);
    return sessions;
  }

  /** Drops every gateway connection (the client reconnects and resumes). */
  disconnectAll(): void {
    for (const socket of this.sockets) socket.close(4000, "emulated disconnect");
  }

  // --- REST ---------------------------------------------------------------------------------------

  private async readBody(request: IncomingMessage): Promise<{ body: unknown; files: RecordedCall["files"] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = request.headers["content-type"] ?? "";
    if (raw.length === 0) return { body: undefined, files: [] };
    if (type.startsWith("multipart/form-data")) {
      const form = await new Request("http://emulator/", {
        method: "POST",
        headers: { "content-type": type },
        body: raw,
      }).formData();
      const files: RecordedCall["files"] = [];
      let body: unknown;
      for (const [name, value] of form.entries()) {
        if (typeof value === "string") {
          if (name === "payload_json") body = JSON.parse(value);
        } else files.push({ name: value.name, size: value.size, type: value.type });
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  }

  private message(
    channelId: string,
    data: Record<string, unknown> | undefined,
    files: RecordedCall["files"],
  ): StoredMessage {
    const message: StoredMessage = {
      id: nextSnowflake(),
      channel_id: channelId,
      content: typeof data?.content === "string" ? data.content : "",
      embeds: Array.isArray(data?.embeds) ? data.embeds : [],
      components: Array.isArray(data?.components) ? data.components : [],
      flags: typeof data?.flags === "number" ? data.flags : 0,
      attachments: files.map((file) => ({ id: nextSnowflake(), filename: file.name, size: file.size })),
    };
    this.messages.set(message.id, message);
    return message;
  }

  private messageJson(message: StoredMessage) {
    return {
      ...message,
      type: 0,
      author: BOT_USER,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      attachments: message.attachments.map((attachment) => ({
        ...attachment,
        url: `${this.url}/attachments/${attachment.id}`,
        proxy_url: "",
      })),
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, "");
    const { body, files } = await this.readBody(request);
    const call: RecordedCall = {
      method: request.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      at: Date.now(),
    };
    this.calls.push(call);
    for (const listener of [...this.listeners]) listener(call);
    if (this.restDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.restDelayMs));
    const json = (status: number, value?: unknown) => {
      response.writeHead(status, {
        "content-type": "application/json",
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "49",
        "x-ratelimit-reset-after": "1",
      });
      response.end(value === undefined ? undefined : JSON.stringify(value));
    };
    const method = call.method;
    if (method === "GET" && path === "/gateway/bot") {
      return json(200, {
        url: this.wsUrl,
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/gateway") return json(200, { url: this.wsUrl });
    if (method === "GET" && path === "/users/@me") return json(200, BOT_USER);
    if (method === "GET" && path === "/applications/@me")
      return json(200, {
        id: APPLICATION_ID,
        name: "Layercake",
        flags: 0,
        bot_public: true,
        bot_require_code_grant: false,
        description: "",
        icon: null,
      });
    const commandsRoute = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commandsRoute) {
      const match = commandsRoute;
      const key = match[2] ?? "global";
      if (method === "PUT") {
        const list = (body as Array<Record<string, unknown>>).map((command) => ({
          ...command,
          id: nextSnowflake(),
          application_id: APPLICATION_ID,
          version: nextSnowflake(),
          ...(match?.[2] ? { guild_id: match[2] } : {}),
        }));
        this.commands.set(key, list);
        return json(200, list);
      }
      if (method === "GET") return json(200, this.commands.get(key) ?? []);
    }
    const callbackRoute = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && callbackRoute) {
      const match = callbackRoute;
      const drop = this.dropping.findIndex((filter) => filter(call));
      if (drop >= 0) {
        this.dropping.splice(drop, 1);
        this.dropped.push(call);
        response.writeHead(204).end();
        return;
      }
      const token = match[2] as string;
      const callback = body as { type: number; data?: Record<string, unknown> };
      if (callback.type === 4 || callback.type === 5)
        this.originals.set(
          token,
          this.message(this.tokenChannels.get(token) ?? CHANNEL_ID, callback.data, files),
        );
      if (callback.type === 7 || callback.type === 6) {
        // An update edits the message the component is on; it becomes this token's original too.
        const existing = this.messages.get(this.sourceMessages.get(token) ?? "");
        if (existing && callback.type === 7) {
          const { id: _ignored, ...next } = this.message(
            existing.channel_id,
            { ...existing, ...callback.data },
            files,
          );
          Object.assign(existing, next);
        }
        if (existing) this.originals.set(token, existing);
      }
      if (url.searchParams.get("with_response") === "true") {
        const original = this.originals.get(token);
        return json(200, {
          interaction: { id: match[1], type: 2 },
          resource: { type: callback.type, ...(original ? { message: this.messageJson(original) } : {}) },
        });
      }
      response.writeHead(204).end();
      return;
    }
    const webhookRoute = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (webhookRoute) {
      const match = webhookRoute;
      const token = match[2] as string;
      const target = match[3];
      if (method === "POST" && target === undefined)
        return json(
          200,
          this.messageJson(
            this.message(this.tokenChannels.get(token) ?? CHANNEL_ID, body as Record<string, unknown>, files),
          ),
        );
      const message =
        target === "@original" ? this.originals.get(token) : target ? this.messages.get(target) : undefined;
      if (!message) return json(404, { message: "Unknown Message", code: 10008 });
      if (method === "GET") return json(200, this.messageJson(message));
      if (method === "PATCH") {
        const next = this.message(
          message.channel_id,
          { ...message, ...(body as Record<string, unknown>) },
          files,
        );
        Object.assign(message, next, { id: message.id });
        return json(200, this.messageJson(message));
      }
      if (method === "DELETE") {
        this.messages.delete(message.id);
        response.writeHead(204).end();
        return;
      }
    }
    const channelRoute = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
    if (channelRoute) {
      const match = channelRoute;
      if (method === "POST")
        return json(
          200,
          this.messageJson(this.message(match[1] as string, body as Record<string, unknown>, files)),
        );
      const message = match[2] ? this.messages.get(match[2]) : undefined;
      if (!message) return json(404, { message: "Unknown Message", code: 10008 });
      if (method === "PATCH") {
        Object.assign(
          message,
          this.message(message.channel_id, { ...message, ...(body as Record<string, unknown>) }, files),
          { id: message.id },
        );
        return json(200, this.messageJson(message));
      }
    }
    return json(404, { message: `emulator: no route for ${method} ${path}`, code: 0 });
  }
}

// --- interaction payload builders -------------------------------------------------------------------

export function member(user: EmulatedUser) {
  return {
    user: {
      id: user.id,
      username: user.username,
      discriminator: "0",
      global_name: user.username,
      avatar: null,
    },
    roles: [],
    permissions: user.permissions ?? "104324673",
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
  };
}

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
  focused?: boolean;
}

export function slashCommand(user: EmulatedUser, name: string, options: CommandOption[] = []) {
  return { type: 2, member: member(user), data: { id: nextSnowflake(), name, type: 1, options } };
}

export function autocomplete(user: EmulatedUser, name: string, options: CommandOption[]) {
  return { type: 4, member: member(user), data: { id: nextSnowflake(), name, type: 1, options } };
}

export function buttonClick(user: EmulatedUser, customId: string, message: StoredMessage) {
  return {
    type: 3,
    member: member(user),
    message: {
      ...message,
      type: 0,
      author: BOT_USER,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      attachments: [],
    },
    data: { custom_id: customId, component_type: 2 },
  };
}

export function selectMenu(user: EmulatedUser, customId: string, values: string[], message: StoredMessage) {
  return {
    ...buttonClick(user, customId, message),
    data: { custom_id: customId, component_type: 3, values },
  };
}

export function modalSubmit(
  user: EmulatedUser,
  customId: string,
  fields: Record<string, string>,
  message?: StoredMessage,
) {
  return {
    type: 5,
    member: member(user),
    ...(message ? { message: buttonClick(user, customId, message).message } : {}),
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([fieldId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: fieldId, value }],
      })),
    },
  };
}
