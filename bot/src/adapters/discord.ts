/**
 * The Discord adapter: the real discord.js client, translating interactions into the core's
 * `Incoming`, and the core's `Reply` into interaction responses. It acknowledges within Discord's
 * 3-second window (deferring slow work), counts a replayed interaction once, rate-limits users,
 * never lets user text mention anyone, and schedules challenge timers that survive restarts.
 */

import { execFile } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import type { ContentLibrary } from "@layercake/shared/core";
import {
  type BaseMessageOptions,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  Options,
  Routes,
} from "discord.js";
import { onChallengeTimer } from "../commands/challenge.ts";
import { route } from "../commands/index.ts";
import type { BotConfig } from "../config.ts";
import { RateLimiter } from "../discord-free/limits.ts";
import { disabledRows, notice } from "../messages/render.ts";
import type { BotContext, ChannelPost, Incoming, MessageBody, Reply, Row } from "../messages/types.ts";
import { createEnginePool, type EnginePoolOptions } from "./engine-pool.ts";
import { openStore, type Store } from "./store.ts";

const NO_MENTIONS = { parse: [] as never[] };
const run = promisify(execFile);

export interface RunningBot {
  client: Client;
  storage: Store;
  context: BotContext;
  stop(): Promise<void>;
}

export interface StartOptions {
  contentDir?: string;
  log?: (line: string) => void;
  now?: () => Date;
  enginePool?: EnginePoolOptions;
}

function toMessage(body: MessageBody): BaseMessageOptions {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    ...(body.embeds ? { embeds: body.embeds } : {}),
    ...(body.components ? { components: body.components } : {}),
    ...(body.files
      ? {
          files: body.files.map((file) => ({
            attachment: Buffer.from(file.data),
            name: file.name,
            ...(file.description ? { description: file.description } : {}),
          })),
        }
      : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** The interaction as the core sees it, or undefined for kinds the bot does not handle. */
export function toIncoming(interaction: Interaction): Incoming | undefined {
  const common = {
    id: interaction.id,
    actor: {
      id: interaction.user.id,
      name: interaction.user.username,
      permissions: interaction.memberPermissions?.bitfield ?? 0n,
    },
    guildId: interaction.guildId ?? "dm",
    channelId: interaction.channelId ?? "dm",
  };
  if (interaction.isChatInputCommand()) {
    const subcommand = interaction.options.getSubcommand(false) ?? undefined;
    const data = subcommand ? (interaction.options.data[0]?.options ?? []) : interaction.options.data;
    const options: Record<string, string | number | boolean> = {};
    for (const option of data)
      if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
    return {
      ...common,
      kind: "command",
      name: interaction.commandName,
      ...(subcommand ? { subcommand } : {}),
      options,
    };
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true);
    return {
      ...common,
      kind: "autocomplete",
      name: interaction.commandName,
      focused: focused.name,
      value: String(focused.value),
    };
  }
  if (interaction.isButton()) return { ...common, kind: "button", customId: interaction.customId };
  if (interaction.isStringSelectMenu())
    return { ...common, kind: "select", customId: interaction.customId, values: interaction.values };
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields)
      if ("value" in field && typeof field.value === "string") fields[id] = field.value;
    return {
      ...common,
      kind: "modal",
      customId: interaction.customId,
      fields,
      fromMessage: interaction.isFromMessage(),
    };
  }
  return undefined;
}

/** How long a timer's lease lasts: longer than a round (120 s at most) and its presentation. */
const TIMER_LEASE_MS = 180_000;

/** How often a process looks for challenges it holds no timer for (started elsewhere). */
const ADOPT_EVERY_MS = 60_000;

/** Interaction tokens last 15 minutes; edits through one stop a little before. */
const TOKEN_LIFETIME_MS = 14 * 60_000;

/** What a reply created or edited: the reply that was sent last (a deferred one's result) and where. */
interface Sent {
  final: Reply;
  messageId?: string;
  ephemeral: boolean;
  components: unknown[];
}

/**
 * Sends the reply; resolves with the message it created or edited (for tracking), if any.
 * Deferred replies are acknowledged first and completed when their work is done.
 */
