/**
 * The shell's lexer: splits a script into words, operators, redirections (reading here-document
 * bodies) and newlines, keeping a word's quotes, `$( … )`, backquotes and `${ … }` whole, and
 * checks a command substitution's syntax by parsing it (ash stops the line on such an error even
 * when the substitution never runs) — hence its one call back into parse.ts. Apart from the parser
 * so that the grammar reads without the character-level rules.
 */

import { Parser, type Redirection } from "./parse.ts";

export type Token =
  /** `error`: a syntax error inside a command substitution of this word, raised when it is parsed. */
  | { kind: "word"; text: string; line: number; error?: string }
  | { kind: "op"; text: string; line: number }
  | {
      kind: "redirect";
      fd: number;
      op: Redirection["op"];
      line: number;
      heredoc?: { body: string; quoted: boolean };
    }
  | { kind: "newline"; line: number }
  | { kind: "end"; line: number };

export class ShellSyntaxError extends Error {
  /** The line ash reports the error on, when the thrower knows it (the parser's token's line). */
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.line = line;
  }
}

/**
 * A syntax error found while splitting the source into tokens, with the tokens read before it
 * (the complete lines among them run before ash reports the error).
 */
export class TokenizeError extends ShellSyntaxError {
  readonly tokensBefore: Token[];
  constructor(message: string, line: number, tokensBefore: Token[]) {
    super(message, line);
    this.tokensBefore = tokensBefore;
  }
}

const OPERATORS = ["&&", "||", ";;", ";", "|", "&", "(", ")"];

/** Splits a script into tokens; a word's quotes, `$( … )` and `${ … }` are kept whole. */
export function tokenize(source: string, firstLine = 0): Token[] {
  const tokens: Token[] = [];
  try {
    return tokenizeInto(tokens, source, firstLine);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError) || error instanceof TokenizeError) throw error;
    // An unterminated quote or substitution is found at the end of the input: ash reports the
    // line it had reached there. Other errors are on the line of the last token read.
    const atEnd = /unterminated|end of file/.test(error.message);
    let line = firstLine;
    if (atEnd) for (const char of source) if (char === "\n") line += 1;
    if (!atEnd) line = tokens.at(-1)?.line ?? firstLine;
    throw new TokenizeError(error.message, error.line ?? line, tokens);
  }
}

