/** Text normalisation shared by text answers and rubric matching. */

/**
 * Lower-case, collapse whitespace, drop surrounding quotes/backticks and a sentence's final period.
 * A period standing alone stays: in `docker build .` it is the build context.
 */
export function normalizeAnswerText(text: string): string {
  return text
    .trim()
    .replace(/(\S)\.$/, "$1")
    .replace(/^[`'"“”‘’]+|[`'"“”‘’]+$/g, "")
    .replace(/(\S)\.$/, "$1")
    .replace(/\s+/g, " ")
    .toLowerCase()
    .trim();
}

/**
 * A crude English stem, enough that "layer", "layers" and "layered", "copy", "copies" and "copied",
 * "cache", "cached" and "caching" meet. Two-letter words stay as they are.
 */
export function stemWord(word: string): string {
  if (word.length <= 2) return word;
  const strip = (suffix: number, minimum: number) =>
    word.length - suffix >= minimum ? word.slice(0, -suffix) : word;
  let stem = word;
  if (/ie[sd]$/.test(word)) stem = `${word.slice(0, -3)}y`;
  else if (word.endsWith("ing")) stem = strip(3, 2);
  // "need" must not become "ne"; "es" and "s" may leave two letters ("uses" meets "use").
  else if (word.endsWith("ed")) stem = strip(2, 3);
  else if (word.endsWith("es")) stem = strip(2, 2);
  else if (/[^s]s$/.test(word)) stem = strip(1, 2);
  // "cache" meets "cach(ed)" once a final e goes; "running" meets "run" once a doubled consonant does.
  if (stem.length > 2) stem = stem.replace(/e$/, "");
  return stem.replace(/([b-df-hj-np-tv-z])\1$/, "$1");
}

/**
 * Words of a text for rubric matching: lower-case, punctuation and hyphens dropped, plain words
 * stemmed. Dots, slashes, underscores and digits make a word a name that stays as written, so
 * `/app`, `.wh..wh..opq` and `node_modules` survive; a sentence's final period does not.
 */
export function stemmedWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9/._]+/g, " ")
    .split(" ")
    .map((word) => word.replace(/[./_]+$/, ""))
    .filter((word) => word !== "")
    .map((word) => (/^[a-z]+$/.test(word) ? stemWord(word) : word));
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
