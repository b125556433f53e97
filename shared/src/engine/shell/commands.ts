/**
 * Busybox applets in TypeScript over the simulated file system, with busybox's messages and exit
 * codes. Each works on the `MountedFs` of the container or RUN step, so its effects land in the
 * writable layer exactly as the kernel's overlayfs would put them there (copy-up, whiteouts).
 */
import { textContent } from "../fs/content.ts";
import type { FileContent, FsError, Stat } from "../fs/types.ts";
import {
  absolutePath,
  type CommandImplementation,
  type CommandTable,
  type Io,
  normalize,
  type ShellContext,
} from "./context.ts";
import { findExecutable } from "./programs.ts";
import { SIGNAL_TEXT } from "./signals.ts";

const ERRNO_TEXT: Record<string, string> = {
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

function errnoText(error: FsError): string {
  return ERRNO_TEXT[error.code] ?? error.code;
}

/** Splits `-rf`, `-p`… from operands; `--` ends options. Returns the set of single-letter flags. */
function parseFlags(
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

const path = (context: ShellContext, target: string) => absolutePath(context, target);

function modeString(stat: Stat): string {
  const type = stat.kind === "dir" ? "d" : stat.kind === "symlink" ? "l" : "-";
  const bits = ["r", "w", "x", "r", "w", "x", "r", "w", "x"];
  let text = type;
  for (let index = 0; index < 9; index += 1) text += stat.mode & (1 << (8 - index)) ? bits[index] : "-";
  return text;
}

function nameFor(context: ShellContext, file: string, id: number): string {
  const content = context.fs.readFile(file);
  if (content.ok) {
    for (const line of content.value.text().split("\n")) {
      const fields = line.split(":");
      if (Number(fields[2]) === id && fields[0]) return fields[0];
    }
  }
  return String(id);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** busybox ls: the time for files younger than half a year (and at most 15 minutes ahead), else the year. */
function lsDate(seconds: number, now: number): string {
  const date = new Date(seconds * 1000);
  const day = String(date.getUTCDate()).padStart(2, " ");
  const age = now - seconds;
  if (age < (3600 * 24 * 365) / 2 && age > -15 * 60) {
    const time = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
    return `${MONTHS[date.getUTCMonth()]} ${day} ${time}`;
  }
  return `${MONTHS[date.getUTCMonth()]} ${day} ${String(date.getUTCFullYear()).padStart(5)}`;
}

/** Disk usage in KiB as `ls -l`'s total counts it: 4 KiB blocks (ext4/overlay), none for a symlink. */
function kibibytesUsed(stat: Stat): number {
  if (stat.kind === "symlink") return 0;
  if (stat.kind === "dir") return 4;
  return Math.ceil(stat.size / 4096) * 4;
}

const ls: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const long = flags.has("l") || flags.has("n");
  const all = flags.has("a") || flags.has("A");
  const recursive = flags.has("R");
  const directoryItself = flags.has("d");
  const showInode = flags.has("i");
  const onePerLine = flags.has("1") || long || true;
  const targets = operands.length > 0 ? operands : ["."];
  let status = 0;
  const entryLine = (full: string, name: string): string => {
    const stat = context.fs.lstat(full);
    if (!stat.ok) return name;
    const inode = showInode ? `${String(stat.value.inode).padStart(8)} ` : "";
    if (!long) return `${inode}${name}`;
    const link = stat.value.kind === "symlink" ? context.fs.readlink(full) : undefined;
    // -n: numeric ids instead of names.
    const numeric = flags.has("n");
    const owner = (numeric ? String(stat.value.uid) : nameFor(context, "/etc/passwd", stat.value.uid)).padEnd(
      8,
    );
    const group = (numeric ? String(stat.value.gid) : nameFor(context, "/etc/group", stat.value.gid)).padEnd(
      8,
    );
    return `${inode}${modeString(stat.value)} ${String(stat.value.nlink).padStart(4)} ${owner} ${group} ${String(stat.value.size).padStart(9)} ${lsDate(stat.value.mtime, context.now)} ${name}${link?.ok ? ` -> ${link.value}` : ""}`;
  };
  const listDirectory = (full: string, label: string, header: boolean) => {
    const listing = context.fs.readdir(full);
    if (!listing.ok) return;
    if (header) io.out(`${label}:\n`);
    const names = listing.value.filter((name) => all || !name.startsWith("."));
    if (flags.has("a")) names.unshift(".", "..");
    const pathOf = (name: string) =>
      name === "." ? full : name === ".." ? normalize(`${full}/..`) : `${full === "/" ? "" : full}/${name}`;
    if (long) {
      let total = 0;
      for (const name of names) {
        const stat = context.fs.lstat(pathOf(name));
        if (stat.ok) total += kibibytesUsed(stat.value);
      }
      io.out(`total ${total}\n`);
    }
    for (const name of names) io.out(`${entryLine(pathOf(name), name)}\n`);
    if (recursive) {
      for (const name of listing.value.filter((item) => all || !item.startsWith("."))) {
        const child = `${full === "/" ? "" : full}/${name}`;
        const stat = context.fs.lstat(child);
        if (stat.ok && stat.value.kind === "dir") {
          io.out("\n");
          listDirectory(child, `${label === "/" ? "" : label}/${name}`, true);
        }
      }
    }
  };
  const files: string[] = [];
  const directories: string[] = [];
  for (const target of targets) {
    const full = normalize(path(context, target));
    // An operand that is a symlink whose target is missing is still listed (lstat).
    const followed = context.fs.stat(full);
    const stat = followed.ok ? followed : context.fs.lstat(full);
    if (!stat.ok) {
      io.err(`ls: ${target}: ${errnoText(stat.error)}\n`);
      status = 1;
      continue;
    }
    if (stat.value.kind === "dir" && !directoryItself) directories.push(target);
    else files.push(target);
  }
  // busybox sorts the operands like directory entries: files first, then directories, each by name.
  files.sort();
  directories.sort();
  for (const file of files) io.out(`${entryLine(normalize(path(context, file)), file)}\n`);
  directories.forEach((directory, index) => {
    if (index > 0 || files.length > 0) io.out("\n");
    listDirectory(normalize(path(context, directory)), directory, targets.length > 1 || recursive);
  });
  void onePerLine;
  return status;
};

function removeTree(context: ShellContext, full: string): FsError | undefined {
  const stat = context.fs.lstat(full);
  if (!stat.ok) return stat.error;
  if (stat.value.kind !== "dir") {
    const result = context.fs.unlink(full);
    return result.ok ? undefined : result.error;
  }
  const listing = context.fs.readdir(full);
  if (listing.ok) {
    for (const name of listing.value) {
      const error = removeTree(context, `${full === "/" ? "" : full}/${name}`);
      if (error) return error;
    }
  }
  const result = context.fs.rmdir(full);
  return result.ok ? undefined : result.error;
}

const rm: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const recursive = flags.has("r") || flags.has("R");
  const force = flags.has("f");
  let status = 0;
  for (const operand of operands) {
    const full = normalize(path(context, operand));
    const stat = context.fs.lstat(full);
    if (!stat.ok) {
      if (!force) {
        io.err(`rm: can't remove '${operand}': ${errnoText(stat.error)}\n`);
        status = 1;
      }
      continue;
    }
    if (stat.value.kind === "dir" && !recursive) {
      io.err(`rm: '${operand}' is a directory\n`);
      status = 1;
      continue;
    }
    const error = removeTree(context, full);
    if (error) {
      io.err(`rm: can't remove '${operand}': ${errnoText(error)}\n`);
      status = 1;
    }
  }
  return status;
};

const rmdir: CommandImplementation = (argv, io, context) => {
  const { operands } = parseFlags(argv.slice(1));
  let status = 0;
  for (const operand of operands) {
    const result = context.fs.rmdir(path(context, operand));
    if (!result.ok) {
      io.err(`rmdir: '${operand}': ${errnoText(result.error)}\n`);
      status = 1;
    }
  }
  return status;
};

const touch: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  let status = 0;
  for (const operand of operands) {
    const full = path(context, operand);
    const exists = context.fs.stat(full);
    // touch sets the times of an existing file: a metadata change, so overlayfs copies it up (L9).
    const result = exists.ok
      ? context.fs.utimes(full, context.now)
      : flags.has("c")
        ? { ok: true as const, value: undefined }
        : context.fs.writeFile(full, textContent(""));
    if (!result.ok) {
      io.err(`touch: ${operand}: ${errnoText(result.error)}\n`);
      status = 1;
    }
  }
  return status;
};

