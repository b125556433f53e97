/**
 * `/quiz start` and `/quiz stop`: one question at a time; choices as buttons or a select menu,
 * typed answers through a modal; immediate grading that keeps the question; a summary at the end.
 * Each question's answer key is computed once, when it is asked, and stored with the session; a
 * click on an old message (a reply that never reached Discord) shows the quiz's current state.
 * Custom ids: `quiz:<session>:<position>:<action>[:<argument>]`.
 */
import type { Difficulty, DockerProfile } from "@layercake/shared/core";
import {
  answerQuizQuestion,
  currentQuestionId,
  currentQuestionSeed,
  dueCards,
  type Grade,
  gradeAnswer,
  type PresentedQuestion,
  parseResponse,
  type QuestionView,
  type QuizResponse,
  type QuizSessionState,
  questionHoldsFor,
  questionsForProfile,
  selectQuestions,
  skipQuizQuestion,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
} from "@layercake/shared/quiz";
import { ApplicationCommandOptionType, ButtonStyle, InteractionContextType } from "discord-api-types/v10";
import type { SessionRecord } from "../adapters/storage.ts";
import { quizPoints, recordLearning } from "../discord-free/answers.ts";
import { LIMITS } from "../discord-free/limits.ts";
import {
  answerModal,
  button,
  COLORS,
  lessonMarkdownLink,
  notice,
  renderGrade,
  renderQuestion,
  row,
} from "../messages/render.ts";
import type {
  BotContext,
  Command,
  CommandIncoming,
  ComponentIncoming,
  MessageBody,
  Reply,
} from "../messages/types.ts";
import { askQuestion, type StoredQuestion, storedQuestion } from "../sessions/ask.ts";

/** A quiz idle for this long has expired. */
export const QUIZ_TTL_MS = 30 * 60_000;

/** What the bot keeps for a quiz: the quiz core's state plus what was shown. */
export interface QuizRecordState {
  version: 2;
  session: QuizSessionState;
  /** The owner's name, for the footer. */
  ownerName: string;
  /**
   * The Docker the owner ran when the quiz started (`/config docker`): its questions hold for it and
   * scenario answers are computed for it. Absent in quizzes saved before profiles (the default then).
   */
  dockerProfile?: DockerProfile;
  /** The question at `session.position` as shown, with its key. */
  shown?: StoredQuestion;
  /** The last graded answer, shown again when its reply was lost. */
  lastGrade?: { position: number; grade: Grade; view: QuestionView };
}

export type QuizRecord = SessionRecord<QuizRecordState>;

async function saveQuiz(ctx: BotContext, record: QuizRecord): Promise<void> {
  await ctx.storage.saveSession(record);
}

function questionTitle(record: QuizRecord, position: number): string {
  const question = topicLine(record, position);
  return `Question ${position + 1} of ${record.state.session.questionIds.length}${question ? ` · ${question}` : ""}`;
}

/** `topic · difficulty` of the question at `position`, when the bot knows it. */
function topicLine(record: QuizRecord, position: number): string | undefined {
  const shown = record.state.shown;
  if (shown && shown.position === position) return `${shown.view.topic} · ${shown.view.difficulty}`;
  if (record.state.lastGrade?.position === position)
    return `${record.state.lastGrade.view.topic} · ${record.state.lastGrade.view.difficulty}`;
  return undefined;
}

/** The message body for the question the quiz is at (which must be shown). */
function questionBody(record: QuizRecord, shown: StoredQuestion): MessageBody {
  const prefix = `quiz:${record.id}:${shown.position}`;
  const { embeds, components } = renderQuestion(shown.view, {
    idPrefix: prefix,
    title: questionTitle(record, shown.position),
    footer: `${record.state.ownerName}'s quiz · only they can answer · /quiz stop ends it`,
    extra: [button(`${prefix}:stop`, "Stop", ButtonStyle.Danger)],
  });
  return { embeds, components };
}

