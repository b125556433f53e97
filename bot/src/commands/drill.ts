/**
 * `/drill`: a private mock interview (ephemeral messages): timed questions answered in a modal,
 * one follow-up when key points are missed, and a report by topic with links to the lessons.
 * Custom ids: `drill:<session>:<position>:<action>`.
 */
import {
  answerDrill,
  currentDrillQuestionId,
  currentDrillSeed,
  type DrillState,
  drillReport,
  gradeAnswer,
  parseResponse,
  presentQuestion,
  selectQuestions,
  startDrill,
} from "@layercake/shared/quiz";
import type { SessionRecord } from "../adapters/storage.ts";
import { quizPoints, recordLearning } from "../core/answers.ts";
import { LIMITS } from "../core/limits.ts";
import { answerModal, COLORS, notice, renderQuestion, truncate } from "../core/render.ts";
import type { BotContext, Incoming, MessageBody, Reply } from "../core/types.ts";

export const drillCommand = {
  name: "drill",
  description: "A private mock interview: timed questions, follow-ups, a report by topic",
  options: [
    {
      type: 4,
      name: "length",
      description: "How many questions (1–10)",
      required: false,
      min_value: 1,
      max_value: 10,
    },
    {
      type: 4,
      name: "seconds",
      description: "Seconds per question (30–600)",
      required: false,
      min_value: 30,
      max_value: 600,
    },
  ],
};

const DRILL_TTL_MS = 60 * 60_000;

function questionBody(ctx: BotContext, record: SessionRecord<DrillState>): MessageBody {
  const state = record.state;
  const id = currentDrillQuestionId(state);
  const question = id === undefined ? undefined : ctx.questionsById.get(id);
  if (!question) return reportBody(ctx, record);
  const { view } = presentQuestion(question, { seed: currentDrillSeed(state) });
  const prefix = `drill:${record.id}:${state.position}`;
  const followUp = state.pendingFollowUp;
  const rendered = renderQuestion(view, {
    idPrefix: prefix,
    title: followUp
      ? `Follow-up on question ${state.position + 1}`
      : `Interview question ${state.position + 1} of ${state.questionIds.length}`,
    footer: `Answer within ${state.secondsPerQuestion} s · answers after the limit score 0`,
    modalOnly: true,
  });
  if (followUp) {
    const embed = rendered.embeds[0];
    if (embed)
      embed.description = truncate(
        `**Interviewer:** ${followUp.question}\n\n*Your first answer missed:* ${followUp.missed.join("; ")}`,
        4096,
      );
  }
  return { ...rendered, ephemeral: true };
}

function reportBody(ctx: BotContext, record: SessionRecord<DrillState>): MessageBody {
  const report = drillReport(record.state, ctx.questionsById);
  const site = ctx.siteUrl.replace(/\/$/, "");
  const lines = report.byTopic.map((topic) => {
    const links = topic.lessons
      .map((lesson) => {
        const track = ctx.lessonsById.get(lesson.id)?.track;
        return track
          ? `[${ctx.lessonsById.get(lesson.id)?.title ?? lesson.id}](${site}/${track}/${lesson.id}/${lesson.section ? `#${lesson.section}` : ""})`
          : lesson.id;
      })
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
          4096,
        ),
        color: COLORS.info,
      },
    ],
    components: [],
    ephemeral: true,
  };
}

export function startDrillCommand(ctx: BotContext, incoming: Incoming & { kind: "command" }): Reply {
  const length = Math.min(10, Math.max(1, Number(incoming.options.length ?? 4)));
  const seconds = Math.min(600, Math.max(30, Number(incoming.options.seconds ?? 180)));
  const seed = ctx.newSeed();
  const open = selectQuestions(
    ctx.library.questions.filter((question) => question.kind === "open"),
    { length: Math.ceil(length / 2), seed },
  );
  const checks = selectQuestions(
    ctx.library.questions.filter((question) => question.kind !== "open"),
    { length: length - open.length, seed: seed + 1 },
  );
  const ids = [...open, ...checks].map((question) => question.id);
  if (ids.length === 0) return notice("There are no questions to drill yet.");
  const now = ctx.now();
  const record: SessionRecord<DrillState> = {
    id: ctx.newId(),
    kind: "drill",
    guildId: incoming.guildId,
    channelId: incoming.channelId,
    userId: incoming.actor.id,
    state: startDrill({ questionIds: ids, seed, startedAt: now, secondsPerQuestion: seconds }),
    status: "active",
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + DRILL_TTL_MS,
  };
  ctx.storage.saveSession(record);
  return { kind: "message", body: questionBody(ctx, record) };
}

export function handleDrillComponent(ctx: BotContext, incoming: Incoming): Reply {
  if (incoming.kind !== "button" && incoming.kind !== "modal") return notice("Unsupported.");
  const [, sessionId = "", positionText = "", action = ""] = incoming.customId.split(":");
  const record = ctx.storage.getSession(sessionId) as SessionRecord<DrillState> | undefined;
  if (record?.kind !== "drill")
    return notice("This interview no longer exists. Start a new one with `/drill`.");
  if (record.userId !== incoming.actor.id) return notice("This is someone else's interview.");
  if (record.status !== "active") return notice("This interview is over. Start a new one with `/drill`.");
  if (record.expiresAt <= ctx.now().getTime()) {
    ctx.storage.saveSession({ ...record, status: "expired", updatedAt: ctx.now().getTime() });
    return notice("This interview expired. Start a new one with `/drill`.");
  }
  if (Number(positionText) !== record.state.position) return notice("That question was already answered.");
  const id = currentDrillQuestionId(record.state);
  const question = id === undefined ? undefined : ctx.questionsById.get(id);
  if (!question) return notice("This interview is over.");
  const presented = presentQuestion(question, { seed: currentDrillSeed(record.state) });
  if (action === "open") {
    return {
      kind: "modal",
      modal: answerModal(
        presented.view,
        `drill:${record.id}:${record.state.position}:modal`,
        record.state.pendingFollowUp ? "Follow-up" : "Your answer",
      ),
    };
  }
  if (action !== "modal" || incoming.kind !== "modal")
    return notice("That button is not part of this interview.");
  const text = incoming.fields.answer ?? "";
  if (text.length > LIMITS.answer)
    return notice(`Your answer is ${text.length} characters; the limit is ${LIMITS.answer}.`);
  const response = parseResponse(presented.view, text);
  if ("problem" in response) return notice(response.problem);
  const grade = gradeAnswer(presented.key, response);
  const now = ctx.now();
  const result = answerDrill(record.state, grade, now);
  const finished = result.state.status === "finished";
  const saved: SessionRecord<DrillState> = {
    ...record,
    state: result.state,
    status: finished ? "finished" : "active",
    updatedAt: now.getTime(),
  };
  ctx.storage.transaction(() => {
    if (!result.followUp) recordLearning(ctx, incoming.guildId, incoming.actor.id, grade, quizPoints(grade));
    ctx.storage.saveSession(saved);
  });
  const body = finished ? reportBody(ctx, saved) : questionBody(ctx, saved);
  return { kind: incoming.fromMessage ? "update" : "message", body };
}
