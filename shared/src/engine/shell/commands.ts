/**
 * Busybox applets in TypeScript over the simulated file system, with busybox's messages and exit
 * codes. Each works on the `MountedFs` of the container or RUN step, so its effects land in the
 * writable layer exactly as the kernel's overlayfs would put them there (copy-up, whiteouts).
 */
import { bytesContent, textContent, zeroContent } from "../fs/content.ts";
import type { FileContent, FsError, Stat } from "../fs/types.ts";
import {
  absolutePath,
  type CommandImplementation,
  type CommandTable,
  environ,
  findExecutable,
  type Io,
  normalize,
  type ShellContext,
  SIGNAL_TEXT,
} from "./interpreter.ts";

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

const echo: CommandImplementation = (argv, io) => {
  let args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes("n")) newline = false;
    if (args[0].includes("e")) escapes = true;
    args = args.slice(1);
  }
  let text = args.join(" ");
  if (escapes) text = text.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\\\/g, "\\");
  io.out(newline ? `${text}\n` : text);
  return 0;
};

const printf: CommandImplementation = (argv, io) => {
  const format = argv[1];
  if (format === undefined) {
    io.err("printf: usage: printf FORMAT [ARGUMENT...]\n");
    return 1;
  }
  const args = argv.slice(2);
  let argIndex = 0;
  let output = "";
  do {
    output += format
      .replace(/%([-0-9]*)([sdx%])/g, (_match, width: string, conversion: string) => {
        if (conversion === "%") return "%";
        const value = args[argIndex++] ?? "";
        const formatted =
          conversion === "d"
            ? String(Number.parseInt(value || "0", 10))
            : conversion === "x"
              ? Number.parseInt(value || "0", 10).toString(16)
              : value;
        const size = Number.parseInt(width || "0", 10);
        return width.startsWith("-") ? formatted.padEnd(-size) : formatted.padStart(size);
      })
      .replace(/\\n/g, "\n")
      .replace(/\\t/g, "\t");
  } while (argIndex < args.length && argIndex > 0);
  io.out(output);
  return 0;
};

function readInput(context: ShellContext, io: Io, name: string, file: string): FileContent | undefined {
  if (file === "-") return textContent(io.stdin);
  if (file === "/dev/null") return textContent("");
  const result = context.fs.readFile(path(context, file));
  if (!result.ok) {
    io.err(`${name}: can't open '${file}': ${errnoText(result.error)}\n`);
    return undefined;
  }
  return result.value;
}

const cat: CommandImplementation = (argv, io, context) => {
  const files = argv.slice(1).filter((arg) => !/^-[a-zA-Z]+$/.test(arg));
  if (files.length === 0) {
    io.out(io.stdin);
    return 0;
  }
  let status = 0;
  for (const file of files) {
    const content = readInput(context, io, "cat", file);
    if (content) io.out(content.text());
    else status = 1;
  }
  return status;
};

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

const mkdir: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseFlags(argv.slice(1), "m");
  const mode = values.has("m") ? Number.parseInt(values.get("m") as string, 8) : 0o755;
  let status = 0;
  for (const operand of operands) {
    const result = context.fs.mkdir(path(context, operand), { parents: flags.has("p"), mode });
    if (!result.ok) {
      io.err(`mkdir: can't create directory '${operand}': ${errnoText(result.error)}\n`);
      status = 1;
    }
  }
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
    const from = normalize(path(context, source));
    const stat = context.fs.lstat(from);
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

