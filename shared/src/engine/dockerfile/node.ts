/**
 * The node layer of the Dockerfile parser: one logical line → keyword, flags and arguments, after
 * BuildKit's `split_command.go` (`splitCommand`, `extractBuilderFlags`) and `line_parsers.go`
 * (the per-instruction line parsers). Offsets are positions in the logical line.
 */
import type { EscapeToken } from "./types.ts";

/** A piece of text at `[start, end)` of the logical line. */
export interface Span {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** What a line parser made of the arguments (Go: the `Next` chain plus `Attributes["json"]`). */
export type NodeArgs =
  | { readonly kind: "none" }
  | {
      readonly kind: "json";
      readonly values: readonly string[];
      /** Where each string literal is (quotes included). */
      readonly spans: readonly Span[];
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: "words"; readonly words: readonly Span[] }
  | { readonly kind: "string"; readonly span: Span }
  | { readonly kind: "pairs"; readonly pairs: readonly PairSpan[] }
  | { readonly kind: "health"; readonly type: Span; readonly command: NodeArgs }
  | { readonly kind: "sub"; readonly node: RawNode };

export interface PairSpan {
  readonly key: string;
  readonly value: string;
  readonly separator: "=" | "space";
  readonly start: number;
  readonly end: number;
}

/** One parsed line before the instruction-level checks (Go `parser.Node`). */
export interface RawNode {
  /** The keyword as written. */
  readonly keyword: Span;
  /** Flags with quotes and escapes processed (Go `node.Flags`). */
  readonly flags: readonly Span[];
  /** The arguments text after the flags, trimmed. */
  readonly args: Span;
  readonly next: NodeArgs;
}

/** A line parser failed: Docker's message and where. */
export interface NodeError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const whitespace = /[\t\v\f\r ]+/;
const isSpace = (ch: string): boolean => /^\s$/u.test(ch);

/** Go `strings.TrimSpace` bounds. */
function trimBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && isSpace(text[from] as string)) from += 1;
  while (to > from && isSpace(text[to - 1] as string)) to -= 1;
  return [from, to];
}

/** Splits `text[start, end)` on runs of `[\t\v\f\r ]` (Go `reWhitespace.Split(rest, -1)`). */
function splitWhitespace(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  const pattern = new RegExp(whitespace.source, "g");
  pattern.lastIndex = start;
  let from = start;
  const slice = text.slice(0, end);
  for (let match = pattern.exec(slice); match !== null; match = pattern.exec(slice)) {
    spans.push({ value: text.slice(from, match.index), start: from, end: match.index });
    from = match.index + match[0].length;
  }
  spans.push({ value: text.slice(from, end), start: from, end });
  return spans;
}

/**
 * Go `extractBuilderFlags`: leading `--flag` words (quotes and escapes processed), and where the
 * arguments start.
 */
