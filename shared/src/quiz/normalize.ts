/** Text normalisation shared by text answers and rubric matching. */
import { stemmer } from "stemmer";

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
 * Words an answer may use for one another, each group brought to its first word's stem, so that a
 * paraphrase ("erases the entire file") meets a rubric phrase ("deletes the whole file"). Only
 * words that mean the same in every sentence about images and containers belong here.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["remove", "delete", "erase", "destroy", "wipe", "discard", "purge"],
  ["whole", "entire", "full", "complete"],
  ["writable", "writeable"],
  ["keep", "retain", "preserve"],
  ["later", "following", "subsequent", "succeeding", "downstream"],
  ["every", "all", "each"],
  ["previous", "preceding", "prior"],
  ["checksum", "hash", "hashes", "hashed"],
  ["big", "large", "huge", "bloated"],
  ["change", "modify", "alter"],
  ["step", "instruction"],
  ["share", "reuse"],
  ["copy", "duplicate"],
];

const SYNONYMS = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const canonical = stemmer(group[0] as string);
  for (const word of group) SYNONYMS.set(stemmer(word), canonical);
}

/**
 * A word's stem (Porter's algorithm, the `stemmer` package), then its synonym group's: "layer",
 * "layers" and "layered" meet, so do "copies" and "copied", and "deleted" and "removes".
 * Two-letter words stay as they are.
 */
export function stemWord(word: string): string {
  if (word.length <= 2) return word;
  const stem = stemmer(word);
  return SYNONYMS.get(stem) ?? stem;
}

/**
 * Contractions spelled out, so that "doesn't" carries its "not" as a word of its own; a possessive
 * "'s" goes ("the container's layer" meets "the container layer").
 */
