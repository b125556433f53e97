/** `/lesson`: a lesson's summary and a link to read it on the site (autocompleted by title). */
import { ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import { COLORS, notice, truncate } from "../messages/render.ts";
import type { Command } from "../messages/types.ts";

export const lesson = {
  data: {
    name: "lesson",
    description: "A lesson's summary and a link to read it on the site",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "name",
        description: "The lesson",
        required: true,
        autocomplete: true,
      },
    ],
  },
  execute(ctx, incoming) {
    const wanted = String(incoming.options.name ?? "");
    const found =
      ctx.lessonsById.get(wanted) ??
      ctx.library.lessons.find((candidate) => candidate.title.toLowerCase() === wanted.toLowerCase());
    if (!found) return notice(`No lesson "${truncate(wanted, 60)}". Start typing to see the lessons.`);
    const url = `${ctx.siteUrl.replace(/\/$/, "")}/${found.track}/${found.id}/`;
    return {
      kind: "message",
      body: {
        embeds: [
          {
            title: found.title,
            url,
            description: truncate(
              `${found.summary}\n\n**You will learn to**\n${found.objectives.map((objective) => `• ${objective}`).join("\n")}`,
              4096,
            ),
            color: COLORS.question,
            footer: {
              text: `${found.questionIds.length} practice questions · /quiz start topic:${ctx.library.banks.find((bank) => bank.lesson === found.id)?.topic ?? ""}`,
            },
          },
        ],
      },
    };
  },
  autocomplete(ctx, incoming) {
    const query = incoming.value.toLowerCase();
    return {
      kind: "choices",
      choices: ctx.library.lessons
        .filter((candidate) => candidate.title.toLowerCase().includes(query) || candidate.id.includes(query))
        .slice(0, 25)
        .map((candidate) => ({ name: truncate(candidate.title, 100), value: candidate.id })),
    };
  },
} satisfies Command;