function summaryBody(ctx: BotContext, record: QuizRecord): MessageBody {
  const summary = summarizeQuizSession(record.state.session, ctx.questionsById);
  const topics =
    summary.byTopic.map((topic) => `• ${topic.topic}: ${topic.correct}/${topic.answered}`).join("\n") ||
    "No answers.";
  const links = new Set<string>();
  for (const id of summary.missedQuestionIds) {
    const question = ctx.questionsById.get(id);
    if (question)
      links.add(lessonMarkdownLink(ctx.siteUrl, ctx.lessonsById.get(question.lesson.id), question.lesson));
  }
  const reread = [...links].slice(0, 5).map((link) => `• ${link}`);
  return {
    embeds: [
      {
        title: record.state.session.status === "stopped" ? "Quiz stopped" : "Quiz finished",
        description: `**${summary.correct}/${summary.answered}** right (${summary.answered} of ${summary.total} answered).\n\n${topics}${reread.length ? `\n\n**Reread**\n${reread.join("\n")}` : ""}`,
        color: COLORS.info,
        footer: { text: `${record.state.ownerName}'s quiz` },
      },
    ],
    components: [],
  };
}

/**
 * Shows the question the quiz is at: the stored one, or presents it now (through the engine for
 * scenario questions) and stores it. A question the engine cannot compute is skipped, saying why.
 */
async function showCurrent(
  ctx: BotContext,
  record: QuizRecord,
  reply: "message" | "update",
  prefix: MessageBody["embeds"] = [],
): Promise<Reply> {
  const session = record.state.session;
  if (session.status !== "active") {
    const ended = summaryBody(ctx, record);
    return {
      kind: reply,
      body: { ...ended, embeds: [...prefix, ...(ended.embeds ?? [])] },
      track: record.id,
    };
  }
  const shown = record.state.shown;
  if (shown && shown.position === session.position) {
    const body = questionBody(record, shown);
    return { kind: reply, body: { ...body, embeds: [...prefix, ...(body.embeds ?? [])] }, track: record.id };
  }
  const questionId = currentQuestionId(session);
  const question = questionId === undefined ? undefined : ctx.questionsById.get(questionId);
  if (!question) {
    const skipped = { ...record, state: { ...record.state, session: skipQuizQuestion(session, ctx.now()) } };
    await saveQuiz(ctx, skipped);
    return showCurrent(ctx, skipped, reply, prefix);
  }
  const position = session.position;
  return askQuestion(
    ctx,
    {
      userId: record.userId,
      question,
      seed: currentQuestionSeed(session),
      ...(record.state.dockerProfile ? { profile: record.state.dockerProfile } : {}),
      deferAs: { update: reply === "update", ephemeral: false },
    },
    async (presented: PresentedQuestion) => {
      // Reload: another click may have moved the quiz while the engine worked.
      const latest = ((await ctx.storage.getSession(record.id)) as QuizRecord | undefined) ?? record;
      if (latest.state.session.position !== position || latest.status !== "active")
        return showCurrent(ctx, latest, reply, prefix);
      const next: QuizRecord = {
        ...latest,
        state: { ...latest.state, shown: storedQuestion(position, presented) },
      };
      await saveQuiz(ctx, next);
      return showCurrent(ctx, next, reply, prefix);
    },
    async (message) => {
      const latest = ((await ctx.storage.getSession(record.id)) as QuizRecord | undefined) ?? record;
      if (latest.state.session.position !== position) return showCurrent(ctx, latest, reply, prefix);
      const skipped: QuizRecord = {
        ...latest,
        state: { ...latest.state, session: skipQuizQuestion(latest.state.session, ctx.now()) },
      };
      const done = skipped.state.session.status !== "active";
      await saveQuiz(ctx, { ...skipped, status: done ? "finished" : "active" });
      return {
        kind: reply,
        body: {
          content: `Question ${position + 1} was skipped (it does not count). ${message}`,
          embeds: prefix,
          components: [
            row(
              button(
                `quiz:${record.id}:${skipped.state.session.position}:next`,
                done ? "See the summary" : "Next question",
                ButtonStyle.Primary,
              ),
            ),
          ],
        },
        track: record.id,
      };
    },
  );
}

interface StartOptions {
  topic?: string;
  difficulty?: Difficulty;
  length: number;
}

function optionsOf(incoming: CommandIncoming): StartOptions {
  return {
    ...(typeof incoming.options.topic === "string" ? { topic: incoming.options.topic } : {}),
    ...(typeof incoming.options.difficulty === "string"
      ? { difficulty: incoming.options.difficulty as Difficulty }
      : {}),
    length: Math.min(20, Math.max(1, Number(incoming.options.length ?? 5))),
  };
}

/** `restart` ids carry the new quiz's options: `t=<topic>;d=<difficulty>;n=<length>` or `review`. */
function encodeStart(options: StartOptions | "review"): string {
  if (options === "review") return "review";
  return `t=${options.topic ?? ""};d=${options.difficulty ?? ""};n=${options.length}`;
}