function extractBuilderFlags(
  line: string,
  from: number,
  escapeToken: EscapeToken,
): { flags: Span[]; rest: number } {
  const flags: Span[] = [];
  let phase: "spaces" | "word" | "quote" = "spaces";
  let word = "";
  let wordStart = from;
  let quote = "";
  let blankOk = false;
  for (let pos = from; pos <= line.length; pos += 1) {
    let ch = pos < line.length ? (line[pos] as string) : "";
    if (phase === "spaces") {
      if (pos === line.length) break;
      if (isSpace(ch)) continue;
      if (ch !== "-" || pos + 1 === line.length || line[pos + 1] !== "-") return { flags, rest: pos };
      phase = "word";
      wordStart = pos;
    }
    if (pos === line.length) {
      if (word !== "--" && (blankOk || word.length > 0))
        flags.push({ value: word, start: wordStart, end: pos });
      break;
    }
    if (phase === "word") {
      if (isSpace(ch)) {
        phase = "spaces";
        if (word === "--") return { flags, rest: pos };
        if (blankOk || word.length > 0) flags.push({ value: word, start: wordStart, end: pos });
        word = "";
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = "quote";
        continue;
      }
      if (ch === escapeToken) {
        if (pos + 1 === line.length) continue;
        pos += 1;
        ch = line[pos] as string;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = "word";
      continue;
    }
    if (ch === escapeToken) {
      if (pos + 1 === line.length) {
        phase = "word";
        continue;
      }
      pos += 1;
      ch = line[pos] as string;
    }
    word += ch;
  }
  return { flags, rest: line.length };
}

/**
 * Go `parseWords`: whitespace-separated words that respect quotes; quotes and escapes are KEPT
 * (they are removed later by expansion).
 */
export function parseWords(text: string, start: number, end: number, escapeToken: EscapeToken): Span[] {
  const words: Span[] = [];
  let phase: "spaces" | "word" | "quote" = "spaces";
  let word = "";
  let wordStart = start;
  let quote = "";
  let blankOk = false;
  for (let pos = start; pos <= end; pos += 1) {
    let ch = pos < end ? (text[pos] as string) : "";
    if (phase === "spaces") {
      if (pos === end) break;
      if (isSpace(ch)) continue;
      phase = "word";
      wordStart = pos;
    }
    if (pos === end) {
      if (blankOk || word.length > 0) words.push({ value: word, start: wordStart, end: pos });
      break;
    }
    if (phase === "word") {
      if (isSpace(ch)) {
        phase = "spaces";
        if (blankOk || word.length > 0) words.push({ value: word, start: wordStart, end: pos });
        word = "";
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = "quote";
      }
      if (ch === escapeToken) {
        if (pos + 1 === end) continue;
        word += ch;
        pos += 1;
        ch = text[pos] as string;
      }
      word += ch;
      continue;
    }
    if (ch === quote) phase = "word";
    if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === end) {
        phase = "word";
        continue;
      }
      pos += 1;
      word += ch;
      ch = text[pos] as string;
    }
    word += ch;
  }
  return words;
}

const notStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

