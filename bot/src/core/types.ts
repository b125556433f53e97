/**
 * The bot's core vocabulary, independent of discord.js: what came in (`Incoming`) and what to send
 * back (`Reply`). Handlers are functions from one to the other over storage and the quiz core; the
 * Discord adapter translates both ways.
 */
import type { ContentLibrary, Lesson, Question } from "@layercake/shared/core";
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
} from "discord.js";
import type { Storage } from "../adapters/storage.ts";

export interface Actor {
  id: string;
  name: string;
  /** The member's permission bits in the guild. */
  permissions: bigint;
}

interface Common {
  /** The interaction id (unique; a replay repeats it). */
  id: string;
  actor: Actor;
  guildId: string;
  channelId: string;
}

export type Incoming =
  | (Common & {
      kind: "command";
      name: string;
      subcommand?: string;
      options: Record<string, string | number | boolean>;
    })
  | (Common & { kind: "button"; customId: string })
  | (Common & { kind: "select"; customId: string; values: string[] })
  | (Common & { kind: "modal"; customId: string; fields: Record<string, string>; fromMessage: boolean })
  | (Common & { kind: "autocomplete"; name: string; focused: string; value: string });

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  ephemeral?: boolean;
  files?: Array<{ name: string; data: Uint8Array; description?: string }>;
}

export type Reply =
  | { kind: "message"; body: MessageBody }
  | { kind: "update"; body: MessageBody }
  | { kind: "modal"; modal: APIModalInteractionResponseCallbackData }
  | { kind: "choices"; choices: Array<{ name: string; value: string }> }
  /** Acknowledge now (within Discord's 3 s), send the body when the work is done. */
  | { kind: "deferred"; ephemeral: boolean; work: () => MessageBody | Promise<MessageBody> }
  | { kind: "none" };

/** Messages the bot posts to a channel outside an interaction (challenge rounds). */
export interface ChannelPost {
  channelId: string;
  body: MessageBody;
}

export interface Timers {
  /** Calls the bot's timer handler for `sessionId` at `at` (ms since the epoch). */
  schedule(sessionId: string, at: number): void;
}

export interface BotContext {
  storage: Storage;
  library: ContentLibrary;
  questionsById: ReadonlyMap<string, Question>;
  lessonsById: ReadonlyMap<string, Lesson>;
  siteUrl: string;
  now: () => Date;
  /** A fresh seed for a new session (the only randomness; sessions replay from it). */
  newSeed: () => number;
  newId: () => string;
  timers: Timers;
  post: (post: ChannelPost) => Promise<void>;
  renderPng: (svg: string) => Uint8Array | undefined;
}

export interface HandlerResult {
  reply: Reply;
}

export const EPHEMERAL = true;
