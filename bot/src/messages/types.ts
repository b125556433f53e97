/**
 * The bot's vocabulary between discord.js and the handlers: what came in (`Incoming`), what to send
 * back (`Reply`, Discord message payloads typed by discord-api-types) and the `Command` shape every
 * entry of the command table satisfies. Handlers are functions from one to the other over storage,
 * the quiz core and the engine pool; the Discord adapter translates both ways.
 */
import type { ContentLibrary, Lesson, Question } from "@layercake/shared/core";
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import type { Store } from "../adapters/store.ts";
import type { EngineJobs } from "../discord-free/engine-jobs.ts";

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

export type CommandIncoming = Common & {
  kind: "command";
  name: string;
  subcommand?: string;
  options: Record<string, string | number | boolean>;
};
export type AutocompleteIncoming = Common & {
  kind: "autocomplete";
  name: string;
  focused: string;
  value: string;
};
export type ComponentIncoming =
  | (Common & { kind: "button"; customId: string })
  | (Common & { kind: "select"; customId: string; values: string[] })
  | (Common & { kind: "modal"; customId: string; fields: Record<string, string>; fromMessage: boolean });

export type Incoming = CommandIncoming | AutocompleteIncoming | ComponentIncoming;

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: Row[];
  ephemeral?: boolean;
  files?: Array<{ name: string; data: Uint8Array; description?: string }>;
}

/** Work the adapter does after the reply is sent. */
export type Effect =
  /** The session ended: edit its message so its components are disabled. */
  { kind: "disable-components"; sessionId: string };

interface Extras {
  /** Remember the message this reply creates or edits as the session's message. */
  track?: string;
  effects?: Effect[];
}

export type Reply =
  | ({ kind: "message"; body: MessageBody } & Extras)
  /** Edits the message the component is on (a modal from a slash command gets a new message). */
  | ({ kind: "update"; body: MessageBody } & Extras)
  | ({ kind: "modal"; modal: APIModalInteractionResponseCallbackData } & Extras)
  | { kind: "choices"; choices: Array<{ name: string; value: string }> }
  /**
   * Acknowledge now (within Discord's 3 s), then send what `work` returns: `update` edits the
   * component's message (deferUpdate), otherwise a new message (deferReply, ephemeral or not).
   * A returned `message` with `ephemeral` after an `update` deferral goes out as a follow-up.
   */
  | ({ kind: "deferred"; ephemeral: boolean; update?: boolean; work: () => Promise<Reply> } & Extras)
  | { kind: "none" };

/** Messages the bot posts or edits in a channel outside an interaction (challenge boards). */
export interface ChannelPost {
  channelId: string;
  /** Remember the message as this session's (its id and components). */
  track?: string;
  /** Edit this message instead of posting a new one. */
  messageId?: string;
  body: MessageBody;
}

export interface Timers {
  /** Calls the bot's timer handler for `sessionId` at `at` (ms since the epoch). */
  schedule(sessionId: string, at: number): void;
}

export interface BotContext {
  storage: Store;
  library: ContentLibrary;
  questionsById: ReadonlyMap<string, Question>;
  lessonsById: ReadonlyMap<string, Lesson>;
  siteUrl: string;
  now: () => Date;
  /** A fresh seed for a new session (the only randomness; sessions replay from it). */
  newSeed: () => number;
  newId: () => string;
  timers: Timers;
  /** Posts (or edits, with `messageId`) a channel message; resolves with the message id. */
  post: (post: ChannelPost) => Promise<string | undefined>;
  /** Engine work off the event loop: simulations and scenario questions' answer keys. */
  engine: EngineJobs;
}

/** One slash command: its registration payload and its handlers (the discord.js guide's shape). */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(ctx: BotContext, incoming: CommandIncoming): Reply | Promise<Reply>;
  autocomplete?(ctx: BotContext, incoming: AutocompleteIncoming): Reply;
  /** Buttons, selects and modals whose custom id starts with `<componentPrefix>:`. */
  componentPrefix?: string;
  handleComponent?(ctx: BotContext, incoming: ComponentIncoming): Reply | Promise<Reply>;
}
