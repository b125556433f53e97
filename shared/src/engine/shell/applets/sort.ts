import type { CommandImplementation } from "../context.ts";
import { compareBytes } from "../expand-fields.ts";
import { contentText, parseOptions, readOperand, splitLines, textContent } from "./support.ts";

interface Key {
  startField: number;
  startChar: number;
  endField: number;
  endChar: number;
  flags: string;
}

function parseKey(spec: string): Key | undefined {
  const match = /^(\d+)(?:\.(\d+))?([bdfgiMnrhV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMnrhV]*))?$/.exec(spec);
  if (!match) return undefined;
  return {
    startField: Number(match[1]),
    startChar: Number(match[2] ?? 1),
    endField: match[4] === undefined ? 0 : Number(match[4]),
    endChar: Number(match[5] ?? 0),
    flags: (match[3] ?? "") + (match[6] ?? ""),
  };
}

/** Splits a line into fields: on the separator, or at each run of blanks (kept with the next field). */
function fields(line: string, separator: string | undefined): string[] {
  if (separator !== undefined) return line.split(separator);
  return line.match(/[ \t]*[^ \t]+|[ \t]+$/g) ?? [line];
}

function extract(line: string, key: Key, separator: string | undefined): string {
  const parts = fields(line, separator);
  const joiner = separator ?? "";
  const startPart = parts[key.startField - 1];
  if (startPart === undefined) return "";
  let start =
    parts.slice(0, key.startField - 1).join(joiner).length +
    (key.startField > 1 && separator !== undefined ? 1 : 0);
  let startOffset = key.startChar - 1;
  if (key.flags.includes("b") && separator === undefined)
    startOffset += /^[ \t]*/.exec(startPart)?.[0].length ?? 0;
  start += startOffset;
  let end: number;
  if (key.endField === 0) end = line.length;
  else {
    const endParts = parts.slice(0, key.endField);
    end = endParts.join(joiner).length;
    if (key.endChar > 0) {
      const endPart = parts[key.endField - 1] ?? "";
      end =
        end -
        endPart.length +
        key.endChar +
        (separator === undefined ? (/^[ \t]*/.exec(endPart)?.[0].length ?? 0) : 0);
    }
  }
  return line.slice(start, Math.max(start, end));
}

function numericValue(text: string): number {
  const match = /^[ \t]*(-?\d*\.?\d*)/.exec(text);
  const value = Number.parseFloat(match?.[1] ?? "");
  return Number.isNaN(value) ? 0 : value;
}

/** sort [-nrufbsc] [-t SEP] [-k KEY]… [-o FILE] [FILE…], busybox's comparisons (byte order). */
export const sort: CommandImplementation = (argv, io, context) => {
  const { flags, values, lists, operands } = parseOptions("sort", argv.slice(1), "nrufbsct:k:o:gMhVdiz");
  const separator = values.get("t");
  const keys: Key[] = [];
  for (const spec of lists.get("k") ?? []) {
    const key = parseKey(spec);
    if (!key) {
      io.err(`sort: invalid key '${spec}'\n`);
      return 1;
    }
    keys.push(key);
  }
  let lines: string[] = [];
  let status = 0;
  for (const file of operands.length === 0 ? ["-"] : operands) {
    const content = readOperand(context, io, "sort", file);
    if (!content) {
      status = 2;
      continue;
    }
    lines.push(...splitLines(contentText(context, content)));
  }
  if (status !== 0) return status;
  context.budget.step(1 + (lines.length >> 8));
  const compareText = (a: string, b: string, keyFlags: string) => {
    let left = a;
    let right = b;
    if (keyFlags.includes("b")) {
      left = left.replace(/^[ \t]+/, "");
      right = right.replace(/^[ \t]+/, "");
    }
    if (keyFlags.includes("n") || keyFlags.includes("g") || keyFlags.includes("h")) {
      const difference = numericValue(left) - numericValue(right);
      return difference < 0 ? -1 : difference > 0 ? 1 : 0;
    }
    if (keyFlags.includes("f")) {
      left = left.toUpperCase();
      right = right.toUpperCase();
    }
    return compareBytes(left, right);
  };
  const globalFlags = [...flags].join("");
  const compare = (a: string, b: string): number => {
    for (const key of keys) {
      const keyFlags = key.flags === "" ? globalFlags : key.flags;
      let result = compareText(extract(a, key, separator), extract(b, key, separator), keyFlags);
      if (keyFlags.includes("r")) result = -result;
      if (result !== 0) return result;
    }
    if (keys.length === 0) {
      const result = compareText(a, b, globalFlags);
      if (result !== 0) return flags.has("r") ? -result : result;
    }
    // busybox's last resort: the whole line, byte order (unless -s or -u).
    if (flags.has("s") || flags.has("u")) return 0;
    const last = compareBytes(a, b);
    return flags.has("r") ? -last : last;
  };
  if (flags.has("c")) {
    for (let index = 1; index < lines.length; index += 1) {
      if (compare(lines[index - 1] as string, lines[index] as string) > 0) {
        io.err(`sort: -:${index + 1}: disorder: ${lines[index]}\n`);
        return 1;
      }
    }
    return 0;
  }
  lines.sort(compare);
  if (flags.has("u"))
    lines = lines.filter((line, index) => index === 0 || compare(lines[index - 1] as string, line) !== 0);
  const output = lines.map((line) => `${line}\n`).join("");
  const target = values.get("o");
  if (target !== undefined) {
    context.fs.writeFile(target.startsWith("/") ? target : `${context.cwd}/${target}`, textContent(output));
    return 0;
  }
  io.out(output);
  return 0;
};
