/**
 * Per-choice explanations for engine-computed choices. Authored questions carry a `why` for every
 * option; scenario questions' choices come from the engine, whose key has only its reasons (one line
 * per step, per move, per changed path). This gives every option of such a question its own
 * explanation from those reasons, so a wrong pick is never answered with a bare "Not this one.".
 */
import type { AnswerKey } from "@layercake/shared/quiz";

const DIFF_LINE = /^([ACD]) (\/.*)$/;
const DIFF_WORDS: Record<string, string> = { A: "added", C: "changed", D: "deleted" };

function reasonFor(text: string, reasons: readonly string[]): string | undefined {
  return reasons.find((reason) => reason.startsWith(`${text}:`) || reason.startsWith(`${text} `));
}

function explainDiffLine(
  text: string,
  correct: boolean,
  correctTexts: readonly string[],
  reasons: readonly string[],
): string | undefined {
  const match = DIFF_LINE.exec(text);
  if (!match) return undefined;
  const [, letter = "", path = ""] = match;
  const why = reasons.find((reason) => reason.includes(path));
  if (correct) return `${path} was ${DIFF_WORDS[letter]} in the writable layer${why ? `: ${why}` : "."}`;
  const actual = correctTexts.find((other) => DIFF_LINE.exec(other)?.[2] === path);
  if (actual) return `docker diff lists this path as \`${actual}\`, not \`${text}\`${why ? `: ${why}` : "."}`;
  return `The command never wrote ${path}, so it is not in the writable layer and docker diff does not list it (it lists the writable layer only, never the image's own layers).`;
}

/**
 * The key with a reason for every choice that has none: the engine's own line for that choice when
 * it has one, otherwise one derived from the engine's result.
 */
export function withChoiceReasons(key: AnswerKey): AnswerKey {
  const texts = key.choiceTexts;
  if (!texts) return key;
  const correctIds = new Set(key.correctChoiceIds ?? []);
  const correctTexts = [...correctIds].map((id) => texts[id] ?? "");
  const reasons: Record<string, string> = { ...key.choiceReasons };
  for (const [id, text] of Object.entries(texts)) {
    if (reasons[id] !== undefined) continue;
    const correct = correctIds.has(id);
    const own = reasonFor(text, key.reasons);
    if (own !== undefined) {
      reasons[id] = correct ? own : `${own}; the answer is ${key.expected}.`;
      continue;
    }
    // The engine's two "nothing to name" choices: no step misses, no move helps.
    if (!correct && text.startsWith("None:")) {
      const runs = key.reasons.find((reason) => /: runs\b/.test(reason));
      if (runs !== undefined) {
        reasons[id] = `Not every step comes from the cache: ${runs}.`;
        continue;
      }
    }
    if (!correct && text.startsWith("It is already optimal")) {
      const better = reasonFor(key.expected, key.reasons);
      if (better !== undefined) {
        reasons[id] = `A move does better. ${key.reasons[0] ?? ""} ${better}`.replace(/\s+/g, " ").trim();
        continue;
      }
    }
    const diff = explainDiffLine(text, correct, correctTexts, key.reasons);
    if (diff !== undefined) {
      reasons[id] = diff;
      continue;
    }
    const evidence = key.reasons.slice(0, 3).join("; ");
    reasons[id] = correct
      ? `The engine computes this${evidence ? `: ${evidence}` : "."}`
      : `The engine computes ${key.expected}${evidence ? ` (${evidence})` : ""}, not this.`;
  }
  return { ...key, choiceReasons: reasons };
}