function copyPath(
  context: ShellContext,
  from: string,
  to: string,
  options: { recursive: boolean; preserve: boolean },
): FsError | undefined {
  const stat = context.fs.lstat(from);
  if (!stat.ok) return stat.error;
  if (stat.value.kind === "dir") {
    if (!options.recursive) return { code: "EISDIR", syscall: "copy", path: from };
    const made = context.fs.mkdir(to, { mode: stat.value.mode });
    if (!made.ok && made.error.code !== "EEXIST") return made.error;
    const listing = context.fs.readdir(from);
    if (listing.ok) {
      for (const name of listing.value) {
        const error = copyPath(context, `${from === "/" ? "" : from}/${name}`, `${to}/${name}`, options);
        if (error) return error;
      }
    }
  } else if (stat.value.kind === "symlink") {
    const target = context.fs.readlink(from);
    if (target.ok) {
      const made = context.fs.symlink(target.value, to);
      if (!made.ok) return made.error;
    }
  } else {
    const content = context.fs.readFile(from);
    if (!content.ok) return content.error;
    const written = context.fs.writeFile(to, content.value, { mode: stat.value.mode });
    if (!written.ok) return written.error;
    if (options.preserve) {
      context.fs.chmod(to, stat.value.mode);
      context.fs.chown(to, stat.value.uid, stat.value.gid);
      context.fs.utimes(to, stat.value.mtime);
    }
  }
  if (options.preserve && stat.value.kind === "dir") {
    context.fs.chmod(to, stat.value.mode);
    context.fs.chown(to, stat.value.uid, stat.value.gid);
    context.fs.utimes(to, stat.value.mtime);
  }
  return undefined;
}