function decodeStart(text: string): StartOptions | "review" {
  if (text === "review") return "review";
  const fields = Object.fromEntries(text.split(";").map((pair) => pair.split("=") as [string, string]));
  return {
    ...(fields.t ? { topic: fields.t } : {}),
    ...(fields.d ? { difficulty: fields.d as Difficulty } : {}),
    length: Math.min(20, Math.max(1, Number(fields.n ?? 5))),
  };
}

async function activeQuizOf(
  ctx: BotContext,
  guildId: string,
  userId: string,
): Promise<QuizRecord | undefined> {
  const existing = (await ctx.storage.activeSession("quiz", guildId, userId)) as QuizRecord | undefined;
  if (!existing) return undefined;
  // A quiz saved by an older version of the bot (no stored answer keys) cannot be resumed.
  if (existing.expiresAt <= ctx.now().getTime() || existing.state.version !== 2) {
    await ctx.storage.saveSession({ ...existing, status: "expired", updatedAt: ctx.now().getTime() });
    return undefined;
  }
  return existing;
}

/** Starts a quiz (`questionIds` for a review), or offers to resume or restart the running one. */
export async function startQuiz(
  ctx: BotContext,
  incoming: { guildId: string; channelId: string; actor: { id: string; name: string } },
  options: StartOptions | "review",
  questionIds?: string[],
): Promise<Reply> {
  const existing = await activeQuizOf(ctx, incoming.guildId, incoming.actor.id);
  if (existing) {
    const prefix = `quiz:${existing.id}:${existing.state.session.position}`;
    return notice(
      `You already have a quiz running (question ${existing.state.session.position + 1} of ${existing.state.session.questionIds.length}). Resume it, or restart with a new quiz.`,
      [
        row(
          button(`${prefix}:resume`, "Resume", ButtonStyle.Primary),
          button(`${prefix}:restart:${encodeStart(options)}`, "Restart", ButtonStyle.Secondary),
        ),
      ],
    );
  }
  const start = options === "review" ? { length: questionIds?.length ?? 0 } : options;
  if (start.topic !== undefined && !ctx.library.banks.some((bank) => bank.topic === start.topic)) {
    return notice(
      `There is no topic "${start.topic.slice(0, 50)}". Topics: ${ctx.library.banks.map((bank) => bank.topic).join(", ")}.`,
    );
  }
  const seed = ctx.newSeed();
  const { dockerProfile } = await ctx.storage.getUserSettings(incoming.actor.id);
  const ids =
    questionIds ??
    selectQuestions(questionsForProfile(ctx.library.questions, dockerProfile), {
      ...(start.topic ? { topic: start.topic } : {}),
      ...(start.difficulty ? { difficulty: start.difficulty } : {}),
      length: start.length,
      seed,
      excludeOpen: true,
    }).map((question) => question.id);
  if (ids.length === 0) return notice("No questions match. Try another topic or difficulty.");
  const now = ctx.now();
  const record: QuizRecord = {
    id: ctx.newId(),
    kind: "quiz",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: {
      version: 2,
      session: startQuizSession({ questionIds: ids, seed, startedAt: now }),
      ownerName: incoming.actor.name,
      dockerProfile,
    },
    status: "active",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + QUIZ_TTL_MS,
  };
  await saveQuiz(ctx, record);
  return showCurrent(ctx, record, "message");
}

async function stopped(ctx: BotContext, record: QuizRecord): Promise<QuizRecord> {
  const next: QuizRecord = {
    ...record,
    state: { ...record.state, session: stopQuizSession(record.state.session, ctx.now()) },
    status: "stopped",
    updatedAt: ctx.now().getTime(),
  };
  await saveQuiz(ctx, next);
  return next;
}

export async function stopQuiz(ctx: BotContext, incoming: CommandIncoming): Promise<Reply> {
  const record = await activeQuizOf(ctx, incoming.guildId, incoming.actor.id);
  if (!record) return notice("You have no quiz running. Start one with `/quiz start`.");
  const ended = await stopped(ctx, record);
  return {
    kind: "message",
    body: { ...summaryBody(ctx, ended), ephemeral: true },
    effects: [{ kind: "disable-components", sessionId: record.id }],
  };
}

