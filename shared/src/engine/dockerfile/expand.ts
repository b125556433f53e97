/**
 * Dockerfile variable expansion, a port of BuildKit's `frontend/dockerfile/shell/lex.go`
 * (`shell.Lex`): `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?msg}`, `${V?msg}`,
 * `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}`, `${V//p/r}`; single quotes literal, double
 * quotes expanding, the escape character escaping the next character, quotes removed.
 *
 * Which instructions the builders expand (instructions/commands.go `Expand` methods and
 * dockerfile2llb): ADD, COPY (sources, dest, --from, --chown, --chmod), ENV, EXPOSE, FROM (with the
 * global ARGs only), LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG (defaults), RUN `--mount`
 * options. RUN, CMD, ENTRYPOINT, HEALTHCHECK and SHELL commands and ONBUILD triggers are NOT
 * expanded by the builder (the shell does it at run time).
 */
import type { Diagnostic, Range } from "../../core/diagnostics.ts";
import type { InstructionKeyword } from "./types.ts";

/** Looks a variable up; `undefined` means unset (an empty string is set-but-empty). */
export type EnvLookup = (name: string) => string | undefined;

/** Options of the lexer, named as in `shell.Lex`. */
export interface ExpandOptions {
  /** `\` (default) or a backtick. */
  readonly escapeToken?: string;
  /** Keep quote characters in the result (BuildKit's `RawQuotes`). */
  readonly rawQuotes?: boolean;
  /** Keep escape characters in the result (`RawEscapes`). */
  readonly rawEscapes?: boolean;
  /** Leave unset variables as written (`SkipUnsetEnv`). */
  readonly skipUnsetEnv?: boolean;
  /** Treat quotes as ordinary characters (`SkipProcessQuotes`). */
  readonly skipProcessQuotes?: boolean;
  /** Where the text is, for the diagnostic of a malformed substitution. */
  readonly range?: Range;
  readonly path?: string;
}

/** The outcome of an expansion: the value, or Docker's error message plus a diagnostic. */
export type ExpandResult<Value> =
  | {
      readonly ok: true;
      readonly value: Value;
      /** Variables that were referenced and set. */
      readonly matched: readonly string[];
      /** Variables that were referenced but unset. */
      readonly unmatched: readonly string[];
    }
  | { readonly ok: false; readonly message: string; readonly diagnostic: Diagnostic };

/** The instructions whose arguments the builders expand (see the module comment). */
export const expandedInstructions: ReadonlySet<InstructionKeyword> = new Set<InstructionKeyword>([
  "ADD",
  "ARG",
  "COPY",
  "ENV",
  "EXPOSE",
  "FROM",
  "LABEL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/**
 * Expands one word (`ProcessWord`): the result is one string, whitespace kept.
 * @example expandString("${A:-x}-$B", (name) => (name === "B" ? "2" : undefined)) // ok, "x-2"
 */
export function expandString(
  word: string,
  lookup: EnvLookup,
  options: ExpandOptions = {},
): ExpandResult<string> {
  return run(word, lookup, options, (result) => result.word);
}

/**
 * Expands and splits into words on unquoted whitespace, also whitespace coming from variables
 * (`ProcessWords`, used for EXPOSE and to split word lists).
 */
export function expandWords(
  text: string,
  lookup: EnvLookup,
  options: ExpandOptions = {},
): ExpandResult<string[]> {
  return run(text, lookup, options, (result) => result.words);
}

/** A lookup over `K=v` lists (later entries win, as in an environment). */
export function lookupFromEnv(...lists: readonly (readonly string[])[]): EnvLookup {
  const map = new Map<string, string>();
  for (const list of lists) {
    for (const entry of list) {
      const index = entry.indexOf("=");
      if (index === -1) map.set(entry, "");
      else map.set(entry.slice(0, index), entry.slice(index + 1));
    }
  }
  return (name) => map.get(name);
}

function run<Value>(
  text: string,
  lookup: EnvLookup,
  options: ExpandOptions,
  pick: (result: { word: string; words: string[] }) => Value,
): ExpandResult<Value> {
  const lexer = new Lexer(text, lookup, options);
  try {
    const result = lexer.processStopOn(undefined, options.rawEscapes ?? false);
    return { ok: true, value: pick(result), matched: [...lexer.matched], unmatched: [...lexer.unmatched] };
  } catch (error) {
    if (!(error instanceof LexError)) throw error;
    // lex.go: errors.Wrapf(err, "failed to process %q", source)
    const message = `failed to process ${goQuote(text)}: ${error.message}`;
    const start = options.range?.start ?? { line: 1, column: 1 };
    const diagnostic: Diagnostic = {
      name: "InvalidVariableSubstitution",
      severity: "error",
      message,
      range: options.range ?? { start, end: start },
      ...(options.path === undefined ? {} : { path: options.path }),
    };
    return { ok: false, message, diagnostic };
  }
}

/** Go's `%q` for the printable strings Dockerfiles contain. */
export function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, (_match, hex: string) => `\\x${hex.slice(2)}`);
}

class LexError extends Error {}

const EOF = "";