function destinationFor(context: ShellContext, source: string, destination: string, many: boolean): string {
  const full = normalize(path(context, destination));
  const stat = context.fs.stat(full);
  if ((stat.ok && stat.value.kind === "dir") || many)
    return `${full === "/" ? "" : full}/${source.split("/").filter(Boolean).pop()}`;
  return full;
}

const cp: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  if (operands.length < 2) {
    io.err("cp: need at least two arguments\n");
    return 1;
  }
  const destination = operands.pop() as string;
  const options = {
    recursive: flags.has("r") || flags.has("R") || flags.has("a"),
    preserve: flags.has("a") || flags.has("p"),
  };
  let status = 0;
  for (const source of operands) {
    let from = normalize(path(context, source));
    let stat = context.fs.lstat(from);
    // Without -r/-a, cp follows a symlink operand and copies what it points to.
    if (stat.ok && stat.value.kind === "symlink" && !options.recursive) {
      stat = context.fs.stat(from);
      if (stat.ok) {
        const target = context.fs.readlink(from);
        if (target.ok)
          from = normalize(
            target.value.startsWith("/")
              ? target.value
              : `${from.slice(0, from.lastIndexOf("/"))}/${target.value}`,
          );
      }
    }
    if (!stat.ok) {
      io.err(`cp: can't stat '${source}': ${errnoText(stat.error)}\n`);
      status = 1;
      continue;
    }
    if (stat.value.kind === "dir" && !options.recursive) {
      io.err(`cp: omitting directory '${source}'\n`);
      status = 1;
      continue;
    }
    const to = destinationFor(context, source, destination, operands.length > 1);
    const existing = context.fs.stat(to);
    const original = context.fs.stat(from);
    if (
      existing.ok &&
      original.ok &&
      existing.value.inode === original.value.inode &&
      stat.value.kind !== "dir"
    ) {
      io.err(`cp: '${source}' and '${destination}' are the same file\n`);
      status = 1;
      continue;
    }
    const error = copyPath(context, from, to, options);
    if (error) {
      io.err(`cp: can't create '${destination}': ${errnoText(error)}\n`);
      status = 1;
    }
  }
  return status;
};

