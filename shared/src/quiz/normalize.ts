/** Text normalisation shared by text answers and rubric matching. */

/** Lower-case, collapse whitespace, drop surrounding quotes/backticks and a trailing period. */
export function normalizeAnswerText(text: string): string {
  return text
    .trim()
    .replace(/\.$/, "")
    .replace(/^[`'"“”‘’]+|[`'"“”‘’]+$/g, "")
    .replace(/\.$/, "")
    .replace(/\s+/g, " ")
    .toLowerCase()
    .trim();
}

/** A crude English stem: enough that "layers", "layered" and "layer" meet. */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, "").replace(/(.)\1$/, "$1");
}

/** Words of a text for rubric matching: lower-case, punctuation dropped, stemmed. */
export function stemmedWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9/._-]+/g, " ")
    .split(" ")
    .filter((word) => word !== "")
    .map(stem);
}

/**
 * Whether `phrase` occurs in `answer`: its words in order, allowing up to `gap` other words
 * between two of them ("copies the whole file" matches "copies the entire, whole file").
 */
export function containsPhrase(answer: readonly string[], phrase: readonly string[], gap = 3): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start < answer.length; start += 1) {
    if (answer[start] !== phrase[0]) continue;
    let position = start;
    let matched = 1;
    for (; matched < phrase.length; matched += 1) {
      let found = -1;
      for (let next = position + 1; next <= Math.min(answer.length - 1, position + 1 + gap); next += 1) {
        if (answer[next] === phrase[matched]) {
          found = next;
          break;
        }
      }
      if (found === -1) break;
      position = found;
    }
    if (matched === phrase.length) return true;
  }
  return false;
}