function applySymbolicMode(current: number, spec: string): number | undefined {
  let mode = current;
  for (const clause of spec.split(",")) {
    const match = /^([ugoa]*)([+=-])([rwxXst]*)$/.exec(clause);
    if (!match) return undefined;
    const who = match[1] || "a";
    const op = match[2];
    const perms = match[3] ?? "";
    let bits = 0;
    const shifts: number[] = [];
    if (who.includes("u") || who.includes("a")) shifts.push(6);
    if (who.includes("g") || who.includes("a")) shifts.push(3);
    if (who.includes("o") || who.includes("a")) shifts.push(0);
    for (const shift of shifts) {
      if (perms.includes("r")) bits |= 4 << shift;
      if (perms.includes("w")) bits |= 2 << shift;
      if (perms.includes("x") || perms.includes("X")) bits |= 1 << shift;
    }
    if (op === "+") mode |= bits;
    else if (op === "-") mode &= ~bits;
    else {
      let mask = 0;
      for (const shift of shifts) mask |= 7 << shift;
      mode = (mode & ~mask) | bits;
    }
  }
  return mode;
}

const chmod: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(
    argv.slice(1).filter((arg) => !/^-[rwx]/.test(arg) || /^-R$/.test(arg)),
  );
  const [spec, ...files] = operands;
  if (spec === undefined || files.length === 0) {
    io.err("chmod: missing operand\n");
    return 1;
  }
  let status = 0;
  const apply = (full: string, label: string) => {
    const stat = context.fs.stat(full);
    if (!stat.ok) {
      io.err(`chmod: ${label}: ${errnoText(stat.error)}\n`);
      status = 1;
      return;
    }
    const mode = /^[0-7]+$/.test(spec) ? Number.parseInt(spec, 8) : applySymbolicMode(stat.value.mode, spec);
    if (mode === undefined) {
      io.err(`chmod: invalid mode '${spec}'\n`);
      status = 1;
      return;
    }
    context.fs.chmod(full, mode);
    if (flags.has("R") && stat.value.kind === "dir") {
      const listing = context.fs.readdir(full);
      if (listing.ok)
        for (const name of listing.value) apply(`${full === "/" ? "" : full}/${name}`, `${label}/${name}`);
    }
  };
  for (const file of files) apply(normalize(path(context, file)), file);
  return status;
};

function lookupId(context: ShellContext, file: string, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const content = context.fs.readFile(file);
  if (!content.ok) return undefined;
  for (const line of content.value.text().split("\n")) {
    const fields = line.split(":");
    if (fields[0] === name) return Number(fields[2]);
  }
  return undefined;
}

const chown: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const [spec, ...files] = operands;
  if (spec === undefined || files.length === 0) {
    io.err("chown: missing operand\n");
    return 1;
  }
  const [userPart = "", groupPart] = spec.split(/[:.]/);
  const uid = userPart === "" ? undefined : lookupId(context, "/etc/passwd", userPart);
  const gid =
    groupPart === undefined || groupPart === "" ? undefined : lookupId(context, "/etc/group", groupPart);
  if (userPart !== "" && uid === undefined) {
    io.err(`chown: unknown user ${userPart}\n`);
    return 1;
  }
  if (groupPart && gid === undefined) {
    io.err(`chown: unknown group ${groupPart}\n`);
    return 1;
  }
  let status = 0;
  const apply = (full: string, label: string) => {
    const stat = context.fs.stat(full);
    if (!stat.ok) {
      io.err(`chown: ${label}: ${errnoText(stat.error)}\n`);
      status = 1;
      return;
    }
    context.fs.chown(full, uid ?? stat.value.uid, gid ?? stat.value.gid);
    if (flags.has("R") && stat.value.kind === "dir") {
      const listing = context.fs.readdir(full);
      if (listing.ok)
        for (const name of listing.value) apply(`${full === "/" ? "" : full}/${name}`, `${label}/${name}`);
    }
  };
  for (const file of files) apply(normalize(path(context, file)), file);
  return status;
};

const head: CommandImplementation = (argv, io, context) => {
  const { values, operands } = parseFlags(argv.slice(1), "cn");
  const file = operands[0] ?? "-";
  if (values.has("c")) {
    const count = Number.parseInt(values.get("c") as string, 10);
    // `head -c N /dev/zero`: N zero bytes, described rather than allocated.
    if (file === "/dev/zero") {
      return writeBinary(io, zeroContent(count));
    }
    const content = readInput(context, io, "head", file);
    if (!content) return 1;
    return writeBinary(io, bytesContent(content.bytes().slice(0, count)));
  }
  const lines = Number.parseInt(values.get("n") ?? "10", 10);
  const content = readInput(context, io, "head", file);
  if (!content) return 1;
  io.out(
    content.text().split("\n").slice(0, lines).join("\n") +
      (content.text().split("\n").length > lines ? "\n" : ""),
  );
  return 0;
};

