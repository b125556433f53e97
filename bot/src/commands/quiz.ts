/**
 * `/quiz start` and `/quiz stop`: one question at a time; choices as buttons or a select menu,
 * typed answers through a modal; immediate grading with the explanation; a summary at the end.
 * Custom ids: `quiz:<session>:<position>:<action>[:<choice>]`.
 */
import type { Difficulty, Question } from "@layercake/shared/core";
import {
  answerQuizQuestion,
  currentQuestionId,
  currentQuestionSeed,
  gradeAnswer,
  type PresentedQuestion,
  parseResponse,
  presentQuestion,
  type QuizResponse,
  type QuizSessionState,
  selectQuestions,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
} from "@layercake/shared/quiz";
import { ButtonStyle } from "discord.js";
import type { SessionRecord } from "../adapters/storage.ts";
import { quizPoints, recordLearning } from "../core/answers.ts";
import { LIMITS } from "../core/limits.ts";
import {
  answerModal,
  button,
  COLORS,
  lessonLink,
  notice,
  renderGrade,
  renderQuestion,
  row,
} from "../core/render.ts";
import type { BotContext, Incoming, MessageBody, Reply } from "../core/types.ts";

/** A quiz idle for this long has expired. */
export const QUIZ_TTL_MS = 30 * 60_000;

export const quizCommand = {
  name: "quiz",
  description: "Quiz yourself on Docker images, layers and the build cache",
  options: [
    {
      type: 1,
      name: "start",
      description: "Start a quiz",
      options: [
        {
          type: 3,
          name: "topic",
          description: "A topic (question bank)",
          required: false,
          autocomplete: true,
        },
        {
          type: 3,
          name: "difficulty",
          description: "Only questions of this difficulty",
          required: false,
          choices: ["easy", "medium", "hard"].map((value) => ({ name: value, value })),
        },
        {
          type: 4,
          name: "length",
          description: "How many questions (1–20)",
          required: false,
          min_value: 1,
          max_value: 20,
        },
      ],
    },
    { type: 1, name: "stop", description: "Stop your quiz" },
  ],
};

function present(
  ctx: BotContext,
  state: QuizSessionState,
): { question: Question; presented: PresentedQuestion } | undefined {
  const id = currentQuestionId(state);
  const question = id === undefined ? undefined : ctx.questionsById.get(id);
  if (!question) return undefined;
  return { question, presented: presentQuestion(question, { seed: currentQuestionSeed(state) }) };
}

function questionBody(ctx: BotContext, record: SessionRecord<QuizSessionState>): MessageBody {
  const state = record.state;
  const current = present(ctx, state);
  if (!current) return summaryBody(ctx, record);
  const prefix = `quiz:${record.id}:${state.position}`;
  const { embeds, components } = renderQuestion(current.presented.view, {
    idPrefix: prefix,
    title: `Question ${state.position + 1} of ${state.questionIds.length} · ${current.question.topic} · ${current.question.difficulty}`,
    footer: `Quiz for ${record.userId === "" ? "you" : "the starter"} · /quiz stop ends it`,
    extra: [button(`${prefix}:stop`, "Stop", ButtonStyle.Danger)],
  });
  return { embeds, components };
}

function summaryBody(ctx: BotContext, record: SessionRecord<QuizSessionState>): MessageBody {
  const summary = summarizeQuizSession(record.state, ctx.questionsById);
  const topics =
    summary.byTopic.map((topic) => `• ${topic.topic}: ${topic.correct}/${topic.answered}`).join("\n") ||
    "No answers.";
  const missed = summary.missedQuestionIds
    .map((id) => ctx.questionsById.get(id))
    .flatMap((question) => (question ? [question] : []))
    .slice(0, 5)
    .map((question) => {
      const link = lessonLink(ctx.siteUrl, question, ctx.lessonsById.get(question.lesson.id)?.track);
      return link ? `• [${question.id}](${link})` : `• ${question.id}`;
    });
  return {
    embeds: [
      {
        title: record.state.status === "stopped" ? "Quiz stopped" : "Quiz finished",
        description: `**${summary.correct}/${summary.answered}** right (${summary.answered} of ${summary.total} answered).\n\n${topics}${missed.length ? `\n\n**Reread**\n${missed.join("\n")}` : ""}`,
        color: COLORS.info,
      },
    ],
    components: [],
  };
}

