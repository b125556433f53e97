/**
 * The builtins that read: read (IFS field splitting, -r/-p/-n/-d/-t/-s/-u) and getopts (OPTIND,
 * OPTARG and the silent `:` mode).
 */

import { type ShellContext, setVariable } from "../context.ts";
import { type Builtin, fail, NAME } from "./support.ts";

/** `read [-r] [-p prompt] [-n N] [-d delim] [-t s] [-s] [-u fd] name…` from the shared input. */
export const read: Builtin = (args, io, context, name) => {
  let raw = false;
  let count: number | undefined;
  let delimiter = "\n";
  const names: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (names.length === 0 && /^-[rsnpdtu]/.test(arg)) {
      for (let position = 1; position < arg.length; position += 1) {
        const letter = arg[position];
        if (letter === "r") raw = true;
        else if (letter === "s") continue;
        else {
          const value = arg.slice(position + 1) || (args[++index] ?? "");
          if (letter === "p") io.err(value);
          else if (letter === "n") count = Number(value);
          else if (letter === "d") delimiter = value.slice(0, 1) || "\0";
          break;
        }
      }
      continue;
    }
    if (!NAME.test(arg)) throw fail(context, name, `'${arg}': not a valid identifier`);
    names.push(arg);
  }
  if (names.length === 0) names.push("REPLY");
  const input = io.input;
  const text = input ? input.text : io.stdin;
  let offset = input ? input.offset : 0;
  let line = "";
  let ended = false;
  let quotedUpTo = 0;
  while (true) {
    if (count !== undefined && line.length >= count) break;
    if (offset >= text.length) {
      ended = true;
      break;
    }
    const char = text[offset] as string;
    offset += 1;
    if (char === delimiter) break;
    if (!raw && char === "\\") {
      const next = text[offset];
      offset += 1;
      if (next === undefined) break;
      if (next === "\n" && delimiter === "\n") continue;
      line += next;
      quotedUpTo = line.length;
      continue;
    }
    line += char;
  }
  if (input) input.offset = offset;
  context.budget.step(1 + (line.length >> 12));
  assignFields(line, names, context, quotedUpTo);
  return ended ? 1 : 0;
};

/** Splits a line read by `read` on IFS; the last name takes the rest (less trailing IFS whitespace). */
function assignFields(line: string, names: readonly string[], context: ShellContext, quotedUpTo: number) {
  const ifs = context.env.get("IFS") ?? " \t\n";
  const isWhitespace = (char: string) => ifs.includes(char) && " \t\n".includes(char);
  const isSeparator = (char: string, at: number) => at >= quotedUpTo && ifs.includes(char);
  let position = 0;
  while (position < line.length && isWhitespace(line[position] as string) && position >= quotedUpTo)
    position += 1;
  names.forEach((variable, index) => {
    if (index === names.length - 1) {
      let rest = line.slice(position);
      let end = rest.length;
      while (end > 0 && isWhitespace(rest[end - 1] as string) && position + end - 1 >= quotedUpTo) end -= 1;
      rest = rest.slice(0, end);
      setVariable(context, variable, rest);
      return;
    }
    let field = "";
    while (position < line.length && !isSeparator(line[position] as string, position)) {
      field += line[position];
      position += 1;
    }
    setVariable(context, variable, field);
    // Skip the separator: IFS whitespace around one non-whitespace delimiter counts as one.
    while (position < line.length && isWhitespace(line[position] as string)) position += 1;
    if (
      position < line.length &&
      isSeparator(line[position] as string, position) &&
      !isWhitespace(line[position] as string)
    ) {
      position += 1;
      while (position < line.length && isWhitespace(line[position] as string)) position += 1;
    }
  });
}

export const getopts: Builtin = (args, io, context, name) => {
  const [optstring, variable, ...rest] = args;
  if (optstring === undefined || variable === undefined)
    throw fail(context, name, "usage: getopts optstring var [arg]");
  const operands = rest.length > 0 ? rest : context.args;
  let optind = Number.parseInt(context.env.get("OPTIND") ?? "1", 10) || 1;
  const silent = optstring.startsWith(":");
  const finish = () => {
    setVariable(context, variable, "?");
    setVariable(context, "OPTIND", String(optind));
    context.getoptsOffset = 0;
    context.env.delete("OPTARG");
    return 1;
  };
  const current = operands[optind - 1];
  if (context.getoptsOffset === 0) {
    if (current === undefined || current === "-" || !current.startsWith("-")) return finish();
    if (current === "--") {
      optind += 1;
      return finish();
    }
    context.getoptsOffset = 1;
  }
  const arg = current ?? "";
  const letter = arg[context.getoptsOffset] as string;
  context.getoptsOffset += 1;
  const advance = () => {
    if (context.getoptsOffset >= arg.length) {
      optind += 1;
      context.getoptsOffset = 0;
    }
  };
  const spec = optstring.indexOf(letter);
  context.env.delete("OPTARG");
  if (spec === -1 || letter === ":") {
    advance();
    if (silent) {
      setVariable(context, "OPTARG", letter);
    } else io.err(`Illegal option -${letter}\n`);
    setVariable(context, variable, "?");
    setVariable(context, "OPTIND", String(optind));
    return 0;
  }
  if (optstring[spec + 1] === ":") {
    let value: string | undefined;
    if (context.getoptsOffset < arg.length) value = arg.slice(context.getoptsOffset);
    else {
      value = operands[optind];
      optind += 1;
    }
    optind += 1;
    context.getoptsOffset = 0;
    if (value === undefined) {
      optind -= 1;
      if (silent) {
        setVariable(context, "OPTARG", letter);
        setVariable(context, variable, ":");
      } else {
        io.err(`No arg for -${letter} option\n`);
        setVariable(context, variable, "?");
      }
      setVariable(context, "OPTIND", String(optind));
      return 0;
    }
    setVariable(context, "OPTARG", value);
  } else advance();
  setVariable(context, variable, letter);
  setVariable(context, "OPTIND", String(optind));
  return 0;
};
