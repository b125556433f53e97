/**
 * The engine's reasons cite the rules they follow — "(R11)", "(O4, S3)", "(L4–L7)" — codes of
 * shared/reference/layer-semantics.md that mean nothing to a learner. These helpers split a reason
 * into the sentence a learner reads and the codes an adapter may turn into links.
 */

const CODE = String.raw`[A-Z]\d+`;
const CODE_GROUP = new RegExp(String.raw`\s*\(\s*${CODE}(?:\s*(?:,|/|;|and|–|-)\s*${CODE})*\s*\)`, "g");

/** The rule codes a reason cites, in order, without repeats: `"… (O3, W5)."` → `["O3", "W5"]`. */
export function ruleCodesIn(text: string): string[] {
  const codes = [...text.matchAll(CODE_GROUP)].flatMap((group) => group[0].match(/[A-Z]\d+/g) ?? []);
  return [...new Set(codes)];
}

/**
 * A reason as a sentence without its rule codes: capitalised, ending with a full stop.
 * @example reasonSentence("the command changed files: its diff becomes a layer (R4)")
 *   // "The command changed files: its diff becomes a layer."
 */
export function reasonSentence(text: string): string {
  const plain = text.replace(CODE_GROUP, "").trim();
  if (plain === "") return plain;
  const capitalised = plain[0]?.toUpperCase() + plain.slice(1);
  return /[.!?:]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