async function grade(
  ctx: BotContext,
  incoming: ComponentIncoming,
  record: QuizRecord,
  response: QuizResponse,
): Promise<Reply> {
  const shown = record.state.shown;
  if (!shown || shown.position !== record.state.session.position) return showCurrent(ctx, record, "update");
  const result = gradeAnswer(shown.key, response);
  if (result.problem !== undefined) return notice(result.problem);
  const now = ctx.now();
  const position = record.state.session.position;
  const session = answerQuizQuestion(record.state.session, result, now);
  const done = session.status !== "active";
  const saved: QuizRecord = {
    ...record,
    state: {
      version: 2,
      session,
      ownerName: record.state.ownerName,
      lastGrade: { position, grade: result, view: shown.view },
    },
    status: done ? "finished" : "active",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + QUIZ_TTL_MS,
  };
  // The answer, the score, the review card and the new position land together, before the reply;
  // a second click that raced this one (another shard, or an await in between) finds the session
  // moved on and shows it instead of counting twice.
  const stale = await ctx.storage.transaction(async (tx): Promise<QuizRecord | undefined> => {
    const latest = (await tx.getSessionForUpdate(record.id)) as QuizRecord | undefined;
    if (latest?.status !== "active" || latest.state.session.position !== position) return latest ?? record;
    const inserted = await tx.recordAnswer({
      sessionId: record.id,
      position,
      userId: incoming.actor.id,
      questionId: result.questionId,
      correct: result.correct,
      score: result.score,
      points: quizPoints(result),
      answeredAt: now.getTime(),
    });
    if (!inserted) return latest;
    await recordLearning(tx, now, {
      guildId: incoming.guildId,
      userId: incoming.actor.id,
      grade: result,
      points: quizPoints(result),
    });
    await tx.saveSession(saved);
    return undefined;
  });
  if (stale) {
    const last = stale.state.lastGrade;
    if (last && last.position === position)
      return { kind: "update", body: gradeBody(ctx, stale), track: record.id };
    return showCurrent(ctx, stale, "update");
  }
  return {
    kind: incoming.kind === "modal" && !incoming.fromMessage ? "message" : "update",
    body: gradeBody(ctx, saved),
    track: record.id,
  };
}

/** The last graded answer with the button to go on. */
function gradeBody(ctx: BotContext, record: QuizRecord): MessageBody {
  const last = record.state.lastGrade;
  if (!last) return summaryBody(ctx, record);
  const question = ctx.questionsById.get(last.grade.questionId);
  const done = record.state.session.status !== "active";
  return {
    embeds: renderGrade(last.grade, {
      title: `Question ${last.position + 1} of ${record.state.session.questionIds.length}`,
      question: last.view,
      ...(question
        ? {
            lessonLink: lessonMarkdownLink(
              ctx.siteUrl,
              ctx.lessonsById.get(question.lesson.id),
              question.lesson,
            ),
          }
        : {}),
    }),
    components: [
      row(
        button(
          `quiz:${record.id}:${record.state.session.position}:next`,
          done ? "See the summary" : "Next question",
          ButtonStyle.Primary,
        ),
      ),
    ],
  };
}

