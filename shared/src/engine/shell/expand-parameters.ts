/**
 * Parameter expansion: variables and the special parameters (`$-` in ash's order, `$@`/`$*` with
 * their field boundaries), and every `${…}` form (defaults, assignments, errors, lengths, prefix and
 * suffix trimming, substrings, replacements). Apart from expand.ts, which scans words and calls here
 * for each `$name` and `${…}`.
 */

import { type Io, type ShellContext, setVariable } from "./context.ts";
import {
  arithmetic,
  ExpansionError,
  joinText,
  type Piece,
  piecesToPattern,
  quoteAll,
  type ScanMode,
  scan,
  splitReplacement,
} from "./expand.ts";
import { replacePattern, trimPattern } from "./pattern.ts";

/** `$-` in ash's order (its option table read backwards, `c` for `sh -c`). */
function optionFlags(context: ShellContext): string {
  let flags = "";
  if (context.options.nounset) flags += "u";
  if (context.options.allexport) flags += "a";
  if (context.options.noclobber) flags += "C";
  if (context.options.xtrace) flags += "x";
  flags += "c";
  if (context.options.noglob) flags += "f";
  if (context.errexit) flags += "e";
  return flags;
}

export function lookupVariable(name: string, context: ShellContext): string | undefined {
  switch (name) {
    case "?":
      return String(context.lastStatus);
    case "$":
      return String(context.pid);
    case "#":
      return String(context.args.length);
    case "0":
      return context.name;
    case "-":
      return optionFlags(context);
    case "!":
      return context.lastBackground === undefined ? "" : String(context.lastBackground);
    case "@":
    case "*":
      return context.args.join(" ");
  }
  if (/^[0-9]+$/.test(name)) return context.args[Number(name) - 1];
  if (name === "LINENO") return String(context.lineno + 1);
  return context.env.get(name);
}

export function valueOrUnset(name: string, context: ShellContext): string {
  const value = lookupVariable(name, context);
  if (value === undefined && context.options.nounset && name !== "@" && name !== "*")
    throw new ExpansionError(`${name}: parameter not set`);
  return value ?? "";
}

/** Expands the body of `${…}`. */
export function expandParameter(body: string, context: ShellContext, io: Io, mode: ScanMode): Piece[] {
  const value = (text: string): Piece[] => [{ text, quoted: mode.quoted, split: !mode.quoted }];
  if (body === "#") return value(String(context.args.length));
  if (body.startsWith("#") && body.length > 1) {
    const name = body.slice(1);
    if (!/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-])$/.test(name))
      throw new ExpansionError(`\${${body}}: bad substitution`);
    if (name === "@" || name === "*") return value(String(context.args.length));
    return value(String(valueOrUnset(name, context).length));
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-])([\s\S]*)$/.exec(body);
  if (!match) throw new ExpansionError(`\${${body}}: bad substitution`);
  const name = match[1] as string;
  const rest = match[2] as string;
  const raw = lookupVariable(name, context);
  const isArgs = name === "@" || name === "*";
  const present = isArgs ? context.args.length > 0 : raw !== undefined;
  const nonEmpty = isArgs ? context.args.some((arg) => arg !== "") : raw !== undefined && raw !== "";
  const word = (text: string) => {
    const pieces = scan(text, context, io, { quoted: mode.quoted, tilde: true });
    if (mode.quoted) return quoteAll(pieces);
    // Unquoted, the word's own literal text is split too (`${v:-a   b}` is two fields).
    return pieces.map((piece) => ("boundary" in piece || piece.quoted ? piece : { ...piece, split: true }));
  };
  if (rest === "") {
    if (isArgs) return positional(name, context, mode);
    return value(valueOrUnset(name, context));
  }
  // busybox 1.35 has no `${v/#p/r}` or `${v/%p/r}`: `#` and `%` are part of the pattern there.
  const op = /^(:?[-=?+]|##?|%%?|\/\/|\/|:)/.exec(rest)?.[0];
  if (op === undefined) throw new ExpansionError(`\${${body}}: bad substitution`);
  const argument = rest.slice(op.length);
  const unset = op.startsWith(":") ? !nonEmpty : !present;
  switch (op) {
    case "-":
    case ":-":
      return unset ? word(argument) : isArgs ? positional(name, context, mode) : value(raw ?? "");
    case "+":
    case ":+":
      return unset ? [] : word(argument);
    case "=":
    case ":=": {
      if (!unset) return value(raw ?? "");
      if (!/^[A-Za-z_]/.test(name)) throw new ExpansionError(`${name}: bad variable name`);
      const assigned = joinText(scan(argument, context, io, { quoted: true, tilde: true }));
      setVariable(context, name, assigned);
      return value(assigned);
    }
    case "?":
    case ":?":
      if (unset) {
        const message = argument
          ? joinText(scan(argument, context, io, { quoted: true }))
          : op === ":?"
            ? "parameter not set or null"
            : "parameter not set";
        throw new ExpansionError(`${name}: ${message}`);
      }
      return isArgs ? positional(name, context, mode) : value(raw ?? "");
  }
  const subject = isArgs ? context.args.join(" ") : valueOrUnset(name, context);
  context.budget.step(1 + (subject.length >> 10));
  if (op === "#" || op === "##" || op === "%" || op === "%%") {
    const pattern = piecesToPattern(scan(argument, context, io, { quoted: false, tilde: true }));
    return value(trimPattern(subject, pattern, op));
  }
  if (op.startsWith("/")) {
    const [patternText, replacementText] = splitReplacement(argument);
    const pattern = piecesToPattern(scan(patternText, context, io, { quoted: false }));
    const replacement =
      replacementText === undefined ? "" : joinText(scan(replacementText, context, io, { quoted: true }));
    return value(replacePattern(subject, pattern, replacement, op === "//" ? "all" : "first"));
  }
  // ${v:offset} and ${v:offset:length}, both arithmetic.
  const colon = splitSubstring(argument);
  const length = subject.length;
  let offset = Number(arithmetic(colon[0], context, io));
  // An offset before the start gives nothing (`${v: -3}` of a one-character value).
  if (offset < 0 && -offset > length) return value("");
  if (offset < 0) offset = length + offset;
  offset = Math.min(offset, length);
  let count = length - offset;
  if (colon[1] !== undefined) {
    count = Number(arithmetic(colon[1], context, io));
    if (count < 0) count = Math.max(0, length + count - offset);
  }
  return value(subject.slice(offset, offset + count));
}

function splitSubstring(argument: string): [string, string | undefined] {
  let depth = 0;
  for (let index = 0; index < argument.length; index += 1) {
    const char = argument[index];
    if (char === "(") depth += 1;
    else if (char === ")") depth -= 1;
    else if (char === ":" && depth === 0) return [argument.slice(0, index), argument.slice(index + 1)];
  }
  return [argument, undefined];
}

/** `$@`, `$*`, `"$@"`, `"$*"`. */
export function positional(name: string, context: ShellContext, mode: ScanMode): Piece[] {
  const args = context.args;
  if (mode.quoted && name === "*") {
    const ifs = context.env.get("IFS");
    const separator = ifs === undefined ? " " : ifs.slice(0, 1);
    return [{ text: args.join(separator), quoted: true, split: false }];
  }
  const pieces: Piece[] = [];
  args.forEach((arg, index) => {
    if (index > 0) pieces.push({ boundary: true });
    pieces.push({ text: arg, quoted: mode.quoted, split: !mode.quoted });
  });
  return pieces;
}
