/**
 * `/drill`: a private mock interview (ephemeral messages): timed questions answered in a modal,
 * feedback on every answer, one follow-up when key points are missed, and a report by topic with
 * the lessons by title. Custom ids: `drill:<session>:<position>:<action>`.
 */

import type { DockerProfile } from "@layercake/shared/core";
import {
  answerDrill,
  currentDrillQuestionId,
  currentDrillSeed,
  type DrillState,
  drillReport,
  type Grade,
  gradeAnswer,
  parseResponse,
  questionsForProfile,
  selectQuestions,
  startDrill,
} from "@layercake/shared/quiz";
import type { APIEmbed } from "discord-api-types/v10";
import { ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import type { SessionRecord } from "../adapters/storage.ts";
import { quizPoints, recordLearning } from "../discord-free/answers.ts";
import { LIMITS } from "../discord-free/limits.ts";
import {
  answerModal,
  COLORS,
  lessonMarkdownLink,
  notice,
  renderQuestion,
  truncate,
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

const DRILL_TTL_MS = 60 * 60_000;

export interface DrillRecordState {
  version: 2;
  drill: DrillState;
  /** The question at `drill.position` as shown (follow-ups are graded against the same key). */
  shown?: StoredQuestion;
  /** The Docker the player ran when the interview started; absent in drills saved before profiles. */
  dockerProfile?: DockerProfile;
}

type DrillRecord = SessionRecord<DrillRecordState>;

/** A short verdict on the answer just given, shown above what comes next. */
function feedbackEmbed(grade: Grade, followUp: boolean, late: boolean): APIEmbed {
  const lines = [
    grade.correct ? `✅ ${Math.round(grade.score * 100)}%` : `❌ ${Math.round(grade.score * 100)}%`,
  ];
  if (late) lines.push("This answer came after the time limit.");
  if (grade.covered?.length)
    lines.push(`**Covered:** ${grade.covered.map((point) => point.text).join("; ")}`);
  if (grade.missed?.length) lines.push(`**Missed:** ${grade.missed.map((point) => point.text).join("; ")}`);
  if (!grade.correct && !grade.missed?.length) lines.push(`**Expected:** ${truncate(grade.expected, 500)}`);
  if (!followUp) lines.push("", truncate(grade.explanation, 1200));
  return {
    title: followUp ? "Your answer — the interviewer follows up" : "Your answer",
    description: truncate(lines.join("\n"), 2000),
    color: grade.correct ? COLORS.right : COLORS.wrong,
  };
}

function questionBody(record: DrillRecord, shown: StoredQuestion): MessageBody {
  const state = record.state.drill;
  const prefix = `drill:${record.id}:${state.position}`;
  const followUp = state.pendingFollowUp;
  const rendered = renderQuestion(shown.view, {
    idPrefix: prefix,
    title: followUp
      ? `Follow-up on question ${state.position + 1}`
      : `Interview question ${state.position + 1} of ${state.questionIds.length}`,
    footer: `Answer within ${state.secondsPerQuestion} s · answers after the limit score 0`,
    modalOnly: true,
    maxDescription: 3000,
  });
  if (followUp) {
    const embed = rendered.embeds[0];
    if (embed)
      embed.description = truncate(
        // What the first answer missed stays hidden until the report: naming it would hand over the answer.
        `**Interviewer:** ${followUp.question}`,
        3000,
      );
  }
  return { ...rendered, ephemeral: true };
}

function reportBody(ctx: BotContext, record: DrillRecord): MessageBody {
  const report = drillReport(record.state.drill, ctx.questionsById);
  const lines = report.byTopic.map((topic) => {
    const links = topic.lessons
      .map((lesson) => lessonMarkdownLink(ctx.siteUrl, ctx.lessonsById.get(lesson.id), lesson))
      .join(", ");
    const missed =
      topic.missedPoints.length > 0 ? `\n  missed: ${truncate(topic.missedPoints.join("; "), 300)}` : "";
    return `**${topic.topic}** — ${Math.round(topic.score * 100)}% on ${topic.questions}${missed}${links ? `\n  reread: ${links}` : ""}`;
  });
  return {
    embeds: [
      {
        title: `Interview report: ${Math.round(report.score * 100)}% over ${report.questions} questions`,
        description: truncate(
          `${lines.join("\n") || "No answers."}${report.late ? `\n\n${report.late} answer(s) came after the time limit.` : ""}`,
          3000,
        ),
        color: COLORS.info,
      },
    ],
    components: [],
    ephemeral: true,
  };
}

/** Shows what the drill is at (question, follow-up or report), presenting the question if needed. */
async function showCurrent(
  ctx: BotContext,
  record: DrillRecord,
  reply: "message" | "update",
  before: APIEmbed[] = [],
): Promise<Reply> {
  const withBefore = (body: MessageBody): Reply => ({
    kind: reply,
    body: { ...body, embeds: [...before, ...(body.embeds ?? [])] },
  });
  const state = record.state.drill;
  if (state.status !== "active") return withBefore(reportBody(ctx, record));
  const shown = record.state.shown;
  if (shown && shown.position === state.position) return withBefore(questionBody(record, shown));
  const id = currentDrillQuestionId(state);
  const question = id === undefined ? undefined : ctx.questionsById.get(id);
  if (!question) return withBefore(reportBody(ctx, record));
  const position = state.position;
  return askQuestion(
    ctx,
    {
      userId: record.userId,
      question,
      seed: currentDrillSeed(state),
      ...(record.state.dockerProfile ? { profile: record.state.dockerProfile } : {}),
      deferAs: { update: reply === "update", ephemeral: true },
    },
    async (presented) => {
      const latest = ((await ctx.storage.getSession(record.id)) as DrillRecord | undefined) ?? record;
      if (latest.state.drill.position !== position) return showCurrent(ctx, latest, reply, before);
      const next: DrillRecord = {
        ...latest,
        state: { ...latest.state, shown: storedQuestion(position, presented) },
      };
      await ctx.storage.saveSession(next);
      return withBefore(questionBody(next, storedQuestion(position, presented)));
    },
    (message) => notice(`${message} Start a new interview with \`/drill\`.`),
  );
}

export async function startDrillCommand(ctx: BotContext, incoming: CommandIncoming): Promise<Reply> {
  const length = Math.min(10, Math.max(1, Number(incoming.options.length ?? 4)));
  const seconds = Math.min(600, Math.max(30, Number(incoming.options.seconds ?? 180)));
  const seed = ctx.newSeed();
  const { dockerProfile } = await ctx.storage.getUserSettings(incoming.actor.id);
  const asked = questionsForProfile(ctx.library.questions, dockerProfile);
  const open = selectQuestions(
    asked.filter((question) => question.kind === "open"),
    { length: Math.ceil(length / 2), seed },
  );
  const checks = selectQuestions(
    asked.filter((question) => question.kind !== "open"),
    { length: length - open.length, seed: seed + 1 },
  );
  const ids = [...open, ...checks].map((question) => question.id);
  if (ids.length === 0) return notice("There are no questions to drill yet.");
  const now = ctx.now();
  const record: DrillRecord = {
    id: ctx.newId(),
    kind: "drill",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: {
      version: 2,
      drill: startDrill({ questionIds: ids, seed, startedAt: now, secondsPerQuestion: seconds }),
      dockerProfile,
    },
    status: "active",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + DRILL_TTL_MS,
  };
  await ctx.storage.saveSession(record);
  return showCurrent(ctx, record, "message");
}

export async function handleDrillComponent(ctx: BotContext, incoming: ComponentIncoming): Promise<Reply> {
  const [, sessionId = "", positionText = "", action = ""] = incoming.customId.split(":");
  const record = (await ctx.storage.getSession(sessionId)) as DrillRecord | undefined;
  if (record?.kind !== "drill" || record.state.version !== 2)
    return notice("This interview no longer exists. Start a new one with `/drill`.");
  if (record.userId !== incoming.actor.id) return notice("This is someone else's interview.");
  const reply = incoming.kind === "modal" && !incoming.fromMessage ? "message" : "update";
  if (record.status !== "active") return showCurrent(ctx, record, reply);
  if (record.expiresAt <= ctx.now().getTime()) {
    await ctx.storage.saveSession({ ...record, status: "expired", updatedAt: ctx.now().getTime() });
    return {
      ...notice("This interview expired. Start a new one with `/drill`."),
      effects: [{ kind: "disable-components", sessionId }],
    };
  }
  const state = record.state.drill;
  const shown = record.state.shown;
  // A click on an older message (a reply that never arrived) shows where the interview is.
  if (Number(positionText) !== state.position || !shown || shown.position !== state.position)
    return showCurrent(ctx, record, reply);
  if (action === "open") {
    return {
      kind: "modal",
      modal: answerModal(
        shown.view,
        `drill:${record.id}:${state.position}:modal`,
        state.pendingFollowUp ? "Follow-up" : "Your answer",
      ),
    };
  }
  if (action !== "modal" || incoming.kind !== "modal")
    return notice("That button is not part of this interview.");
  const text = incoming.fields.answer ?? "";
  if (text.length > LIMITS.answer)
    return notice(`Your answer is ${text.length} characters; the limit is ${LIMITS.answer}.`);
  const response = parseResponse(shown.view, text);
  if ("problem" in response) return notice(response.problem);
  const grade = gradeAnswer(shown.key, response);
  const now = ctx.now();
  const result = answerDrill(state, grade, now);
  const finished = result.state.status === "finished";
  const saved: DrillRecord = {
    ...record,
    state: {
      version: 2,
      drill: result.state,
      ...(result.state.position === shown.position ? { shown } : {}),
    },
    status: finished ? "finished" : "active",
    updatedAt: now.getTime(),
  };
  // A second submission that raced this one finds the interview moved on and shows where it is.
  const stale = await ctx.storage.transaction(async (tx): Promise<DrillRecord | undefined> => {
    const latest = (await tx.getSessionForUpdate(record.id)) as DrillRecord | undefined;
    if (latest?.status !== "active" || JSON.stringify(latest.state.drill) !== JSON.stringify(state))
      return latest ?? record;
    if (!result.followUp)
      await recordLearning(tx, now, {
        guildId: incoming.guildId,
        userId: incoming.actor.id,
        grade,
        points: quizPoints(grade),
      });
    await tx.saveSession(saved);
    return undefined;
  });
  if (stale) return showCurrent(ctx, stale, reply);
  const late =
    result.state.entries.at(-1)?.late === true && result.state.entries.length > state.entries.length;
  return showCurrent(ctx, saved, reply, [feedbackEmbed(grade, result.followUp !== undefined, late)]);
}

export const drill = {
  data: {
    name: "drill",
    description: "A private mock interview: timed questions, follow-ups, a report by topic",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: "length",
        description: "How many questions (1–10)",
        required: false,
        min_value: 1,
        max_value: 10,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "seconds",
        description: "Seconds per question (30–600)",
        required: false,
        min_value: 30,
        max_value: 600,
      },
    ],
  },
  execute: startDrillCommand,
  componentPrefix: "drill",
  handleComponent: handleDrillComponent,
} satisfies Command;