const mv: CommandImplementation = (argv, io, context) => {
  const { operands } = parseFlags(argv.slice(1));
  if (operands.length < 2) {
    io.err("mv: need at least two arguments\n");
    return 1;
  }
  const destination = operands.pop() as string;
  let status = 0;
  for (const source of operands) {
    const from = normalize(path(context, source));
    const to = destinationFor(context, source, destination, operands.length > 1);
    const renamed = context.fs.rename(from, to);
    if (renamed.ok) continue;
    if (renamed.error.code === "EXDEV") {
      // O5: overlayfs refuses to rename a lower directory; mv copies it, then deletes the original.
      const error =
        copyPath(context, from, to, { recursive: true, preserve: true }) ?? removeTree(context, from);
      if (!error) continue;
      io.err(`mv: can't rename '${source}': ${errnoText(error)}\n`);
    } else io.err(`mv: can't rename '${source}': ${errnoText(renamed.error)}\n`);
    status = 1;
  }
  return status;
};

const ln: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  if (operands.length < 1) {
    io.err("ln: need at least one argument\n");
    return 1;
  }
  const target = operands[0] as string;
  const linkName = operands[1] ?? (target.split("/").pop() as string);
  const full = destinationFor(context, target, linkName, false);
  if (flags.has("f")) context.fs.unlink(full);
  const result = flags.has("s")
    ? context.fs.symlink(target, full)
    : context.fs.link(path(context, target), full);
  if (result.ok && flags.has("v")) io.out(`'${linkName}' -> '${target}'\n`);
  if (!result.ok) {
    io.err(`ln: ${result.error.code === "EEXIST" ? linkName : target}: ${errnoText(result.error)}\n`);
    return 1;
  }
  return 0;
};

/** A line's width as busybox `wc -L` measures it: a tab moves to the next multiple of 8. */
function displayWidth(line: string): number {
  let width = 0;
  for (const character of line) width = character === "\t" ? (width | 7) + 1 : width + 1;
  return width;
}

/**
 * busybox wc: counts in the order lines, words, chars, bytes, longest line. A lone column for at
 * most one file is printed bare; otherwise every count is `%9u`, separated by spaces. Several
 * files end with a `total` line; standard input has no name.
 */
const wc: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const order = ["l", "w", "m", "c", "L"] as const;
  let columns = order.filter((letter) => flags.has(letter));
  if (columns.length === 0) columns = ["l", "w", "c"];
  const bare = operands.length <= 1 && columns.length === 1;
  const totals = new Map<string, number>();
  const report = (counts: Map<string, number>, name: string | undefined) => {
    const cells = columns.map((letter, index) => {
      const value = String(counts.get(letter) ?? 0);
      return index === 0 && bare ? value : value.padStart(9);
    });
    io.out(`${cells.join(" ")}${name === undefined ? "" : ` ${name}`}\n`);
  };
  let status = 0;
  const inputs = operands.length === 0 ? [undefined] : operands;
  for (const operand of inputs) {
    let content: FileContent | undefined;
    if (operand === undefined || operand === "-") content = textContent(io.stdin);
    else {
      const result = context.fs.readFile(path(context, operand));
      if (result.ok) content = result.value;
      else io.err(`wc: ${operand}: ${errnoText(result.error)}\n`);
    }
    if (!content) {
      status = 1;
      continue;
    }
    // Multi-megabyte payloads (dd from /dev/zero) are described, not materialised: no newlines.
    const text = content.size > 4_000_000 ? "" : content.text();
    const lines = text.split("\n");
    const counts = new Map<string, number>([
      ["l", lines.length - 1],
      ["w", text.split(/[\t\n\v\f\r ]+/).filter(Boolean).length],
      ["m", content.size > 4_000_000 ? content.size : [...text].length],
      ["c", content.size],
      ["L", Math.max(0, ...lines.map(displayWidth))],
    ]);
    for (const [letter, value] of counts) {
      totals.set(
        letter,
        letter === "L" ? Math.max(totals.get(letter) ?? 0, value) : (totals.get(letter) ?? 0) + value,
      );
    }
    report(counts, operand);
  }
  if (operands.length > 1) report(totals, "total");
  return status;
};

const pwd: CommandImplementation = (_argv, io, context) => {
  io.out(`${context.cwd}\n`);
  return 0;
};