/** Go `parseJSON`: a JSON array of strings, `undefined` when the text is not a JSON array. */
function parseJson(
  text: string,
  start: number,
  end: number,
): { values: string[]; spans: Span[]; start: number } | NodeError | undefined {
  let from = start;
  while (from < end && isSpace(text[from] as string)) from += 1;
  if (text[from] !== "[") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(from, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  if (!parsed.every((item): item is string => typeof item === "string"))
    return { message: notStringArray, start, end };
  return { values: parsed, start: from, spans: stringLiterals(text, from, end, parsed) };
}

/** The offsets of the string literals of a valid JSON array of strings. */
function stringLiterals(text: string, start: number, end: number, values: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (let pos = start; pos < end && spans.length < values.length; pos += 1) {
    if (text[pos] !== '"') continue;
    const open = pos;
    pos += 1;
    while (pos < end && text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    spans.push({ value: values[spans.length] as string, start: open, end: pos + 1 });
  }
  return spans;
}

function maybeJson(text: string, start: number, end: number): NodeArgs | NodeError {
  if (start === end) return { kind: "none" };
  const json = parseJson(text, start, end);
  if (json !== undefined && "message" in json) return json;
  if (json !== undefined)
    return { kind: "json", values: json.values, spans: json.spans, start: json.start, end };
  return { kind: "string", span: { value: text.slice(start, end), start, end } };
}

function maybeJsonToList(text: string, start: number, end: number): NodeArgs | NodeError {
  const json = parseJson(text, start, end);
  if (json !== undefined && "message" in json) return json;
  if (json !== undefined)
    return { kind: "json", values: json.values, spans: json.spans, start: json.start, end };
  if (start === end) return { kind: "none" };
  return { kind: "words", words: splitWhitespace(text, start, end) };
}

/** Go `parseNameVal` (ENV and LABEL): the legacy `KEY value` or the `k=v k2=v2` form. */
function parseNameVal(
  text: string,
  start: number,
  end: number,
  keyword: string,
  escapeToken: EscapeToken,
): NodeArgs | NodeError {
  const words = parseWords(text, start, end, escapeToken);
  const first = words[0];
  if (first === undefined) return { kind: "none" };
  if (!first.value.includes("=")) {
    const match = whitespace.exec(text.slice(start, end));
    if (match === null) return { message: `${keyword} must have two arguments`, start, end };
    const keyEnd = start + match.index;
    const valueStart = keyEnd + match[0].length;
    return {
      kind: "pairs",
      pairs: [
        {
          key: text.slice(start, keyEnd),
          value: text.slice(valueStart, end),
          separator: "space",
          start,
          end,
        },
      ],
    };
  }
  const pairs: PairSpan[] = [];
  for (const word of words) {
    const index = word.value.indexOf("=");
    if (index === -1) {
      return {
        message: `Syntax error - can't find = in ${JSON.stringify(word.value)}. Must be of the form: name=value`,
        start: word.start,
        end: word.end,
      };
    }
    pairs.push({
      key: word.value.slice(0, index),
      value: word.value.slice(index + 1),
      separator: "=",
      start: word.start,
      end: word.end,
    });
  }
  return { kind: "pairs", pairs };
}

/** Go `parseHealthConfig`: the type word, then a maybe-JSON command. */
function parseHealth(text: string, start: number, end: number): NodeArgs | NodeError {
  let sep = start;
  while (sep < end && !isSpace(text[sep] as string)) sep += 1;
  let next = sep;
  while (next < end && isSpace(text[next] as string)) next += 1;
  if (sep === start) return { kind: "none" };
  const command = maybeJson(text, next, end);
  if ("message" in command) return command;
  return { kind: "health", type: { value: text.slice(start, sep), start, end: sep }, command };
}

/**
 * Go `newNodeFromLine`: splits the logical line `text[from…]` into keyword, flags and arguments
 * and runs the keyword's line parser. Unknown keywords keep no arguments (`parseIgnore`).
 */
export function parseNode(text: string, from: number, escapeToken: EscapeToken): RawNode | NodeError {
  const [start, end] = trimBounds(text, from, text.length);
  const match = whitespace.exec(text.slice(start, end));
  const keywordEnd = match === null ? end : start + match.index;
  const keyword: Span = { value: text.slice(start, keywordEnd), start, end: keywordEnd };
  let flags: Span[] = [];
  let argsStart = end;
  let argsEnd = end;
  if (match !== null) {
    // Go splits the trimmed line, so the flags and arguments are parsed up to `end`.
    const restText = text.slice(0, end);
    const extracted = extractBuilderFlags(restText, keywordEnd + match[0].length, escapeToken);
    flags = extracted.flags;
    [argsStart, argsEnd] = trimBounds(text, extracted.rest, end);
  }
  const args: Span = { value: text.slice(argsStart, argsEnd), start: argsStart, end: argsEnd };
  const next = parseArguments(keyword.value.toLowerCase(), text, argsStart, argsEnd, escapeToken);
  if ("message" in next) return next;
  return { keyword, flags, args, next };
}

function parseArguments(
  keyword: string,
  text: string,
  start: number,
  end: number,
  escapeToken: EscapeToken,
): NodeArgs | NodeError {
  switch (keyword) {
    case "add":
    case "copy":
    case "volume":
      return maybeJsonToList(text, start, end);
    case "arg":
      return { kind: "words", words: parseWords(text, start, end, escapeToken) };
    case "cmd":
    case "entrypoint":
    case "run":
    case "shell":
      return maybeJson(text, start, end);
    case "env":
      return parseNameVal(text, start, end, "ENV", escapeToken);
    case "label":
      return parseNameVal(text, start, end, "LABEL", escapeToken);
    case "expose":
    case "from":
      return start === end ? { kind: "none" } : { kind: "words", words: splitWhitespace(text, start, end) };
    case "healthcheck":
      return parseHealth(text, start, end);
    case "maintainer":
    case "stopsignal":
    case "user":
    case "workdir":
      return start === end
        ? { kind: "none" }
        : { kind: "string", span: { value: text.slice(start, end), start, end } };
    case "onbuild": {
      if (start === end) return { kind: "none" };
      const node = parseNode(text, start, escapeToken);
      if ("message" in node) return node;
      return { kind: "sub", node };
    }
    default:
      return { kind: "none" };
  }
}

/** Go `nodeArgs`: the argument strings the instruction parser sees. */
export function nodeArgs(next: NodeArgs): string[] {
  switch (next.kind) {
    case "none":
      return [];
    case "json":
      return [...next.values];
    case "words":
      return next.words.map((word) => word.value);
    case "string":
      return [next.span.value];
    case "pairs":
      return next.pairs.flatMap((pair) => [pair.key, pair.value, pair.separator === "=" ? "=" : ""]);
    case "health":
      return [next.type.value, ...nodeArgs(next.command)];
    case "sub":
      return [next.node.keyword.value, ...nodeArgs(next.node.next)];
  }
}