/** Buttons, selects and modals of a quiz. */
export async function handleQuizComponent(ctx: BotContext, incoming: ComponentIncoming): Promise<Reply> {
  const [, sessionId = "", positionText = "", action = "", argument = ""] = incoming.customId.split(":");
  const record = (await ctx.storage.getSession(sessionId)) as QuizRecord | undefined;
  if (record?.kind !== "quiz" || record.state.version !== 2)
    return notice("This quiz no longer exists. Start a new one with `/quiz start`.");
  if (record.userId !== incoming.actor.id)
    return notice("This is someone else's quiz. Start your own with `/quiz start`.");
  if (action === "restart") {
    const effects = record.status === "active" ? [{ kind: "disable-components" as const, sessionId }] : [];
    if (record.status === "active") await stopped(ctx, record);
    const options = decodeStart(argument);
    const reply =
      options === "review" ? await startReview(ctx, incoming) : await startQuiz(ctx, incoming, options);
    return { ...reply, effects } as Reply;
  }
  if (record.status === "active" && record.expiresAt <= ctx.now().getTime()) {
    await ctx.storage.saveSession({ ...record, status: "expired", updatedAt: ctx.now().getTime() });
    return {
      ...notice("This quiz expired after 30 minutes without an answer. Start a new one with `/quiz start`."),
      effects: [{ kind: "disable-components", sessionId }],
    };
  }
  if (record.status !== "active") {
    // A finished or stopped quiz answers any of its buttons with its summary.
    return { kind: "update", body: summaryBody(ctx, record) };
  }
  if (action === "resume")
    return {
      ...(await showCurrent(ctx, record, "message")),
      effects: [{ kind: "disable-components", sessionId }],
    } as Reply;
  const position = Number(positionText);
  const current = record.state.session.position;
  if (action === "stop") {
    const ended = await stopped(ctx, record);
    return { kind: "update", body: summaryBody(ctx, ended) };
  }
  if (action === "next") return showCurrent(ctx, record, "update");
  if (position < current) {
    // This question was answered, but the player never saw the grade (a lost reply): show it again
    // with the way on, instead of refusing the click.
    const last = record.state.lastGrade;
    if (last && last.position === position)
      return { kind: "update", body: gradeBody(ctx, record), track: record.id };
    return showCurrent(ctx, record, "update");
  }
  const shown = record.state.shown;
  if (position !== current || !shown || shown.position !== current) return showCurrent(ctx, record, "update");
  if (action === "open")
    return { kind: "modal", modal: answerModal(shown.view, `quiz:${record.id}:${position}:modal`) };
  if (action === "pick" && incoming.kind === "button" && argument)
    return grade(ctx, incoming, record, { mode: shown.view.mode as "single", choiceIds: [argument] });
  if (action === "multi" && incoming.kind === "select")
    return grade(ctx, incoming, record, { mode: "multiple", choiceIds: incoming.values });
  if (action === "modal" && incoming.kind === "modal") {
    const text = incoming.fields.answer ?? "";
    if (text.length > LIMITS.answer)
      return notice(`Your answer is ${text.length} characters; the limit is ${LIMITS.answer}.`);
    const response = parseResponse(shown.view, text);
    if ("problem" in response) return notice(response.problem);
    return grade(ctx, incoming, record, response);
  }
  return notice("That button is not part of this quiz.");
}

/** `/review`: the questions the player's FSRS schedule says are due, as a quiz. */
export async function startReview(
  ctx: BotContext,
  incoming: { guildId: string; channelId: string; actor: { id: string; name: string } },
): Promise<Reply> {
  const { dockerProfile } = await ctx.storage.getUserSettings(incoming.actor.id);
  const due = await dueQuestionIds(ctx, incoming.actor.id, dockerProfile);
  if (due.length === 0)
    return notice("Nothing is due for review. Answer questions with `/quiz start` to build your schedule.");
  return startQuiz(ctx, incoming, "review", due);
}

/** The due cards' questions that hold for the learner's Docker (the others wait for a change of it). */
async function dueQuestionIds(ctx: BotContext, userId: string, profile: DockerProfile): Promise<string[]> {
  return dueCards(await ctx.storage.getCards(userId), ctx.now())
    .filter((card) => {
      const question = ctx.questionsById.get(card.questionId);
      return question !== undefined && questionHoldsFor(question, profile);
    })
    .slice(0, 10)
    .map((card) => card.questionId);
}

export const quiz = {
  data: {
    name: "quiz",
    description: "Quiz yourself on Docker images, layers and the build cache",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "start",
        description: "Start a quiz",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "topic",
            description: "A topic (question bank)",
            required: false,
            autocomplete: true,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "difficulty",
            description: "Only questions of this difficulty",
            required: false,
            choices: ["easy", "medium", "hard"].map((value) => ({ name: value, value })),
          },
          {
            type: ApplicationCommandOptionType.Integer,
            name: "length",
            description: "How many questions (1–20)",
            required: false,
            min_value: 1,
            max_value: 20,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: "stop", description: "Stop your quiz" },
    ],
  },
  execute: (ctx, incoming) =>
    incoming.subcommand === "stop" ? stopQuiz(ctx, incoming) : startQuiz(ctx, incoming, optionsOf(incoming)),
  autocomplete: (ctx, incoming) => {
    const query = incoming.value.toLowerCase();
    return {
      kind: "choices",
      choices: ctx.library.banks
        .filter((bank) => bank.title.toLowerCase().includes(query) || bank.topic.includes(query))
        .slice(0, 25)
        .map((bank) => ({
          name: `${bank.title} (${bank.questions.length})`.slice(0, 100),
          value: bank.topic,
        })),
    };
  },
  componentPrefix: "quiz",
  handleComponent: handleQuizComponent,
} satisfies Command;
