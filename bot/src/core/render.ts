/**
 * Discord renderings of the quiz core's values: a question as an embed with buttons, a select menu
 * or an answer button (which opens a modal), a grade as an embed with the explanation and the
 * engine's reasons. Discord's size limits are applied here.
 */
import type { Question } from "@layercake/shared/core";
import type { Grade, QuestionView } from "@layercake/shared/quiz";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord.js";
import { LIMITS } from "./limits.ts";

export const COLORS = { question: 0x1d4f91, right: 0x2e8540, wrong: 0xb3261e, info: 0x5b6770 } as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

type CustomIdStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

export function button(
  customId: string,
  label: string,
  style: CustomIdStyle = ButtonStyle.Secondary,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, 80), style };
}

export function row(...components: APIComponentInMessageActionRow[]): Row {
  return { type: ComponentType.ActionRow, components };
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

export interface QuestionMessageOptions {
  /** e.g. `quiz:<session>:<position>`; actions are appended. */
  idPrefix: string;
  title: string;
  footer?: string;
  /** Extra buttons after the answer controls (Stop, …). */
  extra?: APIButtonComponent[];
  /** Force the answer through a modal even for choice questions (drills). */
  modalOnly?: boolean;
}

/** A question as an embed plus the components to answer it. */
export function renderQuestion(
  view: QuestionView,
  options: QuestionMessageOptions,
): { embeds: APIEmbed[]; components: Row[] } {
  const choices = view.choices ?? [];
  const lettered = choices.map((choice) => `**${choice.id.toUpperCase()}** ${choice.text}`).join("\n");
  const body = [
    view.prompt,
    scenarioText(view),
    lettered && (view.mode === "ordering" ? `**Items**\n${lettered}` : lettered),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
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
    description: truncate(`${body}${hint ? `\n\n*${hint}*` : ""}`, 4096),
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

export function lessonLink(
  siteUrl: string,
  question: Question,
  lessonTrack: string | undefined,
): string | undefined {
  if (!lessonTrack) return undefined;
  return `${siteUrl.replace(/\/$/, "")}/${lessonTrack}/${question.lesson.id}/${question.lesson.section ? `#${question.lesson.section}` : ""}`;
}

/** A grade as an embed: verdict, expected answer, explanation, what the engine did, the lesson. */
export function renderGrade(grade: Grade, options: { title: string; link?: string }): APIEmbed {
  const verdict = grade.correct
    ? `✅ Right${grade.score < 1 ? ` (${Math.round(grade.score * 100)}%)` : ""}`
    : `❌ Not quite (${Math.round(grade.score * 100)}%)`;
  const lines = [verdict];
  if (!grade.correct) lines.push(`**Expected:** ${truncate(grade.expected, 900)}`);
  if (grade.missed && grade.missed.length > 0)
    lines.push(`**Missed:** ${grade.missed.map((point) => point.text).join("; ")}`);
  if (grade.covered && grade.covered.length > 0)
    lines.push(`**Covered:** ${grade.covered.map((point) => point.text).join("; ")}`);
  lines.push("", grade.explanation);
  const chosenWrong = grade.choices?.filter((choice) => choice.chosen && !choice.correct) ?? [];
  for (const choice of chosenWrong) lines.push(`*${choice.id.toUpperCase()}:* ${choice.why}`);
  if (grade.reasons.length > 0)
    lines.push("", "**What the engine did**", ...grade.reasons.slice(0, 8).map((reason) => `• ${reason}`));
  if (options.link) lines.push("", `[Read the lesson](${options.link})`);
  return {
    title: truncate(options.title, 256),
    description: truncate(lines.join("\n"), 4096),
    color: grade.correct ? COLORS.right : COLORS.wrong,
  };
}

export function notice(text: string): { kind: "message"; body: { content: string; ephemeral: true } } {
  return { kind: "message", body: { content: truncate(text, 2000), ephemeral: true } };
}