function tokenizeInto(tokens: Token[], source: string, firstLine: number): Token[] {
  const pending: { token: Extract<Token, { kind: "redirect" }>; delimiter: string; strip: boolean }[] = [];
  let index = 0;
  let line = firstLine;
  const countLines = (from: number, to: number) => {
    for (let at = from; at < to; at += 1) if (source[at] === "\n") line += 1;
  };
  while (index < source.length) {
    const char = source[index] as string;
    if (char === " " || char === "\t") {
      index += 1;
      continue;
    }
    if (char === "\\" && source[index + 1] === "\n") {
      index += 2;
      line += 1;
      continue;
    }
    if (char === "\n") {
      tokens.push({ kind: "newline", line });
      index += 1;
      line += 1;
      // Here-document bodies start on the line after their operator (POSIX 2.7.4).
      for (const heredoc of pending.splice(0)) {
        let body = "";
        while (index < source.length) {
          const end = source.indexOf("\n", index);
          const rawLine = source.slice(index, end === -1 ? source.length : end);
          index = end === -1 ? source.length : end + 1;
          line += 1;
          const text = heredoc.strip ? rawLine.replace(/^\t+/, "") : rawLine;
          if (text === heredoc.delimiter) break;
          body += `${text}\n`;
        }
        heredoc.token.heredoc = { body, quoted: heredoc.token.heredoc?.quoted ?? false };
      }
      continue;
    }
    if (char === "#") {
      while (index < source.length && source[index] !== "\n") index += 1;
      continue;
    }
    const redirect = /^(\d?)(<<-|<<|>>|>&|<&|<>|>\||>|<)/.exec(source.slice(index, index + 4));
    if (redirect) {
      const op = (redirect[2] === ">|" ? ">" : redirect[2]) as Redirection["op"];
      const fd = redirect[1] ? Number(redirect[1]) : op.startsWith("<") ? 0 : 1;
      index += redirect[0].length;
      if (op === "<<" || op === "<<-") {
        while (source[index] === " " || source[index] === "\t") index += 1;
        const word = readWord(source, index);
        if (word.text === "") throw new ShellSyntaxError(describeAt(source, index));
        const quoted = /["'\\]/.test(word.text);
        const token: Extract<Token, { kind: "redirect" }> = {
          kind: "redirect",
          fd,
          op,
          line,
          heredoc: { body: "", quoted },
        };
        tokens.push(token, { kind: "word", text: word.text, line });
        pending.push({ token, delimiter: unquoteDelimiter(word.text), strip: op === "<<-" });
        index = word.end;
        continue;
      }
      tokens.push({ kind: "redirect", fd, op, line });
      continue;
    }
    if (source.startsWith("&>", index)) {
      // ash (bash compatibility): `&>file` is `>file 2>&1`.
      index += 2;
      while (source[index] === " " || source[index] === "\t") index += 1;
      const word = readWord(source, index);
      tokens.push({ kind: "redirect", fd: 1, op: ">", line });
      tokens.push({ kind: "word", text: word.text, line });
      tokens.push({ kind: "redirect", fd: 2, op: ">&", line });
      tokens.push({ kind: "word", text: "1", line });
      index = word.end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (operator) {
      tokens.push({ kind: "op", text: operator, line });
      index += operator.length;
      continue;
    }
    const word = readWord(source, index);
    tokens.push({
      kind: "word",
      text: word.text,
      line,
      ...(word.error === undefined ? {} : { error: word.error }),
    });
    countLines(index, word.end);
    index = word.end;
  }
  tokens.push({ kind: "end", line });
  return tokens;
}

function describeAt(source: string, index: number): string {
  const next = source[index];
  if (next === undefined || next === "\n")
    return `unexpected ${next === undefined ? "end of file" : "newline"}`;
  return `unexpected "${next}"`;
}

function unquoteDelimiter(word: string): string {
  let text = "";
  for (let index = 0; index < word.length; index += 1) {
    const char = word[index] as string;
    if (char === "\\") {
      text += word[index + 1] ?? "";
      index += 1;
    } else if (char !== '"' && char !== "'") text += char;
  }
  return text;
}

function readWord(source: string, start: number): { text: string; end: number; error?: string } {
  let index = start;
  let error: string | undefined;
  while (index < source.length) {
    const char = source[index] as string;
    if (" \t\n;&|()<>".includes(char)) break;
    if (char === "\\") {
      index += 2;
      continue;
    }
    if (char === "'") {
      const close = source.indexOf("'", index + 1);
      if (close === -1) throw new ShellSyntaxError("unterminated quoted string");
      index = close + 1;
      continue;
    }
    if (char === '"') {
      index = skipDoubleQuoted(source, index + 1);
      continue;
    }
    if (char === "$" && source[index + 1] === "(") {
      const end = skipBalanced(source, index + 2, "(", ")");
      error ??= substitutionError(source.slice(index + 2, end - 1));
      index = end;
      continue;
    }
    if (char === "$" && source[index + 1] === "{") {
      index = skipBalanced(source, index + 2, "{", "}");
      continue;
    }
    if (char === "`") {
      index = skipBackquoted(source, index + 1);
      continue;
    }
    index += 1;
  }
  return {
    text: source.slice(start, index),
    end: Math.min(index, source.length),
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * ash parses a command substitution with the line around it, so a syntax error inside one that
 * never runs still stops the line. `$(( … ))` is arithmetic, not a command.
 */
function substitutionError(inner: string): string | undefined {
  if (inner.startsWith("(") && inner.endsWith(")")) return undefined;
  try {
    new Parser(tokenize(inner, 0)).parseScript();
    return undefined;
  } catch (error) {
    if (error instanceof ShellSyntaxError) return error.message;
    throw error;
  }
}

function skipBackquoted(source: string, start: number): number {
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === "\\") index += 2;
    else if (char === "`") return index + 1;
    else index += 1;
  }
  throw new ShellSyntaxError("unterminated quoted string");
}

function skipDoubleQuoted(source: string, start: number): number {
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === "\\") index += 2;
    else if (char === '"') return index + 1;
    else if (char === "$" && source[index + 1] === "(") index = skipBalanced(source, index + 2, "(", ")");
    else if (char === "$" && source[index + 1] === "{") index = skipBalanced(source, index + 2, "{", "}");
    else if (char === "`") index = skipBackquoted(source, index + 1);
    else index += 1;
  }
  throw new ShellSyntaxError("unterminated quoted string");
}

/** `case`/`esac` at a word start: inside `$( )` a case pattern's `)` does not close the substitution. */
export function caseKeywordAt(source: string, index: number): 1 | -1 | 0 {
  const before = index === 0 ? " " : (source[index - 1] as string);
  if (!" \t\n;&|(".includes(before)) return 0;
  const word = /^(case|esac)(?=[\s;&|)]|$)/.exec(source.slice(index, index + 5));
  if (!word) return 0;
  return word[1] === "case" ? 1 : -1;
}

function skipBalanced(source: string, start: number, open: string, close: string): number {
  let depth = 1;
  let index = start;
  /** The depths at which open `case`s began: their patterns' `)` close nothing. */
  const cases: number[] = [];
  while (index < source.length) {
    const char = source[index];
    if (open === "(" && (char === "c" || char === "e")) {
      const keyword = caseKeywordAt(source, index);
      if (keyword === 1) cases.push(depth);
      else if (keyword === -1) cases.pop();
    }
    if (char === ")" && open === "(" && cases.at(-1) === depth) {
      index += 1;
      continue;
    }
    if (char === "\\") index += 2;
    else if (char === "'" && open === "(") {
      const end = source.indexOf("'", index + 1);
      if (end === -1) throw new ShellSyntaxError("unterminated quoted string");
      index = end + 1;
    } else if (char === '"') index = skipDoubleQuoted(source, index + 1);
    else if (char === "`") index = skipBackquoted(source, index + 1);
    else if (char === "$" && (source[index + 1] === "(" || source[index + 1] === "{") && open === "{") {
      index = skipBalanced(
        source,
        index + 2,
        source[index + 1] as string,
        source[index + 1] === "(" ? ")" : "}",
      );
    } else {
      if (char === open) depth += 1;
      if (char === close) depth -= 1;
      index += 1;
      if (depth === 0) return index;
    }
  }
  throw new ShellSyntaxError(`unexpected end of file (expecting "${close}")`);
}
