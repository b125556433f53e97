import type { CommandImplementation } from "../context.ts";
import { compilePosix, RegexError } from "./regex.ts";
import {
  childPaths,
  contentText,
  errnoText,
  fullPath,
  parseOptions,
  splitLines,
  textContent,
} from "./support.ts";

/** grep [-EFGvoilLcnqswxhHrR] [-e PATTERN]… [-f FILE] [-A/-B/-C N] [PATTERN] [FILE…]. */
export const grep: CommandImplementation = (argv, io, context) => {
  const { flags, lists, values, operands } = parseOptions(
    argv[0] === "egrep" ? "egrep" : "grep",
    argv.slice(1),
    "EFGvoilLcnqswxhHrRzae:f:m:A:B:C:",
  );
  const extended = flags.has("E") || argv[0] === "egrep";
  const fixed = flags.has("F") || argv[0] === "fgrep";
  const patterns = [...(lists.get("e") ?? [])];
  for (const file of lists.get("f") ?? []) {
    const content = context.fs.readFile(fullPath(context, file));
    if (!content.ok) {
      io.err(`grep: ${file}: ${errnoText(content.error)}\n`);
      return 2;
    }
    patterns.push(...splitLines(content.value.text()));
  }
  if (patterns.length === 0) {
    const first = operands.shift();
    if (first === undefined) {
      io.err("grep: usage: grep [-EFGvoilLcnqswxhHrR] PATTERN [FILE]...\n");
      return 2;
    }
    patterns.push(...first.split("\n"));
  }
  let regexes: RegExp[];
  try {
    regexes = patterns.map((pattern) => {
      let source = fixed ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") : null;
      const base = source === null ? compilePosix(pattern, { extended }).source : source;
      source = flags.has("x")
        ? `^(?:${base})$`
        : flags.has("w")
          ? `(?<![A-Za-z0-9_])(?:${base})(?![A-Za-z0-9_])`
          : base;
      return new RegExp(source, flags.has("i") ? "gi" : "g");
    });
  } catch (error) {
    if (!(error instanceof RegexError)) throw error;
    io.err(`grep: ${error.message}\n`);
    return 2;
  }
  const invert = flags.has("v");
  const maxCount = values.has("m") ? Number(values.get("m")) : Number.POSITIVE_INFINITY;
  const after = Number(values.get("A") ?? values.get("C") ?? 0);
  const before = Number(values.get("B") ?? values.get("C") ?? 0);
  const recursive = flags.has("r") || flags.has("R");
  const files: string[] = [];
  let status = 1;
  let failed = false;
  if (operands.length === 0) files.push(recursive ? "." : "-");
  const collect = (name: string) => {
    const full = fullPath(context, name);
    const stat = name === "-" ? undefined : context.fs.stat(full);
    if (stat && !stat.ok) {
      if (!flags.has("s")) io.err(`grep: ${name}: ${errnoText(stat.error)}\n`);
      failed = true;
      return;
    }
    if (stat?.value.kind === "dir") {
      if (!recursive) {
        if (!flags.has("s")) io.err(`grep: ${name}: Is a directory\n`);
        return;
      }
      for (const child of childPaths(context, full))
        collect(`${name.replace(/\/$/, "")}/${child.slice(child.lastIndexOf("/") + 1)}`);
      return;
    }
    files.push(name);
  };
  for (const operand of operands) collect(operand);
  const showNames = flags.has("H") || (!flags.has("h") && (files.length > 1 || recursive));
  const matchesLine = (line: string) =>
    regexes.some((regex) => {
      regex.lastIndex = 0;
      return regex.test(line);
    });
  let out = "";
  for (const file of files) {
    const content = file === "-" ? textContent(io.stdin) : context.fs.readFile(fullPath(context, file));
    const value = "ok" in content ? (content.ok ? content.value : undefined) : content;
    if (!value) continue;
    const label = file === "-" ? "(standard input)" : file;
    const lines = splitLines(contentText(context, value));
    context.budget.step(1 + (lines.length >> 6));
    let count = 0;
    let lastPrinted = -1;
    let pendingAfter = 0;
    const prefix = (index: number, separator: string) =>
      `${showNames ? `${label}${separator}` : ""}${flags.has("n") ? `${index + 1}${separator}` : ""}`;
    for (let index = 0; index < lines.length && count < maxCount; index += 1) {
      const line = lines[index] as string;
      const selected = matchesLine(line) !== invert;
      if (!selected) {
        if (pendingAfter > 0 && !flags.has("c") && !flags.has("l") && !flags.has("L") && !flags.has("q")) {
          out += `${prefix(index, "-")}${line}\n`;
          lastPrinted = index;
          pendingAfter -= 1;
        }
        continue;
      }
      count += 1;
      status = 0;
      if (flags.has("q")) {
        io.out(out);
        return 0;
      }
      if (flags.has("l") || flags.has("L") || flags.has("c")) continue;
      if (before > 0 || after > 0) {
        const start = Math.max(lastPrinted + 1, index - before);
        if (lastPrinted >= 0 && start > lastPrinted + 1) out += "--\n";
        for (let context = start; context < index; context += 1)
          out += `${prefix(context, "-")}${lines[context]}\n`;
      }
      if (flags.has("o") && !invert) {
        for (const regex of regexes) {
          regex.lastIndex = 0;
          for (const match of line.matchAll(regex))
            if (match[0] !== "") out += `${prefix(index, ":")}${match[0]}\n`;
        }
      } else out += `${prefix(index, ":")}${line}\n`;
      lastPrinted = index;
      pendingAfter = after;
    }
    if (flags.has("c")) out += `${showNames ? `${label}:` : ""}${count}\n`;
    if (flags.has("l") && count > 0) out += `${label}\n`;
    if (flags.has("L") && count === 0) out += `${label}\n`;
    if (out.length > 65536) {
      io.out(out);
      out = "";
    }
  }
  io.out(out);
  if (flags.has("L")) return files.some(() => true) && status === 1 ? 0 : status;
  return failed && !flags.has("q") ? 2 : status;
};