/** Binary output: zero-filled and synthetic payloads travel as content, not as text. */
function writeBinary(io: Io, content: FileContent): number {
  if (io.outContent) io.outContent(content);
  else io.out(content.text());
  return 0;
}

const tail: CommandImplementation = (argv, io, context) => {
  const { values, operands } = parseFlags(argv.slice(1), "n");
  const count = Number.parseInt(values.get("n") ?? "10", 10);
  const content = readInput(context, io, "tail", operands[0] ?? "-");
  if (!content) return 1;
  const lines = content.text().replace(/\n$/, "").split("\n");
  io.out(`${lines.slice(-count).join("\n")}\n`);
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

const dd: CommandImplementation = (argv, io, context) => {
  const options = new Map(argv.slice(1).map((arg) => arg.split("=") as [string, string]));
  const blockSize = Number.parseInt(options.get("bs") ?? "512", 10);
  const count = options.has("count") ? Number.parseInt(options.get("count") as string, 10) : undefined;
  const input = options.get("if") ?? "-";
  const output = options.get("of");
  let content: FileContent;
  if (input === "/dev/zero") content = zeroContent(blockSize * (count ?? 0));
  else {
    const source = readInput(context, io, "dd", input);
    if (!source) return 1;
    content = count === undefined ? source : bytesContent(source.bytes().slice(0, blockSize * count));
  }
  if (output === undefined) writeBinary(io, content);
  else {
    const result = context.fs.writeFile(path(context, output), content);
    if (!result.ok) {
      io.err(`dd: can't open '${output}': ${errnoText(result.error)}\n`);
      return 1;
    }
  }
  const blocks = Math.ceil(content.size / blockSize);
  io.err(`${blocks}+0 records in\n${blocks}+0 records out\n`);
  return 0;
};

const test: CommandImplementation = (argv, io, context) => {
  let args = argv.slice(1);
  if (argv[0] === "[") {
    if (args[args.length - 1] !== "]") {
      io.err("[: missing ]\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const evaluate = (tokens: string[]): boolean => {
    if (tokens[0] === "!") return !evaluate(tokens.slice(1));
    if (tokens.length === 0) return false;
    if (tokens.length === 1) return (tokens[0] as string) !== "";
    if (tokens.length === 2) {
      const [op, operand = ""] = tokens as [string, string];
      const stat = () => context.fs.stat(path(context, operand));
      switch (op) {
        case "-z":
          return operand === "";
        case "-n":
          return operand !== "";
        case "-e":
          return stat().ok;
        case "-f": {
          const result = stat();
          return result.ok && result.value.kind === "file";
        }
        case "-d": {
          const result = stat();
          return result.ok && result.value.kind === "dir";
        }
        case "-s": {
          const result = stat();
          return result.ok && result.value.size > 0;
        }
        case "-L":
        case "-h": {
          const result = context.fs.lstat(path(context, operand));
          return result.ok && result.value.kind === "symlink";
        }
        case "-x":
        case "-r":
        case "-w":
          return stat().ok;
      }
    }
    const [left = "", op, right = ""] = tokens;
    switch (op) {
      case "=":
      case "==":
        return left === right;
      case "!=":
        return left !== right;
      case "-eq":
        return Number(left) === Number(right);
      case "-ne":
        return Number(left) !== Number(right);
      case "-lt":
        return Number(left) < Number(right);
      case "-le":
        return Number(left) <= Number(right);
      case "-gt":
        return Number(left) > Number(right);
      case "-ge":
        return Number(left) >= Number(right);
    }
    return false;
  };
  return evaluate(args) ? 0 : 1;
};

const pwd: CommandImplementation = (_argv, io, context) => {
  io.out(`${context.cwd}\n`);
  return 0;
};

const env: CommandImplementation = (argv, io, context) => {
  if (argv.length > 1) {
    io.err("env: running a command through env is not simulated\n");
    return 126;
  }
  for (const [key, value] of environ(context)) io.out(`${key}=${value}\n`);
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

const id: CommandImplementation = (argv, io, context) => {
  const user = nameFor(context, "/etc/passwd", context.identity.uid);
  const group = nameFor(context, "/etc/group", context.identity.gid);
  // busybox prints a name in parentheses only when /etc/passwd or /etc/group has one.
  const named = (id: number, name: string) => (name === String(id) ? `${id}` : `${id}(${name})`);
  if (argv.includes("-u")) {
    io.out(`${argv.includes("-n") ? user : context.identity.uid}\n`);
    return 0;
  }
  const groups = (context.identity.groups ?? [context.identity.gid]).map((gid) =>
    named(gid, nameFor(context, "/etc/group", gid)),
  );
  const groupsText = groups.length === 0 ? "" : ` groups=${groups.join(",")}`;
  io.out(`uid=${named(context.identity.uid, user)} gid=${named(context.identity.gid, group)}${groupsText}\n`);
  return 0;
};

const whoami: CommandImplementation = (_argv, io, context) => {
  io.out(`${nameFor(context, "/etc/passwd", context.identity.uid)}\n`);
  return 0;
};

const grep: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const [pattern, ...files] = operands;
  if (pattern === undefined) {
    io.err("grep: missing pattern\n");
    return 2;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(
      flags.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern,
      flags.has("i") ? "i" : "",
    );
  } catch {
    io.err(`grep: bad regex '${pattern}'\n`);
    return 2;
  }
  let matched = false;
  const scan = (text: string, label: string) => {
    let count = 0;
    const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
    for (const [index, line] of lines.entries()) {
      if (regex.test(line) !== flags.has("v")) {
        matched = true;
        count += 1;
        if (flags.has("q") || flags.has("c")) continue;
        io.out(`${label}${flags.has("n") ? `${index + 1}:` : ""}${line}\n`);
      }
    }
    // -c: one count per input, even 0 (busybox grep).
    if (flags.has("c") && !flags.has("q")) io.out(`${label}${count}\n`);
  };
  if (files.length === 0) scan(io.stdin, "");
  for (const file of files) {
    const content = readInput(context, io, "grep", file);
    if (content) scan(content.text(), files.length > 1 ? `${file}:` : "");
  }
  return matched ? 0 : 1;
};

const sed: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const [script, ...files] = operands;
  const match = script === undefined ? null : /^s(.)(.*?)\1(.*?)\1(g?)$/.exec(script);
  if (!match) {
    io.err(`sed: unsupported command ${script ?? ""} (Layercake simulates s/pattern/replacement/[g])\n`);
    return 1;
  }
  const regex = new RegExp(match[2] as string, match[4] ? "g" : "");
  const replace = (text: string) =>
    text
      .split("\n")
      .map((line) => line.replace(regex, (match[3] as string).replace(/&/g, "$&")))
      .join("\n");
  if (files.length === 0) {
    io.out(replace(io.stdin));
    return 0;
  }
  for (const file of files) {
    const content = readInput(context, io, "sed", file);
    if (!content) return 1;
    if (flags.has("i")) context.fs.writeFile(path(context, file), textContent(replace(content.text())));
    else io.out(replace(content.text()));
  }
  return 0;
};

const tee: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  for (const file of operands) {
    context.fs.writeFile(path(context, file), textContent(io.stdin), { append: flags.has("a") });
  }
  io.out(io.stdin);
  return 0;
};

const sort: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const content =
    operands.length === 0 ? textContent(io.stdin) : readInput(context, io, "sort", operands[0] as string);
  if (!content) return 1;
  let lines = content.text().replace(/\n$/, "").split("\n");
  lines.sort(flags.has("n") ? (a, b) => Number.parseFloat(a) - Number.parseFloat(b) : undefined);
  if (flags.has("r")) lines.reverse();
  if (flags.has("u")) lines = [...new Set(lines)];
  if (lines.length > 0 && !(lines.length === 1 && lines[0] === "")) io.out(`${lines.join("\n")}\n`);
  return 0;
};

