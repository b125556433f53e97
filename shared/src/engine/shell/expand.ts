/**
 * Word expansion as ash does it (POSIX 2.6): tilde, parameters (every `${…}` form), command
 * substitution (`$( )` and backquotes, nested), arithmetic, then field splitting on IFS, pathname
 * expansion in byte order, and quote removal. Words are expanded into pieces that remember whether
 * they were quoted and whether field splitting applies to them.
 */
import { evaluateArithmetic } from "./arith.ts";
import { InputStream, type Io, makeIo, type ShellContext, setVariable, subshellContext } from "./context.ts";
import { globPaths, splitFields } from "./expand-fields.ts";
import { expandParameter, lookupVariable, positional, valueOrUnset } from "./expand-parameters.ts";
import { runSubshell } from "./interpreter.ts";
import { caseKeywordAt } from "./lex.ts";
import { parseShell } from "./parse.ts";
import { hasPatternChars, unescapePattern } from "./pattern.ts";

export class ExpansionError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export type Piece =
  | { readonly text: string; readonly quoted: boolean; readonly split: boolean }
  /** A field boundary that no IFS produced: between the words of "$@". */
  | { readonly boundary: true };

export interface ScanMode {
  /** Inside double quotes (or a here-document): nothing splits or globs. */
  readonly quoted: boolean;
  /** A here-document body: `"` is an ordinary character. */
  readonly heredoc?: boolean;
  readonly tilde?: boolean;
  /** Assignment values: `~` after `:` too. */
  readonly assignment?: boolean;
}

/** Finds the `close` matching an `open` already passed; skips quotes and nested expansions. */
function findClose(raw: string, start: number, open: string, close: string): number {
  let depth = 1;
  let index = start;
  /** The depths at which open `case`s began: their patterns' `)` close nothing. */
  const cases: number[] = [];
  while (index < raw.length) {
    const char = raw[index] as string;
    if (open === "(" && (char === "c" || char === "e")) {
      const keyword = caseKeywordAt(raw, index);
      if (keyword === 1) cases.push(depth);
      else if (keyword === -1) cases.pop();
    }
    if (char === ")" && open === "(" && cases.at(-1) === depth) {
      index += 1;
      continue;
    }
    if (char === "\\") index += 2;
    else if (char === "'" && open === "(") {
      const end = raw.indexOf("'", index + 1);
      index = end === -1 ? raw.length : end + 1;
    } else if (char === '"') {
      index += 1;
      while (index < raw.length && raw[index] !== '"') {
        if (raw[index] === "\\") index += 1;
        else if (raw[index] === "$" && (raw[index + 1] === "(" || raw[index + 1] === "{")) {
          const nested = raw[index + 1] as string;
          index = findClose(raw, index + 2, nested, nested === "(" ? ")" : "}");
        }
        index += 1;
      }
      index += 1;
    } else if (char === "`") {
      index += 1;
      while (index < raw.length && raw[index] !== "`") index += raw[index] === "\\" ? 2 : 1;
      index += 1;
    } else if (char === "$" && (raw[index + 1] === "(" || raw[index + 1] === "{")) {
      const nested = raw[index + 1] as string;
      index = findClose(raw, index + 2, nested, nested === "(" ? ")" : "}") + 1;
    } else {
      if (char === open) depth += 1;
      else if (char === close) depth -= 1;
      if (depth === 0) return index;
      index += 1;
    }
  }
  return raw.length;
}

/** Runs a command substitution: a subshell whose standard output, less trailing newlines, is the value. */
function commandSubstitution(script: string, context: ShellContext, io: Io): string {
  const output: string[] = [];
  let size = 0;
  const child = subshellContext(context);
  // ash runs command substitutions without errexit (`set -e; x=$(false; echo on)` gives "on").
  child.errexit = false;
  const parsed = parseShell(script);
  if (!parsed.ok) throw new ExpansionError(parsed.message);
  const capture = (text: string) => {
    size += text.length;
    context.budget.checkVariable("$(…)", size);
    output.push(text);
  };
  const status = runSubshell(parsed.script, makeIo(new InputStream(""), capture, io.err), child);
  context.substitutionStatus = status;
  // ash drops NUL bytes from a substitution's output, and its trailing newlines.
  return output.join("").replace(/\0/g, "").replace(/\n+$/, "");
}

export function arithmetic(expression: string, context: ShellContext, io: Io): string {
  const expanded = joinText(scan(expression, context, io, { quoted: true, heredoc: true }));
  // Arithmetic is the costliest expansion per character: four steps, so a second of it fits the budget.
  context.budget.step(4);
  const value = evaluateArithmetic(expanded, {
    get: (name) => {
      const value = lookupVariable(name, context);
      if (value === undefined && context.options.nounset)
        throw new ExpansionError(`${name}: parameter not set`);
      return value;
    },
    set: (name, value) => setVariable(context, name, value),
  });
  return String(value);
}