function expandContractions(text: string): string {
  return text
    .replace(/\bcan['’]t\b/g, "can not")
    .replace(/\bwon['’]t\b/g, "will not")
    .replace(/\bcannot\b/g, "can not")
    .replace(/n['’]t\b/g, " not")
    .replace(/['’]s\b/g, "");
}

/**
 * Words that turn the clause they stand in into a denial ("an image is *not* read-only", "*nothing*
 * is shared", "docker rm does *nothing*", "the checksum *ignores* mtime").
 */
const NEGATION_CUES = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "none",
  "neither",
  "nor",
  "without",
  "nobody",
  "nowhere",
  "ignore",
  "ignores",
  "ignored",
  "ignoring",
  "regardless",
]);

/**
 * Words that open a new clause: a denial in one ("it is not copied, *but* shared") does not reach
 * into the next.
 */
const CLAUSE_OPENERS = new Set([
  "and",
  "or",
  "but",
  "because",
  "since",
  "while",
  "whereas",
  "although",
  "though",
  "so",
  "however",
  "yet",
  "which",
  "whereby",
  "instead",
  "then",
  "that",
  "where",
  "when",
  "if",
  "unless",
  "until",
  "whether",
]);

/**
 * Words that carry grammar rather than content; a sentence without them is a list of keywords
 * ("read-only writable layer shared process docker rm"), not an explanation.
 */
const FUNCTION_WORDS = new Set(
  (
    "a an the is are was were be been being it its this that these those of to in on at by for " +
    "with from into onto over under as than then when where why how what which who whose whom and " +
    "or but so if because until unless while after before not no never nothing has have had do does " +
    "did done can could will would should may might must only also just there their they them he she " +
    "we you your our i my me us his her one every each all any some up out off about again " +
    "once both other another such very more most less"
  ).split(" "),
);

export interface AnswerToken {
  /** The word as written, lower-cased. */
  raw: string;
  /** What rubric phrases are matched against: stemmed, synonyms merged, names as written. */
  stem: string;
  sentence: number;
  clause: number;
  negation: boolean;
  functionWord: boolean;
}

const SENTENCE_MARK = "\uE000";
const CLAUSE_MARK = "\uE001";

/**
 * An answer as words with their sentence and clause. Sentences end at `.`, `!`, `?`, `;` and line
 * breaks; clauses at commas, colons, dashes, brackets and the words of CLAUSE_OPENERS. Dots,
 * slashes, underscores and digits make a word a name that stays as written, so `/app`,
 * `.wh..wh..opq` and `node_modules` survive; a sentence's final period does not.
 */
export function tokenizeAnswer(text: string): AnswerToken[] {
  const marked = expandContractions(text.toLowerCase())
    // A flag is a name: `--no-trunc` must not read as the denial "no".
    .replace(/(^|[\s(`'"=])--?([a-z0-9][a-z0-9-]*)/g, (_match, before: string, flag: string) =>
      flag.includes("-") ? `${before}${flag.replaceAll("-", "_")}` : `${before}${flag}`,
    )
    .replace(/[!?;\n]+|\.(?=\s|$)/g, ` ${SENTENCE_MARK} `)
    .replace(/[,:()[\]{}—–]|\s-\s/g, ` ${CLAUSE_MARK} `)
    .replace(/[^a-z0-9/._\uE000\uE001]+/g, " ");
  const tokens: AnswerToken[] = [];
  let sentence = 0;
  let clause = 0;
  for (const piece of marked.split(" ")) {
    if (piece === SENTENCE_MARK) {
      sentence += 1;
      clause += 1;
      continue;
    }
    if (piece === CLAUSE_MARK) {
      clause += 1;
      continue;
    }
    const raw = piece.replace(/[./_]+$/, "");
    if (raw === "") continue;
    if (CLAUSE_OPENERS.has(raw)) clause += 1;
    tokens.push({
      raw,
      stem: /^[a-z]+$/.test(raw) ? stemWord(raw) : raw,
      sentence,
      clause,
      negation: NEGATION_CUES.has(raw),
      functionWord: FUNCTION_WORDS.has(raw),
    });
  }
  return tokens;
}

/**
 * Words of a text for rubric matching: lower-case, punctuation and hyphens dropped, plain words
 * stemmed (see tokenizeAnswer).
 */
export function stemmedWords(text: string): string[] {
  return tokenizeAnswer(text).map((token) => token.stem);
}

/**
 * Every place `phrase` occurs in `answer`: its words in order, allowing up to `gap` other words
 * between two of them ("copies the whole file" matches "copies the entire, whole file"). Each
 * match lists the positions of the phrase's own words.
 */
export function findPhrase(answer: readonly string[], phrase: readonly string[], gap = 3): number[][] {
  const matches: number[][] = [];
  if (phrase.length === 0) return matches;
  for (let start = 0; start < answer.length; start += 1) {
    if (answer[start] !== phrase[0]) continue;
    const positions = [start];
    for (let matched = 1; matched < phrase.length; matched += 1) {
      const position = positions[positions.length - 1] as number;
      let found = -1;
      for (let next = position + 1; next <= Math.min(answer.length - 1, position + 1 + gap); next += 1) {
        if (answer[next] === phrase[matched]) {
          found = next;
          break;
        }
      }
      if (found === -1) break;
      positions.push(found);
    }
    if (positions.length === phrase.length) matches.push(positions);
  }
  return matches;
}

/** Whether `phrase` occurs in `answer` (see findPhrase). */
export function containsPhrase(answer: readonly string[], phrase: readonly string[], gap = 3): boolean {
  return findPhrase(answer, phrase, gap).length > 0;
}

/**
 * Whether a match is denied: a negation word stands in the clauses it spans, other than the
 * phrase's own words ("not copied" is a phrase; "is not read-only" denies "read-only").
 */
export function isNegated(tokens: readonly AnswerToken[], positions: readonly number[]): boolean {
  if (positions.length === 0) return false;
  const first = tokens[positions[0] as number] as AnswerToken;
  const last = tokens[positions[positions.length - 1] as number] as AnswerToken;
  const own = new Set(positions);
  return tokens.some(
    (token, index) =>
      token.negation && !own.has(index) && token.clause >= first.clause && token.clause <= last.clause,
  );
}

/** Whether a match stands inside one clause. */
export function inOneClause(tokens: readonly AnswerToken[], positions: readonly number[]): boolean {
  const clauses = new Set(positions.map((position) => tokens[position]?.clause));
  return clauses.size === 1;
}

/**
 * Sentences that are lists of keywords rather than explanations: six words or more, fewer than
 * one in seven of them grammar words. A command on its own line is shorter than that.
 */
export function keywordListSentences(tokens: readonly AnswerToken[]): Set<number> {
  const counts = new Map<number, { words: number; grammar: number }>();
  for (const token of tokens) {
    const count = counts.get(token.sentence) ?? { words: 0, grammar: 0 };
    count.words += 1;
    if (token.functionWord) count.grammar += 1;
    counts.set(token.sentence, count);
  }
  const lists = new Set<number>();
  for (const [sentence, count] of counts)
    if (count.words >= 6 && count.grammar / count.words < 1 / 7) lists.add(sentence);
  return lists;
}
