/**
 * What busybox's applets share: option parsing in the manner of getopt32, reading operands (`-`
 * for standard input, /dev/null, /dev/zero), busybox's size suffixes, error texts, and charging
 * work to the run's step budget.
 */
import { bytesContent, textContent, zeroContent } from "../../fs/content.ts";
import type { FileContent, FsError, Stat } from "../../fs/types.ts";
import { BudgetExceeded } from "../budget.ts";
import { absolutePath, type Io, normalize, type ShellContext } from "../context.ts";

export const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  EEXIST: "File exists",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENOTEMPTY: "Directory not empty",
  EXDEV: "Invalid cross-device link",
  EINVAL: "Invalid argument",
  ELOOP: "Too many levels of symbolic links",
  EBUSY: "Resource busy",
  EPERM: "Operation not permitted",
  EACCES: "Permission denied",
};

export function errnoText(error: FsError): string {
  return ERRNO_TEXT[error.code] ?? error.code;
}

export class UsageError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export interface ParsedOptions {
  readonly flags: Set<string>;
  /** Last value of each option that takes one. */
  readonly values: Map<string, string>;
  /** Every value of each option that takes one, in order (`-e a -e b`). */
  readonly lists: Map<string, string[]>;
  readonly operands: string[];
}

/**
 * getopt32-style parsing: `spec` lists the letters, a letter followed by `:` takes a value.
 * Options may follow operands (busybox permutes) unless `stopAtOperand`; `--` ends options.
 * An unknown letter throws a UsageError with busybox's `invalid option -- 'x'`.
 */
export function parseOptions(
  name: string,
  args: readonly string[],
  spec: string,
  options: { stopAtOperand?: boolean; numericOption?: string } = {},
): ParsedOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (options.stopAtOperand) {
        operands.push(...args.slice(index));
        break;
      }
      operands.push(arg);
      continue;
    }
    // `head -5`, `tail -3`: a number as an option.
    if (options.numericOption && /^-\d+$/.test(arg)) {
      values.set(options.numericOption, arg.slice(1));
      continue;
    }
    for (let position = 1; position < arg.length; position += 1) {
      const letter = arg[position] as string;
      const at = spec.indexOf(letter);
      if (at === -1 || letter === ":") throw new UsageError(`${name}: invalid option -- '${letter}'`);
      if (spec[at + 1] === ":") {
        let value = arg.slice(position + 1);
        if (value === "") {
          const next = args[index + 1];
          if (next === undefined) throw new UsageError(`${name}: option requires an argument -- '${letter}'`);
          value = next;
          index += 1;
        }
        values.set(letter, value);
        lists.set(letter, [...(lists.get(letter) ?? []), value]);
        break;
      }
      flags.add(letter);
    }
  }
  return { flags, values, lists, operands };
}

export const path = (context: ShellContext, target: string) => absolutePath(context, target);
export const fullPath = (context: ShellContext, target: string) => normalize(absolutePath(context, target));

/** Reads an operand: `-` and /dev/stdin are standard input; /dev/null and /dev/zero exist even without /dev. */
export function readOperand(
  context: ShellContext,
  io: Io,
  name: string,
  file: string,
): FileContent | undefined {
  if (file === "-" || file === "/dev/stdin") return textContent(io.stdin);
  if (file === "/dev/null") return textContent("");
  const result = context.fs.readFile(path(context, file));
  if (!result.ok) {
    io.err(`${name}: ${file}: ${errnoText(result.error)}\n`);
    return undefined;
  }
  return result.value;
}

/** A content's text, refused (memory budget) when it is too large to hold as a string. */
export function contentText(context: ShellContext, content: FileContent): string {
  if (content.size > context.budget.limits.storedFileBytes)
    throw new BudgetExceeded(
      "memory",
      `reading ${Math.round(content.size / 1048576)} MiB as text (more than the ${Math.round(context.budget.limits.storedFileBytes / 1048576)} MiB a command may hold)`,
    );
  context.budget.step(1 + (content.size >> 12));
  return content.text();
}

/** The text of each operand in turn (standard input when there is none); status 1 if one failed. */
export function eachInput(
  context: ShellContext,
  io: Io,
  name: string,
  operands: readonly string[],
  visit: (text: string, file: string) => void,
): number {
  let status = 0;
  for (const file of operands.length === 0 ? ["-"] : operands) {
    const content = readOperand(context, io, name, file);
    if (!content) {
      status = 1;
      continue;
    }
    visit(contentText(context, content), file);
  }
  return status;
}