async function respond(interaction: Interaction, reply: Reply): Promise<Sent | undefined> {
  if (reply.kind === "none") return undefined;
  if (reply.kind === "choices") {
    if (interaction.isAutocomplete()) await interaction.respond(reply.choices);
    return undefined;
  }
  if (!interaction.isRepliable()) return undefined;
  const sourceMessageId = interaction.isMessageComponent()
    ? interaction.message.id
    : interaction.isModalSubmit() && interaction.isFromMessage()
      ? interaction.message.id
      : undefined;
  const canUpdate =
    interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
  switch (reply.kind) {
    case "message": {
      const options: InteractionReplyOptions = {
        ...toMessage(reply.body),
        ...(reply.body.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      };
      const response = await interaction.reply({ ...options, withResponse: true });
      return {
        final: reply,
        ...(response.resource?.message ? { messageId: response.resource.message.id } : {}),
        ephemeral: reply.body.ephemeral === true,
        components: reply.body.components ?? [],
      };
    }
    case "update":
      if (
        canUpdate &&
        !interaction.replied &&
        (interaction.isMessageComponent() || interaction.isModalSubmit())
      ) {
        await interaction.update(toMessage(reply.body));
        return {
          final: reply,
          ...(sourceMessageId ? { messageId: sourceMessageId } : {}),
          ephemeral: false,
          components: reply.body.components ?? [],
        };
      }
      await interaction.reply(toMessage(reply.body));
      return { final: reply, ephemeral: false, components: reply.body.components ?? [] };
    case "modal":
      if (interaction.isChatInputCommand() || interaction.isMessageComponent())
        await interaction.showModal(reply.modal);
      return undefined;
    case "deferred": {
      const update = reply.update === true && canUpdate;
      if (update && (interaction.isMessageComponent() || interaction.isModalSubmit()))
        await interaction.deferUpdate();
      else await interaction.deferReply(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      const done = await reply.work();
      if (done.kind !== "message" && done.kind !== "update") {
        // Nothing to show (a modal cannot follow a deferral): say so rather than leave "thinking…".
        await interaction.editReply({ content: "Done.", allowedMentions: NO_MENTIONS });
        return undefined;
      }
      const body = done.body;
      const wantsEphemeral = done.kind === "message" && body.ephemeral === true;
      const acknowledgedEphemeral = !update && reply.ephemeral;
      if (done.kind === "update" || (!update && wantsEphemeral === acknowledgedEphemeral)) {
        const message = await interaction.editReply(toMessage(body));
        return {
          final: done,
          messageId: message.id,
          ephemeral: acknowledgedEphemeral,
          components: body.components ?? [],
        };
      }
      // The result's visibility differs from the acknowledgement's: send it as a follow-up and
      // remove the placeholder (a public result after a private "thinking…", or the reverse).
      const message = await interaction.followUp({
        ...toMessage(body),
        ...(wantsEphemeral ? { flags: MessageFlags.Ephemeral } : {}),
      });
      if (!update) await interaction.deleteReply().catch(() => undefined);
      return {
        final: done,
        messageId: message.id,
        ephemeral: wantsEphemeral,
        components: body.components ?? [],
      };
    }
  }
}

/** The content library, read in a child process (see content-reader.ts). */
async function loadLibrary(contentDir: string | undefined): Promise<ContentLibrary> {
  const directory = contentDir ?? new URL("../../../content", import.meta.url).pathname;
  const reader = new URL("./content-reader.ts", import.meta.url).pathname;
  try {
    const { stdout } = await run(process.execPath, [reader, directory], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(stdout) as ContentLibrary;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(stderr?.trim() || `the content library could not be read: ${String(error)}`);
  }
}

/** Starts the bot: storage, content, the engine pool, the discord.js client; resolves when ready. */
export async function startBot(config: BotConfig, options: StartOptions = {}): Promise<RunningBot> {
  const log = options.log ?? ((line: string) => console.log(line));
  const storage = await openStore(
    config.databaseUrl ? { postgresUrl: config.databaseUrl } : { sqlitePath: config.databasePath },
  );
  // Who holds a timer's lease: stable across restarts of the same shard, so a restarted shard
  // takes its rounds back at once; another shard takes them over when the lease runs out.
  const leaseOwner = config.instance;
  const library = await loadLibrary(options.contentDir);
  const engine = createEnginePool(options.enginePool);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    // The bot answers interactions and never reads users, members or messages from discord.js's
    // caches, which would otherwise keep every player who ever clicked.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ThreadMemberManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    rest: config.apiUrl ? { api: config.apiUrl } : {},
  });
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const limiter = new RateLimiter(config.rateLimit.burst, config.rateLimit.windowMs);
  const now = options.now ?? (() => new Date());
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const post = async ({ channelId, messageId, body, track }: ChannelPost): Promise<string | undefined> => {
    const files = (body.files ?? []).map((file, index) => ({
      name: file.name,
      data: Buffer.from(file.data),
      key: `files[${index}]`,
    }));
    const payload = {
      body: {
        content: body.content,
        embeds: body.embeds,
        components: body.components,
        allowed_mentions: NO_MENTIONS,
      },
      ...(files.length > 0 ? { files } : {}),
    };
    let sent: { id: string } | undefined;
    if (messageId) {
      sent = (await client.rest
        .patch(Routes.channelMessage(channelId, messageId), payload)
        .catch((error: unknown) => {
          // The board is gone (deleted by a moderator?): post a new one below.
          log(`layercake bot: could not edit message ${messageId}: ${describe(error)}`);
          return undefined;
        })) as { id: string } | undefined;
    }
    sent ??= (await client.rest.post(Routes.channelMessages(channelId), payload)) as { id: string };
    if (track)
      await storage.saveMessageRef({
        sessionId: track,
        channelId,
        messageId: sent.id,
        ephemeral: false,
        components: body.components ?? [],
        at: now().getTime(),
      });
    return sent.id;
  };

  /** Edits a session's message so its buttons and menus are disabled (the session ended). */
  async function disableComponents(sessionId: string): Promise<void> {
    const ref = await storage.messageRef(sessionId);
    if (!ref || ref.components.length === 0) return;
    const components = disabledRows(ref.components as Row[]);
    const fresh = ref.token !== undefined && now().getTime() - ref.at < TOKEN_LIFETIME_MS;
    try {
      if (fresh && ref.token)
        await client.rest.patch(Routes.webhookMessage(client.application?.id ?? "", ref.token, "@original"), {
          body: { components },
          auth: false,
        });
      else if (ref.messageId && !ref.ephemeral)
        await client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), {
          body: { components },
        });
      await storage.saveMessageRef({ ...ref, components: [] });
    } catch (error) {
      log(`layercake bot: could not disable the components of ${sessionId}: ${describe(error)}`);
    }
  }

  const context: BotContext = {
    storage,
    library,
    questionsById: new Map(library.questions.map((question) => [question.id, question])),
    lessonsById: new Map(library.lessons.map((lesson) => [lesson.id, lesson])),
    siteUrl: config.siteUrl,
    now,
    newSeed: () => randomInt(1, 2 ** 31 - 1),
    newId: () => randomUUID().replace(/-/g, "").slice(0, 16),
    timers: {
      schedule(sessionId, at) {
        clearTimeout(timers.get(sessionId));
        timers.set(
          sessionId,
          setTimeout(
            () => {
              timers.delete(sessionId);
              void runTimer(sessionId);
            },
            Math.max(0, at - now().getTime()),
          ),
        );
      },
    },
    post,
    engine,
  };

  async function runTimer(sessionId: string): Promise<void> {
    try {
      // Exactly one process runs a challenge's rounds: the holder of its lease. Others look again
      // when the lease would run out (its holder was killed, or another machine stopped).
      const at = now().getTime();
      if (!(await storage.claimLease(`challenge:${sessionId}`, leaseOwner, at, at + TIMER_LEASE_MS))) {
        context.timers.schedule(sessionId, at + TIMER_LEASE_MS);
        return;
      }
      for (const message of await onChallengeTimer(context, sessionId)) await post(message);
    } catch (error) {
      log(`layercake bot: challenge timer for ${sessionId} failed: ${describe(error)}`);
    }
  }

  async function handle(interaction: Interaction): Promise<void> {
    const incoming = toIncoming(interaction);
    if (!incoming) return;
    if (incoming.kind !== "autocomplete") {
      // A replayed or retried interaction counts once; Discord would refuse a second response anyway.
      if (!(await storage.claimInteraction(incoming.id, now().getTime()))) return;
      if (!limiter.allow(incoming.actor.id, now().getTime())) {
        await respond(interaction, notice("You are going a bit fast; try again in a few seconds."));
        return;
      }
    }
    let reply: Reply;
    try {
      reply = await route(context, incoming);
    } catch (error) {
      log(
        `layercake bot: handler failed for ${incoming.kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      reply = notice("Something went wrong on Layercake's side. Your progress so far is saved; try again.");
    }
    let sent: Sent | undefined;
    try {
      sent = await respond(interaction, reply);
    } catch (error) {
      // The reply did not reach Discord (a network error, an expired token). Everything is saved
      // first, so the player's next click on the message shows the current state.
      log(`layercake bot: could not respond: ${describe(error)}`);
    }
    const effects = [
      ...("effects" in reply ? (reply.effects ?? []) : []),
      ...(sent && sent.final !== reply && "effects" in sent.final ? (sent.final.effects ?? []) : []),
    ];
    for (const effect of effects)
      if (effect.kind === "disable-components") await disableComponents(effect.sessionId);
    const track = sent && "track" in sent.final ? sent.final.track : undefined;
    if (sent && track)
      await storage.saveMessageRef({
        sessionId: track,
        channelId: incoming.channelId,
        ...(sent.messageId ? { messageId: sent.messageId } : {}),
        token: interaction.token,
        ephemeral: sent.ephemeral,
        components: sent.components,
        at: now().getTime(),
      });
  }

  client.on(Events.InteractionCreate, (interaction) => {
    void handle(interaction).catch((error: unknown) =>
      log(`layercake bot: could not handle an interaction: ${describe(error)}`),
    );
  });

  client.on(Events.Error, (error) => log(`layercake bot: client error: ${error.message}`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.token);
  await ready;

  // Resume what was running: challenge rounds get their timers back; expired sessions end cleanly.
  for (const session of await storage.activeSessions()) {
    if (session.kind === "challenge") {
      const state = session.state as { roundEndsAt: number };
      context.timers.schedule(session.id, state.roundEndsAt);
    } else if (session.expiresAt <= now().getTime()) {
      await storage.saveSession({ ...session, status: "expired", updatedAt: now().getTime() });
    }
  }
  // Challenges started by other processes (shards, machines) get a timer here too, so that one of
  // them takes over when the process holding a challenge's lease is gone for good (see runTimer).
  const adopt = setInterval(() => {
    void storage
      .activeSessions()
      .then((sessions) => {
        for (const session of sessions)
          if (session.kind === "challenge" && !timers.has(session.id))
            context.timers.schedule(session.id, (session.state as { roundEndsAt: number }).roundEndsAt);
      })
      .catch((error: unknown) =>
        log(`layercake bot: could not look for running challenges: ${describe(error)}`),
      );
  }, ADOPT_EVERY_MS);
  adopt.unref();
  // Start-up leaves garbage (the library's JSON, discord.js's ready payloads); collect it once so
  // the bot idles at its real size (npm start exposes gc for this; elsewhere this is skipped).
  (globalThis as { gc?: () => void }).gc?.();
  log(
    `layercake bot: ready as ${client.user?.username ?? "?"} with ${library.questions.length} questions${
      config.instance === "main" ? "" : ` (${config.instance}, pid ${process.pid})`
    }`,
  );

  return {
    client,
    storage,
    context,
    async stop() {
      clearInterval(adopt);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await client.destroy();
      await engine.close();
      await storage.close();
    },
  };
}