export function startQuiz(
  ctx: BotContext,
  incoming: Incoming & { kind: "command" },
  questionIds?: string[],
): Reply {
  const existing = ctx.storage.activeSession("quiz", incoming.guildId, incoming.actor.id);
  if (existing && existing.expiresAt > ctx.now().getTime()) {
    return notice("You already have a quiz running. Answer it, or end it with `/quiz stop`.");
  }
  const topic = typeof incoming.options.topic === "string" ? incoming.options.topic : undefined;
  if (topic !== undefined && !ctx.library.banks.some((bank) => bank.topic === topic)) {
    return notice(
      `There is no topic "${topic.slice(0, 50)}". Topics: ${ctx.library.banks.map((bank) => bank.topic).join(", ")}.`,
    );
  }
  const difficulty = incoming.options.difficulty as Difficulty | undefined;
  const length = Math.min(20, Math.max(1, Number(incoming.options.length ?? 5)));
  const seed = ctx.newSeed();
  const ids =
    questionIds ??
    selectQuestions(ctx.library.questions, {
      ...(topic ? { topic } : {}),
      ...(difficulty ? { difficulty } : {}),
      length,
      seed,
      excludeOpen: true,
    }).map((question) => question.id);
  if (ids.length === 0) return notice("No questions match. Try another topic or difficulty.");
  const now = ctx.now();
  const record: SessionRecord<QuizSessionState> = {
    id: ctx.newId(),
    kind: "quiz",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: startQuizSession({ questionIds: ids, seed, startedAt: now }),
    status: "active",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + QUIZ_TTL_MS,
  };
  ctx.storage.saveSession(record);
  return { kind: "message", body: { ...questionBody(ctx, record), ephemeral: false } };
}

export function stopQuiz(ctx: BotContext, incoming: Incoming): Reply {
  const record = ctx.storage.activeSession("quiz", incoming.guildId, incoming.actor.id) as
    | SessionRecord<QuizSessionState>
    | undefined;
  if (!record) return notice("You have no quiz running. Start one with `/quiz start`.");
  const stopped = {
    ...record,
    state: stopQuizSession(record.state, ctx.now()),
    status: "stopped" as const,
    updatedAt: ctx.now().getTime(),
  };
  ctx.storage.saveSession(stopped);
  return { kind: "message", body: { ...summaryBody(ctx, stopped), ephemeral: true } };
}

/** Loads the session a component belongs to, or the reason it cannot be used. */
export function loadQuiz(
  ctx: BotContext,
  incoming: Incoming,
  sessionId: string,
): SessionRecord<QuizSessionState> | Reply {
  const record = ctx.storage.getSession(sessionId) as SessionRecord<QuizSessionState> | undefined;
  if (record?.kind !== "quiz")
    return notice("This quiz no longer exists. Start a new one with `/quiz start`.");
  if (record.userId !== incoming.actor.id)
    return notice("This is someone else's quiz. Start your own with `/quiz start`.");
  if (record.status === "active" && record.expiresAt <= ctx.now().getTime()) {
    ctx.storage.saveSession({ ...record, status: "expired", updatedAt: ctx.now().getTime() });
    return notice(
      "This quiz expired after 30 minutes without an answer. Start a new one with `/quiz start`.",
    );
  }
  if (record.status !== "active") return notice("This quiz is over. Start a new one with `/quiz start`.");
  return record;
}

