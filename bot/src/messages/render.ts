/**
 * Discord renderings of the quiz core's values: a question as an embed with buttons, a select menu
 * or an answer button (which opens a modal), a grade as an embed that keeps the question, explains
 * every wrong option and links the lesson by its title. Discord's size limits are applied here.
 */
import type { Lesson } from "@layercake/shared/core";
import type { Grade, QuestionView } from "@layercake/shared/quiz";
import {
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord-api-types/v10";
import { LIMITS } from "../discord-free/limits.ts";
import type { Reply, Row } from "./types.ts";

export const COLORS = { question: 0x1d4f91, right: 0x2e8540, wrong: 0xb3261e, info: 0x5b6770 } as const;

/** Discord's limit on the characters of all embeds of one message together. */
const EMBEDS_TOTAL = 6000;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

type CustomIdStyle = APIButtonComponentWithCustomId["style"];

export function button(
  customId: string,
  label: string,
  style: CustomIdStyle = ButtonStyle.Secondary,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, 80), style };
}

export function row(...components: APIComponentInMessageActionRow[]): Row {
  return { type: ComponentType.ActionRow, components };
}

/** The same rows with every component disabled (a session that ended). */
export function disabledRows(rows: readonly Row[]): Row[] {
  return rows.map((each) => ({
    ...each,
    components: each.components.map((component) => ({ ...component, disabled: true })),
  }));
}

/** The scenario as Discord Markdown: builder, Dockerfile, files, edits and the command. */
function scenarioText(view: QuestionView): string {
  const scenario = view.scenario;
  if (!scenario) return "";
  const parts = [
    `**Builder:** ${scenario.builder === "classic" ? "classic (DOCKER_BUILDKIT=0)" : "BuildKit"}`,
    `**Dockerfile**\n\`\`\`dockerfile\n${scenario.dockerfile.trimEnd()}\n\`\`\``,
  ];
  for (const [name, content] of Object.entries(scenario.files))
    parts.push(`**${name}**\n\`\`\`\n${content.trimEnd()}\n\`\`\``);
  for (const [name, content] of Object.entries(scenario.edits))
    parts.push(`**${name}**, edited after the first build\n\`\`\`\n${content.trimEnd()}\n\`\`\``);
  if (scenario.command)
    parts.push(`**Command** (\`sh -c\` in a container)\n\`\`\`sh\n${scenario.command}\n\`\`\``);
  return parts.join("\n");
}