export function joinText(pieces: readonly Piece[]): string {
  let text = "";
  for (const piece of pieces) if (!("boundary" in piece)) text += piece.text;
  return text;
}

/** Splits `a/b` at the first `/` that is not quoted or inside a nested expansion. */
export function splitReplacement(word: string): [string, string | undefined] {
  for (let index = 0; index < word.length; index += 1) {
    const char = word[index];
    if (char === "\\") index += 1;
    else if (char === "'") index = word.indexOf("'", index + 1);
    else if (char === "$" && (word[index + 1] === "{" || word[index + 1] === "(")) {
      const nested = word[index + 1] as string;
      index = findClose(word, index + 2, nested, nested === "(" ? ")" : "}");
    } else if (char === "/") return [word.slice(0, index), word.slice(index + 1)];
    if (index < 0) break;
  }
  return [word, undefined];
}

/** A pattern from pieces: quoted characters are escaped so they match themselves. */
export function piecesToPattern(pieces: readonly Piece[]): string {
  let pattern = "";
  for (const piece of pieces) {
    if ("boundary" in piece) continue;
    pattern += piece.quoted ? piece.text.replace(/[\\*?[\]]/g, "\\$&") : piece.text;
  }
  return pattern;
}

export function quoteAll(pieces: Piece[]): Piece[] {
  return pieces.map((piece) =>
    "boundary" in piece ? piece : { text: piece.text, quoted: true, split: false },
  );
}

function tildeExpansion(prefix: string, context: ShellContext): string | undefined {
  if (prefix === "") return context.env.get("HOME") ?? "/";
  const passwd = context.fs.readFile("/etc/passwd");
  if (!passwd.ok) return undefined;
  for (const line of passwd.value.text().split("\n")) {
    const fields = line.split(":");
    if (fields[0] === prefix && fields[5] !== undefined) return fields[5];
  }
  return undefined;
}

/** Scans a raw word into pieces. */
export function scan(raw: string, context: ShellContext, io: Io, mode: ScanMode): Piece[] {
  const pieces: Piece[] = [];
  let inDouble = mode.quoted;
  let literal = "";
  let literalQuoted = inDouble;
  const flush = () => {
    if (literal !== "") pieces.push({ text: literal, quoted: literalQuoted, split: false });
    literal = "";
  };
  const addLiteral = (text: string, quoted: boolean) => {
    if (literal !== "" && literalQuoted !== quoted) flush();
    literalQuoted = quoted;
    literal += text;
  };
  const add = (added: Piece[]) => {
    flush();
    pieces.push(...added);
  };
  let doubleStart = -1;
  let doubleHadArgs = false;
  let index = 0;
  if (mode.tilde && raw.startsWith("~")) {
    const end = raw.search(/[/:]|$/);
    const prefix = raw.slice(1, end);
    if (/^[A-Za-z0-9._-]*$/.test(prefix)) {
      const home = tildeExpansion(prefix, context);
      if (home !== undefined) {
        pieces.push({ text: home, quoted: true, split: false });
        index = end;
      }
    }
  }
  while (index < raw.length) {
    const char = raw[index] as string;
    if (char === "'" && !inDouble) {
      const close = raw.indexOf("'", index + 1);
      const end = close === -1 ? raw.length : close;
      flush();
      pieces.push({ text: raw.slice(index + 1, end), quoted: true, split: false });
      index = end + 1;
      continue;
    }
    if (char === '"' && !mode.heredoc) {
      if (!inDouble) {
        flush();
        inDouble = true;
        doubleStart = pieces.length;
        doubleHadArgs = false;
      } else {
        flush();
        inDouble = mode.quoted;
        // "" is an empty field; "$@" with no arguments is none.
        if (pieces.length === doubleStart && !doubleHadArgs)
          pieces.push({ text: "", quoted: true, split: false });
      }
      index += 1;
      continue;
    }
    if (char === "\\") {
      const next = raw[index + 1];
      if (next === undefined) {
        addLiteral("\\", true);
        index += 1;
        continue;
      }
      if (inDouble) {
        const escapable = mode.heredoc ? "$`\\\n" : '$`"\\\n';
        if (next === "\n") index += 2;
        else if (escapable.includes(next)) {
          addLiteral(next, true);
          index += 2;
        } else {
          addLiteral("\\", true);
          index += 1;
        }
        continue;
      }
      if (next !== "\n") addLiteral(next, true);
      index += 2;
      continue;
    }
    if (char === "$") {
      const next = raw[index + 1];
      if (next === "(") {
        const end = findClose(raw, index + 2, "(", ")");
        const inner = raw.slice(index + 2, end);
        if (
          inner.startsWith("(") &&
          inner.endsWith(")") &&
          findClose(inner, 1, "(", ")") === inner.length - 1
        ) {
          add([{ text: arithmetic(inner.slice(1, -1), context, io), quoted: inDouble, split: !inDouble }]);
        } else {
          add([{ text: commandSubstitution(inner, context, io), quoted: inDouble, split: !inDouble }]);
        }
        index = end + 1;
        continue;
      }
      if (next === "{") {
        const end = findClose(raw, index + 2, "{", "}");
        if (end >= raw.length) throw new ExpansionError("syntax error: missing '}'");
        const body = raw.slice(index + 2, end);
        if (/^[@*]$/.test(body) || /^[@*][-=?+:]/.test(body)) doubleHadArgs = true;
        add(expandParameter(body, context, io, { ...mode, quoted: inDouble }));
        index = end + 1;
        continue;
      }
      const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*#?$!0-])/.exec(raw.slice(index + 1, index + 200));
      if (name) {
        const variable = name[1] as string;
        if (variable === "@" || variable === "*") {
          doubleHadArgs = true;
          add(positional(variable, context, { ...mode, quoted: inDouble }));
        } else add([{ text: valueOrUnset(variable, context), quoted: inDouble, split: !inDouble }]);
        index += 1 + variable.length;
        continue;
      }
      addLiteral("$", inDouble);
      index += 1;
      continue;
    }
    if (char === "`") {
      let end = index + 1;
      let inner = "";
      while (end < raw.length && raw[end] !== "`") {
        if (raw[end] === "\\" && "$`\\".includes(raw[end + 1] ?? "")) {
          inner += raw[end + 1];
          end += 2;
        } else if (raw[end] === "\\" && inDouble && raw[end + 1] === '"') {
          inner += '"';
          end += 2;
        } else {
          inner += raw[end];
          end += 1;
        }
      }
      add([{ text: commandSubstitution(inner, context, io), quoted: inDouble, split: !inDouble }]);
      index = end + 1;
      continue;
    }
    if (mode.assignment && char === ":" && !inDouble && raw[index + 1] === "~") {
      addLiteral(":", false);
      const end = raw.slice(index + 1).search(/[/:]|$/) + index + 1;
      const home = tildeExpansion(raw.slice(index + 2, end), context);
      if (home !== undefined) {
        flush();
        pieces.push({ text: home, quoted: true, split: false });
        index = end;
        continue;
      }
      index += 1;
      continue;
    }
    addLiteral(char, inDouble);
    index += 1;
  }
  flush();
  return pieces;
}