function grade(
  ctx: BotContext,
  incoming: Incoming,
  record: SessionRecord<QuizSessionState>,
  response: QuizResponse,
): Reply {
  const current = present(ctx, record.state);
  if (!current) return notice("This quiz is over.");
  const result = gradeAnswer(current.presented.key, response);
  if (result.problem !== undefined) return notice(result.problem);
  const now = ctx.now();
  const next = answerQuizQuestion(record.state, result, now);
  const position = record.state.position;
  const saved: SessionRecord<QuizSessionState> = {
    ...record,
    state: next,
    status: next.status === "active" ? "active" : "finished",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + QUIZ_TTL_MS,
  };
  // The answer, the score, the review card and the new position land together, before the reply.
  ctx.storage.transaction(() => {
    ctx.storage.recordAnswer({
      sessionId: record.id,
      position,
      userId: incoming.actor.id,
      questionId: result.questionId,
      correct: result.correct,
      score: result.score,
      points: quizPoints(result),
      answeredAt: now.getTime(),
    });
    recordLearning(ctx, incoming.guildId, incoming.actor.id, result, quizPoints(result));
    ctx.storage.saveSession(saved);
  });
  const link = lessonLink(
    ctx.siteUrl,
    current.question,
    ctx.lessonsById.get(current.question.lesson.id)?.track,
  );
  const embed = renderGrade(result, {
    title: `Question ${position + 1} of ${record.state.questionIds.length}`,
    ...(link ? { link } : {}),
  });
  const done = saved.status !== "active";
  return {
    kind: incoming.kind === "modal" && !incoming.fromMessage ? "message" : "update",
    body: {
      embeds: [embed],
      components: [
        row(
          button(
            `quiz:${record.id}:${next.position}:next`,
            done ? "See the summary" : "Next question",
            ButtonStyle.Primary,
          ),
        ),
      ],
    },
  };
}

/** Buttons, selects and modals of a quiz. */
export function handleQuizComponent(ctx: BotContext, incoming: Incoming): Reply {
  if (incoming.kind !== "button" && incoming.kind !== "select" && incoming.kind !== "modal")
    return notice("Unsupported.");
  const [, sessionId = "", positionText = "", action = "", choice] = incoming.customId.split(":");
  const loaded = loadQuiz(ctx, incoming, sessionId);
  if (!("state" in loaded)) {
    // A finished quiz still answers its "See the summary" button.
    const record = ctx.storage.getSession(sessionId) as SessionRecord<QuizSessionState> | undefined;
    if (action === "next" && record && record.userId === incoming.actor.id && record.status === "finished")
      return { kind: "update", body: summaryBody(ctx, record) };
    return loaded;
  }
  const record = loaded;
  const position = Number(positionText);
  if (action === "stop") {
    const stopped = {
      ...record,
      state: stopQuizSession(record.state, ctx.now()),
      status: "stopped" as const,
      updatedAt: ctx.now().getTime(),
    };
    ctx.storage.saveSession(stopped);
    return { kind: "update", body: summaryBody(ctx, stopped) };
  }
  if (action === "next") {
    if (position !== record.state.position) return notice("That question was already shown.");
    return { kind: "update", body: questionBody(ctx, record) };
  }
  if (position !== record.state.position)
    return notice("That question was already answered; your first answer counts.");
  const current = present(ctx, record.state);
  if (!current) return notice("This quiz is over.");
  if (action === "open")
    return {
      kind: "modal",
      modal: answerModal(current.presented.view, `quiz:${record.id}:${position}:modal`),
    };
  if (action === "pick" && incoming.kind === "button" && choice)
    return grade(ctx, incoming, record, {
      mode: current.presented.view.mode as "single",
      choiceIds: [choice],
    });
  if (action === "multi" && incoming.kind === "select")
    return grade(ctx, incoming, record, { mode: "multiple", choiceIds: incoming.values });
  if (action === "modal" && incoming.kind === "modal") {
    const text = incoming.fields.answer ?? "";
    if (text.length > LIMITS.answer)
      return notice(`Your answer is ${text.length} characters; the limit is ${LIMITS.answer}.`);
    const response = parseResponse(current.presented.view, text);
    if ("problem" in response) return notice(response.problem);
    return grade(ctx, incoming, record, response);
  }
  return notice("That button is not part of this quiz.");
}