/** The question's text: prompt, scenario and lettered choices (true/false needs no letters: its buttons say it). */
export function questionText(view: QuestionView): string {
  const choices = view.mode === "true-false" ? [] : (view.choices ?? []);
  const lettered = choices.map((choice) => `**${choice.id.toUpperCase()}** ${choice.text}`).join("\n");
  return [
    view.prompt,
    scenarioText(view),
    lettered && (view.mode === "ordering" ? `**Items**\n${lettered}` : lettered),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}

export interface QuestionMessageOptions {
  /** e.g. `quiz:<session>:<position>`; actions are appended. */
  idPrefix: string;
  title: string;
  footer?: string;
  /** Extra buttons after the answer controls (Stop, …). */
  extra?: APIButtonComponentWithCustomId[];
  /** Force the answer through a modal even for choice questions (drills). */
  modalOnly?: boolean;
  /** Characters the description may use (less when other embeds share the message). */
  maxDescription?: number;
}

/** A question as an embed plus the components to answer it. */
export function renderQuestion(
  view: QuestionView,
  options: QuestionMessageOptions,
): { embeds: APIEmbed[]; components: Row[] } {
  const choices = view.choices ?? [];
  const hint =
    view.mode === "ordering"
      ? "Answer with the letters in order, e.g. `c a b`."
      : view.mode === "numeric"
        ? `Answer with a number${view.unit ? ` in ${view.unit}` : ""}.`
        : view.mode === "multiple"
          ? "Choose every right answer."
          : "";
  const embed: APIEmbed = {
    title: truncate(options.title, 256),
    description: truncate(
      `${questionText(view)}${hint ? `\n\n*${hint}*` : ""}`,
      options.maxDescription ?? 4096,
    ),
    color: COLORS.question,
    ...(options.footer ? { footer: { text: truncate(options.footer, 2048) } } : {}),
  };
  const components: Row[] = [];
  const useModal = options.modalOnly || !["single", "true-false", "multiple"].includes(view.mode);
  if (useModal) {
    components.push(
      row(button(`${options.idPrefix}:open`, "Answer", ButtonStyle.Primary), ...(options.extra ?? [])),
    );
  } else if (view.mode === "multiple") {
    components.push(
      row({
        type: ComponentType.StringSelect,
        custom_id: `${options.idPrefix}:multi`,
        placeholder: "Choose every right answer",
        min_values: 1,
        max_values: choices.length,
        options: choices.map((choice) => ({
          label: truncate(`${choice.id.toUpperCase()}. ${choice.text.replace(/`/g, "")}`, 100),
          value: choice.id,
        })),
      }),
    );
    if (options.extra?.length) components.push(row(...options.extra));
  } else {
    for (let start = 0; start < choices.length; start += 5) {
      components.push(
        row(
          ...choices
            .slice(start, start + 5)
            .map((choice) =>
              button(
                `${options.idPrefix}:pick:${choice.id}`,
                view.mode === "true-false" ? choice.text : choice.id.toUpperCase(),
                ButtonStyle.Primary,
              ),
            ),
        ),
      );
    }
    if (options.extra?.length) components.push(row(...options.extra));
  }
  return { embeds: [embed], components };
}

/** The modal that collects a typed answer. */
export function answerModal(
  view: QuestionView,
  customId: string,
  title = "Your answer",
): APIModalInteractionResponseCallbackData {
  const long = view.mode === "open";
  return {
    custom_id: customId,
    title: truncate(title, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: "answer",
            label:
              view.mode === "ordering"
                ? "The letters in order (e.g. c a b)"
                : view.mode === "numeric"
                  ? `A number${view.unit ? ` (${view.unit})` : ""}`
                  : "Your answer",
            style: long ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: true,
            max_length: long ? LIMITS.answer : LIMITS.shortAnswer,
          },
        ],
      },
    ],
  };
}

/** A Markdown link to a lesson (section) by its title, or the title alone when it has no track. */
export function lessonMarkdownLink(
  siteUrl: string,
  lesson: Lesson | undefined,
  target: { id: string; section?: string },
): string {
  if (!lesson) return target.id;
  const url = `${siteUrl.replace(/\/$/, "")}/${lesson.track}/${lesson.id}/${target.section ? `#${target.section}` : ""}`;
  return `[${lesson.title}](${url})`;
}

/** How a choice reads in feedback: `B` and its text (true/false: just the text). */
function choiceLabel(choice: { id: string; text: string }): string {
  return choice.id === "true" || choice.id === "false"
    ? choice.text
    : `${choice.id.toUpperCase()} (${truncate(choice.text, 80)})`;
}

/**
 * A grade as embeds: the question as it was asked (quoted), then the verdict, what was expected,
 * why every wrong option is wrong, what the engine did, and the lesson by title.
 */
export function renderGrade(
  grade: Grade,
  options: { title: string; question: QuestionView; lessonLink?: string },
): APIEmbed[] {
  const verdict = grade.correct
    ? `✅ Right${grade.score < 1 ? ` (${Math.round(grade.score * 100)}%)` : ""}`
    : `❌ Not quite (${Math.round(grade.score * 100)}%)`;
  const lines = [verdict];
  const chosen = grade.choices?.filter((choice) => choice.chosen) ?? [];
  if (chosen.length > 0) lines.push(`**You chose:** ${chosen.map(choiceLabel).join(", ")}`);
  if (!grade.correct) lines.push(`**Expected:** ${truncate(grade.expected, 700)}`);
  if (grade.missed && grade.missed.length > 0)
    lines.push(`**Missed:** ${grade.missed.map((point) => point.text).join("; ")}`);
  if (grade.covered && grade.covered.length > 0)
    lines.push(`**Covered:** ${grade.covered.map((point) => point.text).join("; ")}`);
  lines.push("", grade.explanation);
  const wrong = grade.choices?.filter((choice) => !choice.correct) ?? [];
  if (wrong.length > 0 && options.question.mode !== "true-false") {
    lines.push("", "**Why the other options are wrong**");
    for (const choice of wrong)
      lines.push(`${choice.chosen ? "👉 " : ""}**${choice.id.toUpperCase()}:** ${truncate(choice.why, 300)}`);
  }
  if (grade.reasons.length > 0)
    lines.push(
      "",
      "**What the engine did**",
      ...grade.reasons.slice(0, 8).map((reason) => `• ${truncate(reason, 300)}`),
    );
  if (options.lessonLink) lines.push("", `Read more: ${options.lessonLink}`);
  const gradeDescription = truncate(lines.join("\n"), 4096);
  const room = EMBEDS_TOTAL - gradeDescription.length - 2 * 256 - 100;
  return [
    {
      title: truncate(`${options.title} — the question`, 256),
      description: truncate(questionText(options.question), Math.max(200, Math.min(4096, room))),
      color: COLORS.info,
    },
    {
      title: truncate(grade.correct ? "Your answer is right" : "Your answer", 256),
      description: gradeDescription,
      color: grade.correct ? COLORS.right : COLORS.wrong,
    },
  ];
}

/** A short private message (`effects` may be added by spreading it). */
export function notice(text: string, components?: Row[]): Extract<Reply, { kind: "message" }> {
  return {
    kind: "message",
    body: { content: truncate(text, 2000), ephemeral: true, ...(components ? { components } : {}) },
  };
}
