/**
 * The interviewer's follow-up after an open answer that missed rubric points: the prepared
 * question that best matches what was missed, or a probe naming the missed point's subject —
 * never the point's sentence, which would hand over the answer. Shared by the site's mock
 * interview, the terminal drill and the bot's /drill.
 */
import type { Rubric } from "../core/content-model.ts";

const STOP_WORDS = new Set(
  "a an the and or of to in on at is are be it its it's this that what why how does do you your with for as by from into when which who".split(
    " ",
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .filter((word) => word.length > 2 && !STOP_WORDS.has(word))
      .map((word) => word.replace(/(?:ing|ed|es|s)$/, "")),
  );
}

/**
 * The follow-up for an answer that missed `missedIds` of `rubric`: the interviewer's prepared
 * question that best matches a missed point, or else a probe naming the point's subject (its
 * first phrase) — never the point's sentence, which would hand over the answer. Different
 * misses get different follow-ups; `seed` breaks ties so a replayed drill asks the same.
 */
export function chooseFollowUp(
  rubric: Rubric,
  missedIds: readonly string[],
  seed: number,
): string | undefined {
  const missed = rubric.points
    .filter((point) => missedIds.includes(point.id))
    .sort((left, right) => right.weight - left.weight);
  if (missed.length === 0) return undefined;
  const candidates = [
    ...rubric.followUps.map((text) => ({
      text,
      overlap: Math.max(
        ...missed.map((point) => {
          // The point's phrases are its key terms: a follow-up that uses them counts double.
          const asked = [...words(text)];
          const key = words(point.phrases.join(" "));
          const sentence = words(point.text);
          const overlap =
            2 * asked.filter((word) => key.has(word)).length +
            asked.filter((word) => sentence.has(word)).length;
          return overlap * point.weight;
        }),
      ),
    })),
  ].sort((left, right) => right.overlap - left.overlap);
  const best = candidates[0];
  if (best && best.overlap > 0) {
    const tied = candidates.filter((candidate) => candidate.overlap === best.overlap);
    return tied[seed % tied.length]?.text;
  }
  const point = missed[seed % missed.length] ?? missed[0];
  const subject = point?.phrases[0] ?? "that";
  return `You did not mention ${subject}. Where does it come in, and why does it matter here?`;
}