const which: CommandImplementation = (argv, io, context) => {
  let status = 0;
  for (const name of argv.slice(1)) {
    const found = findExecutable(name, context);
    if (found) io.out(`${found.path}\n`);
    else status = 1;
  }
  return status;
};

const whoami: CommandImplementation = (_argv, io, context) => {
  io.out(`${nameFor(context, "/etc/passwd", context.identity.uid)}\n`);
  return 0;
};

const uname: CommandImplementation = (argv, io) => {
  io.out(
    argv.includes("-a")
      ? "Linux layercake 6.1.0 #1 SMP x86_64 GNU/Linux\n"
      : argv.includes("-m")
        ? "x86_64\n"
        : "Linux\n",
  );
  return 0;
};

/**
 * The shell itself as a command: `sh -c '…'` (or `ash`, `/bin/sh`) inside a script. As in ash, $0
 * and the prefix of its error messages are the name it was called by (`ash: x: not found`).
 */
const sh: CommandImplementation = (argv, io, context) => {
  let index = 1;
  let errexit = false;
  let script: string | undefined;
  let fromStdin = false;
  for (; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (!/^[-+][a-zA-Z]+$/.test(arg)) break;
    if (arg.startsWith("-") && arg.includes("e")) errexit = true;
    if (arg.startsWith("-") && arg.includes("c")) script = "";
    if (arg.startsWith("-") && arg.includes("s")) fromStdin = true;
  }
  if (script === undefined && (fromStdin || argv[index] === undefined)) {
    // `sh`, `sh -s ARGS`: ash reads the script from standard input (`RUN <<EOT sh`, `… | sh`).
    const nested = shellRunner?.(io.stdin, context, {
      errexit,
      name: argv[0] as string,
      args: argv.slice(index),
      commandName: undefined,
      firstLine: 1,
    });
    return nested === undefined ? 2 : reportNested(nested, io);
  }
  if (script === undefined) {
    // `sh FILE args`: the file is the script.
    const file = argv[index];
    if (file === undefined) return 0;
    const content = context.fs.readFile(path(context, file));
    if (!content.ok) {
      io.err(`sh: can't open '${file}': No such file or directory\n`);
      return 2;
    }
    script = content.value.text();
    index += 1;
    const nested = shellRunner?.(script, context, {
      errexit,
      name: file,
      args: argv.slice(index),
      commandName: file,
      firstLine: 1,
    });
    return nested === undefined ? 2 : reportNested(nested, io);
  }
  script = argv[index];
  if (script === undefined) {
    io.err("sh: -c requires an argument\n");
    return 2;
  }
  const nested = shellRunner?.(script, context, {
    errexit,
    name: argv[index + 1] ?? (argv[0] as string),
    args: argv.slice(index + 2),
    commandName: argv[index + 1],
    firstLine: 0,
  });
  return nested === undefined ? 2 : reportNested(nested, io);
};

function reportNested(
  nested: { exitCode: number; stdout: string; stderr: string; signal?: number },
  io: Io,
): number {
  io.out(nested.stdout);
  io.err(nested.stderr);
  // ash reports a foreground child that died of a signal (not SIGINT) on its own stderr.
  if (nested.signal !== undefined && nested.signal !== 2)
    io.err(`${SIGNAL_TEXT[nested.signal] ?? `Signal ${nested.signal}`}\n`);
  return nested.exitCode;
}

let shellRunner:
  | ((
      script: string,
      context: ShellContext,
      options: {
        errexit: boolean;
        name: string;
        args: readonly string[];
        commandName: string | undefined;
        firstLine: number;
      },
    ) => { exitCode: number; stdout: string; stderr: string; signal?: number })
  | undefined;
/** Lets `sh -c` inside a script reach the interpreter without an import cycle. */
export function registerShellRunner(runner: typeof shellRunner): void {
  shellRunner = runner;
}

export const BUSYBOX_COMMANDS: CommandTable = {
  cp,
  false: () => 1,
  ln,
  ls,
  mv,
  pwd,
  rm,
  rmdir,
  sh,
  // busybox links ash to the same shell as sh (Alpine's and busybox's images have /bin/ash).
  ash: sh,
  touch,
  true: () => 0,
  uname,
  wc,
  which,
  whoami,
};