/** Lines of a text without the final newline's empty tail (`"a\nb\n"` → a, b; `"a\nb"` → a, b). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Writes binary output: generated payloads stay content when they go to a file. */
export function writeContent(io: Io, content: FileContent): void {
  if (io.outContent) io.outContent(content);
  else io.out(content.text());
}

type SuffixTable = Readonly<Record<string, number>>;

/** head/tail `-c`/`-n`: b 512, k 1024, m 1 MiB. */
export const HEAD_SUFFIXES: SuffixTable = { b: 512, k: 1024, m: 1024 * 1024 };
/** dd: c w b, kB/KB 1000, K/k 1024, MB, M, GB, G, TB, T. */
export const DD_SUFFIXES: SuffixTable = {
  c: 1,
  w: 2,
  b: 512,
  kB: 1000,
  KB: 1000,
  k: 1024,
  K: 1024,
  MB: 1e6,
  M: 1024 ** 2,
  GB: 1e9,
  G: 1024 ** 3,
  TB: 1e12,
  T: 1024 ** 4,
};
/** truncate, du -B, …: k/K 1024, kB/KB 1000, M, MB, G, GB, T, TB. */
export const KMG_SUFFIXES: SuffixTable = {
  k: 1024,
  K: 1024,
  kB: 1000,
  KB: 1000,
  M: 1024 ** 2,
  MB: 1e6,
  G: 1024 ** 3,
  GB: 1e9,
  T: 1024 ** 4,
  TB: 1e12,
};

/** A number with one of busybox's suffixes; undefined when busybox would say "invalid number". */
export function parseSized(text: string, suffixes: SuffixTable): number | undefined {
  const match = /^(\d+)([A-Za-z]*)$/.exec(text);
  if (!match) return undefined;
  const base = Number(match[1]);
  const suffix = match[2] as string;
  if (suffix === "") return base;
  const factor = suffixes[suffix];
  return factor === undefined ? undefined : base * factor;
}

export function modeString(kind: Stat["kind"], mode: number): string {
  const type = kind === "dir" ? "d" : kind === "symlink" ? "l" : "-";
  const bits = ["r", "w", "x", "r", "w", "x", "r", "w", "x"];
  let text = type;
  for (let index = 0; index < 9; index += 1) text += mode & (1 << (8 - index)) ? bits[index] : "-";
  const chars = [...text];
  const special = (position: number, bit: number, lower: string, upper: string) => {
    if (mode & bit) chars[position] = chars[position] === "x" ? lower : upper;
  };
  special(3, 0o4000, "s", "S");
  special(6, 0o2000, "s", "S");
  special(9, 0o1000, "t", "T");
  return chars.join("");
}

/** A name from /etc/passwd or /etc/group by id, or the id. */
export function nameForId(context: ShellContext, file: string, id: number): string {
  const content = context.fs.readFile(file);
  if (content.ok) {
    for (const line of content.value.text().split("\n")) {
      const fields = line.split(":");
      if (Number(fields[2]) === id && fields[0] && fields[2] !== "") return fields[0];
    }
  }
  return String(id);
}

/** An id from /etc/passwd or /etc/group by name (or a number as given). */
export function idForName(context: ShellContext, file: string, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const content = context.fs.readFile(file);
  if (!content.ok) return undefined;
  for (const line of content.value.text().split("\n")) {
    const fields = line.split(":");
    if (fields[0] === name && fields[2] !== undefined) return Number(fields[2]);
  }
  return undefined;
}

/** The children of a directory, full paths, in listing order. */
export function childPaths(context: ShellContext, directory: string): string[] {
  const listing = context.fs.readdir(directory);
  if (!listing.ok) return [];
  context.budget.step(1 + (listing.value.length >> 6));
  return listing.value.map((name) => (directory === "/" ? `/${name}` : `${directory}/${name}`));
}

export { bytesContent, textContent, zeroContent };

/**
 * Splits `-rf`, `-p`… from operands, leniently: any letter is accepted and operands end the
 * options; `--` ends them too. The file applets (ls, rm, cp, mv, ln, touch, wc) parse this way.
 */
export function parseFlags(
  args: readonly string[],
  valued = "",
): { flags: Set<string>; values: Map<string, string>; operands: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      index += 1;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    for (let position = 1; position < arg.length; position += 1) {
      const letter = arg[position] as string;
      if (valued.includes(letter)) {
        const value = arg.slice(position + 1) || (args[++index] ?? "");
        values.set(letter, value);
        break;
      }
      flags.add(letter);
    }
  }
  operands.push(...args.slice(index));
  return { flags, values, operands };
}