/** Expands words into argv: split, globbed, quotes removed. */
export function expandWords(raws: readonly string[], context: ShellContext, io: Io): string[] {
  const result: string[] = [];
  for (const raw of raws) {
    // Most words are plain: nothing to expand.
    if (!/[\s$`'"\\*?[~]/.test(raw)) {
      result.push(raw);
      continue;
    }
    const fields = splitFields(scan(raw, context, io, { quoted: false, tilde: true }), context);
    for (const field of fields) {
      const text = field.segments.map((segment) => segment.text).join("");
      if (
        !context.options.noglob &&
        field.segments.some((segment) => !segment.quoted && /[*?[]/.test(segment.text))
      ) {
        const pattern = field.segments
          .map((segment) => (segment.quoted ? segment.text.replace(/[\\*?[\]]/g, "\\$&") : segment.text))
          .join("");
        if (hasPatternChars(pattern)) {
          const matches = globPaths(pattern, context);
          if (matches.length > 0) {
            result.push(...matches);
            continue;
          }
          result.push(unescapePattern(pattern));
          continue;
        }
      }
      result.push(text);
    }
  }
  return result;
}

/** One word, no splitting or globbing (redirection targets, `case` subjects). */
export function expandToString(
  raw: string,
  context: ShellContext,
  io: Io,
  options: { tilde?: boolean } = {},
): string {
  return joinPieces(scan(raw, context, io, { quoted: false, tilde: options.tilde ?? false }));
}

function joinPieces(pieces: readonly Piece[]): string {
  let text = "";
  for (const piece of pieces) text += "boundary" in piece ? " " : piece.text;
  return text;
}

/** An assignment's value: tilde after `=` and `:`, no splitting or globbing. */
export function expandAssignment(raw: string, context: ShellContext, io: Io): string {
  return joinPieces(scan(raw, context, io, { quoted: false, tilde: true, assignment: true }));
}

/** A `case` pattern: quoted characters match themselves. */
export function expandPattern(raw: string, context: ShellContext, io: Io): string {
  return piecesToPattern(scan(raw, context, io, { quoted: false, tilde: true }));
}

/** An unquoted here-document's body: parameters, substitutions and arithmetic; `\` before `$`, `` ` ``, `\`. */
export function expandHeredoc(body: string, context: ShellContext, io: Io): string {
  return joinText(scan(body, context, io, { quoted: true, heredoc: true }));
}