const date: CommandImplementation = (_argv, io, context) => {
  const now = new Date(context.now * 1000);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const pad = (value: number) => String(value).padStart(2, "0");
  io.out(
    `${days[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${pad(now.getUTCDate())} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} UTC ${now.getUTCFullYear()}\n`,
  );
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

const sleep: CommandImplementation = () => 0;

/** `stat -c FORMAT file…` with the common directives (%n %s %a %A %u %g %U %G %i %h %F %Y). */
const stat: CommandImplementation = (argv, io, context) => {
  const { values, operands } = parseFlags(argv.slice(1), "c");
  let status = 0;
  for (const operand of operands) {
    const result = context.fs.lstat(path(context, operand));
    if (!result.ok) {
      io.err(`stat: can't stat '${operand}': ${errnoText(result.error)}\n`);
      status = 1;
      continue;
    }
    const value = result.value;
    const kinds = {
      file: value.size === 0 ? "regular empty file" : "regular file",
      dir: "directory",
      symlink: "symbolic link",
    };
    const format = values.get("c") ?? "  File: %n\n  Size: %s\n";
    const text = format.replace(/%([a-zA-Z%])/g, (_match, directive: string) => {
      switch (directive) {
        case "n":
          return operand;
        case "s":
          return String(value.size);
        case "a":
          return value.mode.toString(8);
        case "A":
          return modeString(value);
        case "u":
          return String(value.uid);
        case "g":
          return String(value.gid);
        case "U":
          return nameFor(context, "/etc/passwd", value.uid);
        case "G":
          return nameFor(context, "/etc/group", value.gid);
        case "i":
          return String(value.inode);
        case "h":
          return String(value.nlink);
        case "F":
          return kinds[value.kind];
        case "Y":
          return String(value.mtime);
        case "%":
          return "%";
        default:
          return `%${directive}`;
      }
    });
    io.out(`${text}\n`);
  }
  return status;
};

/** The shell itself as a command: `sh -c '…'` inside a script. */
const sh: CommandImplementation = (argv, io, context) => {
  let index = 1;
  let errexit = false;
  let script: string | undefined;
  for (; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (!/^[-+][a-zA-Z]+$/.test(arg)) break;
    if (arg.startsWith("-") && arg.includes("e")) errexit = true;
    if (arg.startsWith("-") && arg.includes("c")) script = "";
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
    const nested = shellRunner?.(script, context, { errexit, name: file, args: argv.slice(index) });
    return nested === undefined ? 2 : reportNested(nested, io);
  }
  script = argv[index];
  if (script === undefined) {
    io.err("sh: -c requires an argument\n");
    return 2;
  }
  const nested = shellRunner?.(script, context, {
    errexit,
    name: argv[index + 1] ?? "sh",
    args: argv.slice(index + 2),
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
      options: { errexit: boolean; name: string; args: readonly string[] },
    ) => { exitCode: number; stdout: string; stderr: string; signal?: number })
  | undefined;
/** Lets `sh -c` inside a script reach the interpreter without an import cycle. */
export function registerShellRunner(runner: typeof shellRunner): void {
  shellRunner = runner;
}

export const BUSYBOX_COMMANDS: CommandTable = {
  "[": test,
  cat,
  chmod,
  chown,
  cp,
  date,
  dd,
  echo,
  env,
  false: () => 1,
  grep,
  head,
  id,
  ln,
  ls,
  mkdir,
  mv,
  printf,
  pwd,
  rm,
  rmdir,
  sed,
  sh,
  sleep,
  sort,
  stat,
  tail,
  tee,
  test,
  touch,
  true: () => 0,
  uname,
  wc,
  which,
  whoami,
};
