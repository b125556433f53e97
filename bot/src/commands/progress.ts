/**
 * `/progress export|import`: moves a learner's review schedule between the bot, the site and the
 * terminal quiz in the one progress format (`@layercake/shared/progress`): export answers with the
 * short `lc2.…` code, import merges a pasted code (or a progress file's text) into the cards kept
 * here — the later review of each card wins, nothing already learned is lost. Lessons read and the
 * answer history are the site's and the terminal's to keep; the bot stores its own answers. The
 * Docker the learner runs (`/config docker`) travels with the code too, and the later choice wins;
 * every reply says which Docker the bot asks and answers for.
 */

import { learnerProfile } from "@layercake/shared/engine";
import { emptyProgress, encodeProgressCode, mergeProgress, readProgressInput } from "@layercake/shared/quiz";
import { ApplicationCommandOptionType, InteractionContextType } from "discord-api-types/v10";
import { notice } from "../messages/render.ts";
import type { Command } from "../messages/types.ts";

/** Discord's limit on a string option. */
const MAX_INPUT = 6000;

export const progress = {
  data: {
    name: "progress",
    description: "Move your review schedule between Discord, the site and the terminal",
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "export",
        description: "Get a code that carries your review schedule to the site or the terminal",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "import",
        description: "Merge a progress code from the site or `layercake quiz --export` into your schedule",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "code",
            description: "The lc2.… code (or a progress file's JSON)",
            required: true,
            max_length: MAX_INPUT,
          },
        ],
      },
    ],
  },
  async execute(ctx, incoming) {
    const userId = incoming.actor.id;
    const settings = await ctx.storage.getUserSettings(userId);
    const stored = {
      ...emptyProgress(),
      cards: Object.fromEntries((await ctx.storage.getCards(userId)).map((card) => [card.questionId, card])),
      ...(settings.chosenAt === undefined
        ? {}
        : { dockerProfile: { id: settings.dockerProfile, chosenAt: settings.chosenAt } }),
    };
    const dockerLine = (profile: typeof settings.dockerProfile, chosen: boolean) =>
      `Your Docker: **${learnerProfile(profile).label}**${chosen ? "" : " (the default; `/config docker` changes it)"}.`;
    if (incoming.subcommand === "export") {
      const count = Object.keys(stored.cards).length;
      if (count === 0)
        return notice(
          `You have no review cards yet: answer a few questions with /quiz first.\n${dockerLine(settings.dockerProfile, settings.chosenAt !== undefined)}`,
        );
      const code = encodeProgressCode(stored);
      return notice(
        `Your review schedule (${count} card${count === 1 ? "" : "s"}). ${dockerLine(settings.dockerProfile, settings.chosenAt !== undefined)} Paste this code into the site's Progress panel (Import) or run \`npx layercake quiz --import <code>\`:\n\`\`\`\n${code}\n\`\`\``,
      );
    }
    const read = readProgressInput(String(incoming.options.code ?? ""));
    if ("problem" in read) return notice(`That is not a progress code Layercake can read: ${read.problem}.`);
    const merged = mergeProgress(stored, read.progress);
    let added = 0;
    let updated = 0;
    for (const [questionId, card] of Object.entries(merged.cards)) {
      const mine = stored.cards[questionId];
      if (mine === card) continue;
      if (mine === undefined) added += 1;
      else updated += 1;
      await ctx.storage.saveCard(userId, card);
    }
    // The Docker chosen last wins, wherever it was chosen (the merge compares the two choices' times).
    const choice = merged.dockerProfile;
    const adopted = choice !== undefined && choice !== stored.dockerProfile;
    if (adopted)
      await ctx.storage.setUserSettings({ userId, dockerProfile: choice.id, chosenAt: choice.chosenAt });
    const known = Object.keys(read.progress.cards).length;
    return notice(
      `Imported: ${added} new card${added === 1 ? "" : "s"}, ${updated} updated with a later review, ${known - added - updated} already as recent here. /review asks what is due.\n${
        adopted
          ? `Your Docker is now **${learnerProfile(choice.id).label}** (chosen later than the one kept here).`
          : dockerLine(settings.dockerProfile, settings.chosenAt !== undefined)
      }`,
    );
  },
} satisfies Command;