function isSpace(ch: string): boolean {
  return /^\s$/u.test(ch) || ch === "\u0085";
}

function isLetter(ch: string): boolean {
  return /^\p{L}$/u.test(ch);
}

function isDigit(ch: string): boolean {
  return /^\p{Nd}$/u.test(ch);
}

function isSpecialParam(ch: string): boolean {
  return "@*#?-$!0".includes(ch) && ch !== "";
}

/** Collects characters into words the way lex.go's `wordsStruct` does. */
class Words {
  buffer = "";
  words: string[] = [];
  inWord = false;

  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.buffer.length !== 0) {
        this.words.push(this.buffer);
        this.buffer = "";
        this.inWord = false;
      }
    } else this.addRawChar(ch);
  }

  addRawChar(ch: string): void {
    this.buffer += ch;
    this.inWord = true;
  }

  addString(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  addRawString(text: string): void {
    this.buffer += text;
    this.inWord = true;
  }

  getWords(): string[] {
    if (this.buffer.length > 0) {
      this.words.push(this.buffer);
      this.buffer = "";
      this.inWord = false;
    }
    return this.words;
  }
}

class Lexer {
  readonly #chars: string[];
  #pos = 0;
  readonly #lookup: EnvLookup;
  readonly #escape: string;
  readonly #rawQuotes: boolean;
  readonly #skipUnset: boolean;
  readonly #skipQuotes: boolean;
  #rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(text: string, lookup: EnvLookup, options: ExpandOptions) {
    this.#chars = Array.from(text);
    this.#lookup = lookup;
    this.#escape = options.escapeToken ?? "\\";
    this.#rawQuotes = options.rawQuotes ?? false;
    this.#rawEscapes = options.rawEscapes ?? false;
    this.#skipUnset = options.skipUnsetEnv ?? false;
    this.#skipQuotes = options.skipProcessQuotes ?? false;
  }

  #peek(): string {
    return this.#chars[this.#pos] ?? EOF;
  }

  #next(): string {
    const ch = this.#chars[this.#pos] ?? EOF;
    if (ch !== EOF) this.#pos += 1;
    return ch;
  }

  #getEnv(name: string): string | undefined {
    const value = this.#lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  processStopOn(stopChar: string | undefined, rawEscapes: boolean): { word: string; words: string[] } {
    let result = "";
    const words = new Words();
    const saved = this.#rawEscapes;
    this.#rawEscapes = rawEscapes;
    try {
      while (this.#peek() !== EOF) {
        const ch = this.#peek();
        if (stopChar !== undefined && ch === stopChar) {
          this.#next();
          return { word: result, words: words.getWords() };
        }
        const special = ch === "$" || ch === "<" || (!this.#skipQuotes && (ch === "'" || ch === '"'));
        if (special) {
          let text: string;
          if (ch === "$") text = this.#processDollar();
          else if (ch === "<") text = this.#processPossibleHeredoc();
          else if (ch === "'") text = this.#processSingleQuote();
          else text = this.#processDoubleQuote();
          result += text;
          if (ch === "$") words.addString(text);
          else words.addRawString(text);
          continue;
        }
        let current = this.#next();
        if (current === this.#escape) {
          if (this.#rawEscapes) {
            words.addRawChar(current);
            result += current;
          }
          current = this.#next();
          if (current === EOF) break;
          words.addRawChar(current);
        } else words.addChar(current);
        result += current;
      }
      if (stopChar !== undefined) {
        throw new LexError(`unexpected end of statement while looking for matching ${stopChar}`);
      }
      return { word: result, words: words.getWords() };
    } finally {
      this.#rawEscapes = saved;
    }
  }

  #processSingleQuote(): string {
    let result = "";
    const open = this.#next();
    if (this.#rawQuotes) result += open;
    for (;;) {
      const ch = this.#next();
      if (ch === EOF)
        throw new LexError("unexpected end of statement while looking for matching single-quote");
      if (ch === "'") {
        if (this.#rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  #processDoubleQuote(): string {
    let result = "";
    const open = this.#next();
    if (this.#rawQuotes) result += open;
    for (;;) {
      const peek = this.#peek();
      if (peek === EOF)
        throw new LexError("unexpected end of statement while looking for matching double-quote");
      if (peek === '"') {
        const ch = this.#next();
        if (this.#rawQuotes) result += ch;
        return result;
      }
      if (peek === "$") {
        result += this.#processDollar();
        continue;
      }
      let ch = this.#next();
      if (ch === this.#escape) {
        if (this.#rawEscapes) result += ch;
        const after = this.#peek();
        if (after === EOF) continue; // ignore the escape at the end of the word
        if (after === '"' || after === "$" || after === this.#escape) ch = this.#next();
      }
      result += ch;
    }
  }

  #processDollar(): string {
    this.#next();
    if (this.#peek() !== "{") {
      const name = this.#processName();
      if (name === "") return "$";
      const value = this.#getEnv(name);
      if (value === undefined && this.#skipUnset) return `$${name}`;
      return value ?? "";
    }
    this.#next();
    const first = this.#peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === "{" || first === "}" || first === ":") throw new LexError("syntax error: bad substitution");
    const name = this.#processName();
    let ch = this.#next();
    // Go's string(scanner.EOF) is U+FFFD: `${A` fails with "unsupported modifier (\uFFFD)".
    let modifier = ch === EOF ? "\uFFFD" : ch;
    switch (ch) {
      case "}": {
        const value = this.#getEnv(name);
        if (value === undefined && this.#skipUnset) return `\${${name}}`;
        return value ?? "";
      }
      case ":":
      case "+":
      case "-":
      case "?":
      case "#":
      case "%": {
        const nullIsUnset = ch === ":";
        if (nullIsUnset) {
          ch = this.#next();
          modifier += ch === EOF ? "\uFFFD" : ch;
        }
        const rawEscapes = ch === "#" || ch === "%";
        if (nullIsUnset && rawEscapes)
          throw new LexError(`unsupported modifier (${modifier}) in substitution`);
        let word: string;
        try {
          word = this.processStopOn("}", rawEscapes).word;
        } catch (error) {
          if (error instanceof LexError && this.#peek() === EOF)
            throw new LexError("syntax error: missing '}'");
          throw error;
        }
        const value = this.#getEnv(name);
        if (this.#skipUnset && value === undefined) return `\${${name}${modifier}${word}}`;
        const set = value !== undefined;
        const empty = nullIsUnset && value === "";
        switch (ch) {
          case "-":
            return !set || empty ? word : value;
          case "+":
            return !set || empty ? "" : word;
          case "?":
            if (!set) throw new LexError(`${name}: ${word === "" ? "is not allowed to be unset" : word}`);
            if (empty) throw new LexError(`${name}: ${word === "" ? "is not allowed to be empty" : word}`);
            return value;
          case "#":
          case "%": {
            const greedy = word.startsWith(ch);
            const pattern = greedy ? word.slice(1) : word;
            return ch === "%"
              ? trimSuffix(pattern, value ?? "", greedy)
              : trimPrefix(pattern, value ?? "", greedy);
          }
          default:
            throw new LexError(`unsupported modifier (${modifier}) in substitution`);
        }
      }
      case "/": {
        const replaceAll = this.#peek() === "/";
        if (replaceAll) this.#next();
        let pattern: string;
        let replacement: string;
        try {
          pattern = this.processStopOn("/", true).word;
        } catch (error) {
          if (error instanceof LexError && this.#peek() === EOF)
            throw new LexError("syntax error: missing '/' in ${}");
          throw error;
        }
        try {
          replacement = this.processStopOn("}", true).word;
        } catch (error) {
          if (error instanceof LexError && this.#peek() === EOF)
            throw new LexError("syntax error: missing '}'");
          throw error;
        }
        const value = this.#getEnv(name);
        if (this.#skipUnset && value === undefined) return `\${${name}/${pattern}/${replacement}}`;
        const regex = shellPatternToRegex(pattern, true, false, replaceAll);
        if (replaceAll) return (value ?? "").replace(regex, () => replacement);
        return (value ?? "").replace(regex, () => replacement);
      }
      default:
        throw new LexError(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  #processName(): string {
    let name = "";
    while (this.#peek() !== EOF) {
      const ch = this.#peek();
      if (name.length === 0 && isDigit(ch)) {
        while (this.#peek() !== EOF && isDigit(this.#peek())) name += this.#next();
        return name;
      }
      if (name.length === 0 && isSpecialParam(ch)) return this.#next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== "_") break;
      name += this.#next();
    }
    return name;
  }

  #processPossibleHeredoc(): string {
    this.#next();
    if (this.#peek() !== "<") return "<";
    this.#next();
    let space = "";
    while (this.#peek() === "\t" || this.#peek() === "\r" || this.#peek() === " ") space += this.#next();
    return `<<${space}`;
  }
}

/** lex.go `convertShellPatternToRegex`: `*`, `?`, `\` escapes; no bracket expressions. */
function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? "^" : "";
  // Go's `.` does not match a newline.
  const star = greedy ? "[^\\n]*" : "[^\\n]*?";
  for (let index = 0; index < chars.length; index += 1) {
    const token = chars[index] as string;
    if (token === "*") {
      out += star;
      continue;
    }
    if (token === "?") {
      out += "[^\\n]";
      continue;
    }
    if (token === "\\") {
      const after = chars[index + 1];
      if (after === "}" || after === "/") continue;
      index += 1;
      if (after !== "*" && after !== "?" && after !== "\\") {
        throw new LexError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${after ?? ""}'`);
      }
      out += `\\${after}`;
      continue;
    }
    out += token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(out, global ? "gu" : "u");
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const match = shellPatternToRegex(pattern, greedy, true).exec(value);
  return match === null ? value : value.slice(match[0].length);
}

function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let index = 0; index <= last; ) {
    const token = chars[index] as string;
    const outIndex = last - index;
    if (token === "\\" && index !== last) {
      out[outIndex - 1] = token;
      out[outIndex] = chars[index + 1] as string;
      index += 2;
    } else {
      out[outIndex] = token;
      index += 1;
    }
  }
  return out.join("");
}

function reverseString(text: string): string {
  return Array.from(text).reverse().join("");
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}
