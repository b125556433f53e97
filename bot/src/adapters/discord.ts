/**
 * The Discord adapter: the real discord.js client, translating interactions into the core's
 * `Incoming`, and the core's `Reply` into interaction responses. It acknowledges within Discord's
 * 3-second window (deferring slow work), counts a replayed interaction once, rate-limits users,
 * never lets user text mention anyone, and schedules challenge timers that survive restarts.
 */
import { randomInt, randomUUID } from "node:crypto";
import { readContentLibrary } from "@layercake/shared/content/node";
import { type ContentLibrary, formatDiagnostic, hasErrors } from "@layercake/shared/core";
import {
  type BaseMessageOptions,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  Routes,
} from "discord.js";
import { onChallengeTimer } from "../commands/challenge.ts";
import { route } from "../commands/index.ts";
import type { BotConfig } from "../config.ts";
import { RateLimiter } from "../core/limits.ts";
import type { BotContext, ChannelPost, Incoming, MessageBody, Reply } from "../core/types.ts";
import { initPngRenderer, renderPng } from "./render-png.ts";
import { Storage } from "./storage.ts";

const NO_MENTIONS = { parse: [] as never[] };

export interface RunningBot {
  client: Client;
  storage: Storage;
  context: BotContext;
  stop(): Promise<void>;
}

export interface StartOptions {
  contentDir?: string;
  log?: (line: string) => void;
  now?: () => Date;
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

async function respond(interaction: Interaction, reply: Reply): Promise<void> {
  if (reply.kind === "none") return;
  if (reply.kind === "choices") {
    if (interaction.isAutocomplete()) await interaction.respond(reply.choices);
    return;
  }
  if (!interaction.isRepliable()) return;
  switch (reply.kind) {
    case "message": {
      const options: InteractionReplyOptions = {
        ...toMessage(reply.body),
        ...(reply.body.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      };
      await interaction.reply(options);
      return;
    }
    case "update":
      if (
        (interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())) &&
        !interaction.replied
      ) {
        await interaction.update(toMessage(reply.body));
      } else await interaction.reply(toMessage(reply.body));
      return;
    case "modal":
      if (interaction.isChatInputCommand() || interaction.isMessageComponent())
        await interaction.showModal(reply.modal);
      return;
    case "deferred": {
      await interaction.deferReply(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      const body = await reply.work();
      await interaction.editReply(toMessage(body));
      return;
    }
  }
}

function loadLibrary(contentDir: string | undefined): ContentLibrary {
  const { library, diagnostics } = readContentLibrary(
    contentDir ?? new URL("../../../content", import.meta.url).pathname,
  );
  if (hasErrors(diagnostics))
    throw new Error(`content has errors:\n${diagnostics.map(formatDiagnostic).join("\n")}`);
  return library;
}

/** Starts the bot: storage, content, the discord.js client; resolves when the client is ready. */
export async function startBot(config: BotConfig, options: StartOptions = {}): Promise<RunningBot> {
  const log = options.log ?? ((line: string) => console.log(line));
  const storage = new Storage(config.databasePath);
  const library = loadLibrary(options.contentDir);
  await initPngRenderer();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: config.apiUrl ? { api: config.apiUrl } : {},
  });
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const limiter = new RateLimiter(config.rateLimit.burst, config.rateLimit.windowMs);
  const now = options.now ?? (() => new Date());

  const post = async ({ channelId, body }: ChannelPost) => {
    const files = (body.files ?? []).map((file, index) => ({
      name: file.name,
      data: Buffer.from(file.data),
      key: `files[${index}]`,
    }));
    await client.rest.post(Routes.channelMessages(channelId), {
      body: {
        content: body.content,
        embeds: body.embeds,
        components: body.components,
        allowed_mentions: NO_MENTIONS,
      },
      ...(files.length > 0 ? { files } : {}),
    });
  };

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
    renderPng,
  };

  async function runTimer(sessionId: string): Promise<void> {
    try {
      for (const message of onChallengeTimer(context, sessionId)) await post(message);
    } catch (error) {
      log(
        `layercake bot: challenge timer for ${sessionId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  client.on(Events.InteractionCreate, (interaction) => {
    void (async () => {
      const incoming = toIncoming(interaction);
      if (!incoming) return;
      if (incoming.kind !== "autocomplete") {
        // A replayed or retried interaction counts once; Discord would refuse a second response anyway.
        if (!storage.claimInteraction(incoming.id, now().getTime())) return;
        if (!limiter.allow(incoming.actor.id, now().getTime())) {
          await respond(interaction, {
            kind: "message",
            body: { content: "You are going a bit fast; try again in a few seconds.", ephemeral: true },
          });
          return;
        }
      }
      let reply: Reply;
      try {
        reply = route(context, incoming);
      } catch (error) {
        log(
          `layercake bot: handler failed for ${incoming.kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        reply = {
          kind: "message",
          body: {
            content: "Something went wrong on Layercake's side. Your progress so far is saved; try again.",
            ephemeral: true,
          },
        };
      }
      await respond(interaction, reply);
    })().catch((error: unknown) =>
      log(`layercake bot: could not respond: ${error instanceof Error ? error.message : String(error)}`),
    );
  });

  client.on(Events.Error, (error) => log(`layercake bot: client error: ${error.message}`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.token);
  await ready;

  // Resume what was running: challenge rounds get their timers back; expired sessions end cleanly.
  for (const session of storage.activeSessions()) {
    if (session.kind === "challenge") {
      const state = session.state as { roundEndsAt: number };
      context.timers.schedule(session.id, state.roundEndsAt);
    } else if (session.expiresAt <= now().getTime()) {
      storage.saveSession({ ...session, status: "expired", updatedAt: now().getTime() });
    }
  }
  log(`layercake bot: ready as ${client.user?.username ?? "?"} with ${library.questions.length} questions`);

  return {
    client,
    storage,
    context,
    async stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await client.destroy();
      storage.close();
    },
  };
}
