/**
 * Runs parsed scripts over a `MountedFs`. Nothing reaches the host: commands are TypeScript
 * functions (`commands.ts`) found through PATH in the simulated file system, so a command exists
 * exactly when the image has its executable.
 */
import { concatContent, textContent } from "../fs/content.ts";
import type { FileContent, Identity, MountedFs } from "../fs/types.ts";
import { type Command, type Pipeline, parseShell, type Redirection, type Script } from "./parse.ts";

/** Output and limits: a runaway loop or a huge `yes` stops instead of hanging a page. */
const MAX_OUTPUT = 1_000_000;
const MAX_STEPS = 100_000;

export interface ShellContext {
  readonly fs: MountedFs;
  readonly identity: Identity;
  /** Seconds since the epoch. */
  readonly now: number;
  /** Every shell variable, exported or not, in the order it was first set. */
  env: Map<string, string>;
  /** The names of `env` that commands receive in their environment (imported, or `export`ed). */
  exported: Set<string>;
  /** True inside a shell; false for a program exec'd directly (its environment keeps Docker's order). */
  readonly shell: boolean;
  cwd: string;
  lastStatus: number;
  errexit: boolean;
  steps: number;
  /** The name the shell reports itself by in errors (`sh`). */
  readonly name: string;
  readonly commands: CommandTable;
  /** `$$`: 1 for the container's first process; a nested `sh -c` gets another. */
  readonly pid: number;
}

export interface Io {
  readonly stdin: string;
  out(text: string): void;
  err(text: string): void;
  /** Binary output (`head -c N /dev/zero`): kept as content when it goes to a file. */
  outContent?(content: FileContent): void;
}

/** A command implementation: argv (argv[0] is the name it was called by) → exit status. */
export type CommandImplementation = (argv: readonly string[], io: Io, context: ShellContext) => number;
export type CommandTable = Readonly<Record<string, CommandImplementation>>;

/** Raised to unwind `exit` and `set -e`; never escapes `runScript`. */
class ExitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

class StepLimit {}

/** Raised when the shell kills itself (`kill -9 $$` in a process that is not PID 1). */
class KilledSignal {
  readonly signal: number;
  constructor(signal: number) {
    this.signal = signal;
  }
}

const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  TERM: 15,
};

/** What ash prints when a foreground child dies of a signal. */
export const SIGNAL_TEXT: Readonly<Record<number, string>> = {
  1: "Hangup",
  3: "Quit",
  9: "Killed",
  10: "User defined signal 1",
  12: "User defined signal 2",
  15: "Terminated",
};

function runKill(args: readonly string[], io: Io, context: ShellContext): number {
  let signal = 15;
  const pids: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    const spec = arg === "-s" ? args[++index] : arg.startsWith("-") ? arg.slice(1) : undefined;
    if (spec === undefined) {
      pids.push(arg);
      continue;
    }
    const number = /^\d+$/.test(spec) ? Number(spec) : SIGNALS[spec.toUpperCase().replace(/^SIG/, "")];
    if (number === undefined) {
      io.err(`${context.name}: kill: bad signal name '${spec}'\n`);
      return 1;
    }
    signal = number;
  }
  let status = 0;
  for (const pid of pids) {
    if (Number(pid) !== context.pid) {
      io.err(`${context.name}: kill: can't kill pid ${pid}: No such process\n`);
      status = 1;
    } else if (context.pid !== 1) {
      throw new KilledSignal(signal);
    }
    // PID 1 of a PID namespace ignores signals it has no handler for, even SIGKILL from inside.
  }
  return status;
}

export function absolutePath(context: ShellContext, path: string): string {
  if (path.startsWith("/")) return path;
  return context.cwd === "/" ? `/${path}` : `${context.cwd}/${path}`;
}

// --- word expansion ---------------------------------------------------------------------------------

interface Field {
  text: string;
  /** Per character: may this character be a glob metacharacter / field separator? */
  splittable: boolean[];
}

function lookupVariable(name: string, context: ShellContext): string | undefined {
  if (name === "?") return String(context.lastStatus);
  if (name === "$") return String(context.pid);
  if (name === "#") return "0";
  if (name === "0") return context.name;
  return context.env.get(name);
}

/** Expands `${…}` bodies: `NAME`, `NAME:-w`, `NAME-w`, `NAME:+w`, `NAME+w`, `NAME:=w`, `#NAME`. */
function expandParameter(body: string, context: ShellContext, io: Io): string {
  if (body.startsWith("#") && body.length > 1)
    return String((lookupVariable(body.slice(1), context) ?? "").length);
  const match = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])(:?[-+=?])?(.*)$/s.exec(body);
  if (!match) throw new ExpansionError(`\${${body}}: bad substitution`);
  const [, name = "", operator, word = ""] = match;
  const value = lookupVariable(name, context);
  const unsetOrEmpty = operator?.startsWith(":") ? value === undefined || value === "" : value === undefined;
  switch (operator?.replace(":", "")) {
    case "-":
      return unsetOrEmpty ? expandToString(word, context, io) : (value ?? "");
    case "+":
      return unsetOrEmpty ? "" : expandToString(word, context, io);
    case "=": {
      if (!unsetOrEmpty) return value ?? "";
      const assigned = expandToString(word, context, io);
      context.env.set(name, assigned);
      return assigned;
    }
    case "?":
      if (unsetOrEmpty)
        throw new ExpansionError(
          `${name}: ${word ? expandToString(word, context, io) : "parameter not set"}`,
        );
      return value ?? "";
    default:
      return value ?? "";
  }
}

class ExpansionError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function commandSubstitution(script: string, context: ShellContext): string {
  let output = "";
  const io: Io = { stdin: "", out: (text) => (output += text), err: () => {} };
  const child = { ...context, env: new Map(context.env), exported: new Set(context.exported) };
  const parsed = parseShell(script);
  if (parsed.ok) child.lastStatus = runList(parsed.script, io, child);
  context.lastStatus = child.lastStatus;
  return output.replace(/\n+$/, "");
}

/**
 * Expands one raw word into fields: quotes removed, parameters and command substitutions
 * expanded, unquoted results split on whitespace, then pathname expansion against the fs.
 */
export function expandWord(
  raw: string,
  context: ShellContext,
  io: Io,
  options: { split?: boolean; glob?: boolean } = {},
): string[] {
  const split = options.split ?? true;
  const fields: Field[] = [{ text: "", splittable: [] }];
  let quotedSomething = false;
  const current = () => fields[fields.length - 1] as Field;
  const append = (text: string, fromExpansion: boolean, quoted: boolean) => {
    if (fromExpansion && !quoted && split) {
      const parts = text.split(/[ \t\n]+/);
      parts.forEach((part, index) => {
        if (index > 0) fields.push({ text: "", splittable: [] });
        const field = current();
        field.text += part;
        for (let count = 0; count < part.length; count += 1) field.splittable.push(true);
      });
      return;
    }
    const field = current();
    field.text += text;
    for (let count = 0; count < text.length; count += 1) field.splittable.push(!quoted);
  };
  let index = 0;
  let inDouble = false;
  while (index < raw.length) {
    const char = raw[index] as string;
    if (!inDouble && char === "'") {
      const close = raw.indexOf("'", index + 1);
      append(raw.slice(index + 1, close), false, true);
      quotedSomething = true;
      index = close + 1;
      continue;
    }
    if (char === '"') {
      inDouble = !inDouble;
      quotedSomething = true;
      index += 1;
      continue;
    }
    if (char === "\\") {
      const nextChar = raw[index + 1] ?? "";
      if (inDouble && !'$`"\\\n'.includes(nextChar)) append("\\", false, true);
      else if (nextChar !== "\n") append(nextChar, false, true);
      index += 2;
      continue;
    }
    if (char === "$") {
      const rest = raw.slice(index + 1);
      if (rest.startsWith("(")) {
        const end = findClose(raw, index + 2, "(", ")");
        append(commandSubstitution(raw.slice(index + 2, end), context), true, inDouble);
        index = end + 1;
        continue;
      }
      if (rest.startsWith("{")) {
        const end = findClose(raw, index + 2, "{", "}");
        append(expandParameter(raw.slice(index + 2, end), context, io), true, inDouble);
        index = end + 1;
        continue;
      }
      const name = /^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(rest);
      if (name) {
        append(lookupVariable(name[1] as string, context) ?? "", true, inDouble);
        index += 1 + (name[1] as string).length;
        continue;
      }
      append("$", false, inDouble);
      index += 1;
      continue;
    }
    if (char === "`") {
      const close = raw.indexOf("`", index + 1);
      append(commandSubstitution(raw.slice(index + 1, close), context), true, inDouble);
      index = close + 1;
      continue;
    }
    append(char, false, inDouble);
    index += 1;
  }
  const result: string[] = [];
  for (const field of fields) {
    if (field.text === "" && !quotedSomething && fields.length >= 1) {
      if (fields.length > 1 || !quotedSomething) continue;
    }
    if ((options.glob ?? true) && hasGlob(field)) {
      const matches = globPaths(field.text, context);
      if (matches.length > 0) {
        result.push(...matches);
        continue;
      }
    }
    result.push(field.text);
  }
  if (result.length === 0 && quotedSomething) result.push("");
  return result;
}

function findClose(raw: string, start: number, open: string, close: string): number {
  let depth = 1;
  let index = start;
  while (index < raw.length) {
    const char = raw[index];
    if (char === "\\") index += 2;
    else if (char === "'") index = raw.indexOf("'", index + 1) + 1;
    else {
      if (char === open) depth += 1;
      if (char === close) depth -= 1;
      if (depth === 0) return index;
      index += 1;
    }
  }
  return raw.length;
}

/** One word, no splitting or globbing (assignments, redirection targets, `case`-less contexts). */
export function expandToString(raw: string, context: ShellContext, io: Io): string {
  return expandWord(raw, context, io, { split: false, glob: false }).join(" ");
}

function hasGlob(field: Field): boolean {
  for (let index = 0; index < field.text.length; index += 1) {
    if (field.splittable[index] && "*?[".includes(field.text[index] as string)) return true;
  }
  return false;
}

function globToRegExp(pattern: string): RegExp {
  let source = "^";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const close = pattern.indexOf("]", index + 1);
      if (close === -1) source += "\\[";
      else {
        source += `[${pattern.slice(index + 1, close).replace(/^!/, "^")}]`;
        index = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`${source}$`);
}

/** Pathname expansion: matching names, sorted; hidden files only for patterns starting with `.`. */
function globPaths(pattern: string, context: ShellContext): string[] {
  const absolute = pattern.startsWith("/");
  const parts = pattern.split("/").filter((part) => part !== "");
  let candidates = [absolute ? "/" : ""];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!/[*?[]/.test(part)) {
        next.push(base === "" ? part : base === "/" ? `/${part}` : `${base}/${part}`);
        continue;
      }
      const directory = base === "" ? context.cwd : absolutePath(context, base);
      const listing = context.fs.readdir(directory);
      if (!listing.ok) continue;
      const regex = globToRegExp(part);
      for (const name of listing.value) {
        if (name.startsWith(".") && !part.startsWith(".")) continue;
        if (regex.test(name)) next.push(base === "" ? name : base === "/" ? `/${name}` : `${base}/${name}`);
      }
    }
    candidates = next;
  }
  return candidates.filter((candidate) => context.fs.lstat(absolutePath(context, candidate)).ok).sort();
}

// --- execution ---------------------------------------------------------------------------------------

function step(context: ShellContext): void {
  context.steps += 1;
  if (context.steps > MAX_STEPS) throw new StepLimit();
}

/** Runs a list; returns the last status. */
function runList(script: Script, io: Io, context: ShellContext, checkErrexit = true): number {
  let status = 0;
  for (const andOr of script) {
    status = runPipeline(andOr.first, io, context, andOr.rest.length === 0 && checkErrexit);
    for (const { op, pipeline } of andOr.rest) {
      if ((op === "&&" && status === 0) || (op === "||" && status !== 0)) {
        const last = pipeline === andOr.rest.at(-1)?.pipeline;
        status = runPipeline(pipeline, io, context, last && checkErrexit);
      }
    }
    context.lastStatus = status;
  }
  return status;
}

function runPipeline(pipeline: Pipeline, io: Io, context: ShellContext, errexitApplies: boolean): number {
  let input = io.stdin;
  let status = 0;
  pipeline.commands.forEach((command, index) => {
    const last = index === pipeline.commands.length - 1;
    let captured = "";
    const stageIo: Io = last
      ? { ...io, stdin: input }
      : { stdin: input, out: (text) => (captured += text), err: io.err };
    status = runCommand(command, stageIo, context, errexitApplies && last && !pipeline.negated);
    input = captured;
  });
  if (pipeline.negated) status = status === 0 ? 1 : 0;
  context.lastStatus = status;
  if (errexitApplies && context.errexit && status !== 0 && !pipeline.negated) throw new ExitSignal(status);
  return status;
}

function runCommand(command: Command, io: Io, context: ShellContext, errexitApplies: boolean): number {
  step(context);
  const redirected = applyRedirections(command.redirections, io, context);
  if (typeof redirected === "number") return redirected;
  const { io: commandIo, flush } = redirected;
  let status: number;
  try {
    switch (command.kind) {
      case "simple":
        status = runSimple(command, commandIo, context);
        break;
      case "subshell": {
        const child = { ...context, env: new Map(context.env), exported: new Set(context.exported) };
        try {
          status = runList(command.body, commandIo, child);
        } catch (signal) {
          if (!(signal instanceof ExitSignal)) throw signal;
          status = signal.status;
        }
        break;
      }
      case "group":
        status = runList(command.body, commandIo, context, errexitApplies);
        break;
      case "if": {
        status = 0;
        let matched = false;
        for (const branch of command.branches) {
          if (runList(branch.condition, commandIo, context, false) === 0) {
            status = runList(branch.body, commandIo, context, errexitApplies);
            matched = true;
            break;
          }
        }
        if (!matched && command.otherwise)
          status = runList(command.otherwise, commandIo, context, errexitApplies);
        break;
      }
      case "for": {
        status = 0;
        const items =
          command.items === undefined
            ? []
            : command.items.flatMap((item) => expandWord(item, context, commandIo));
        for (const item of items) {
          step(context);
          context.env.set(command.variable, item);
          status = runList(command.body, commandIo, context, errexitApplies);
        }
        break;
      }
      case "while": {
        status = 0;
        while (true) {
          step(context);
          const condition = runList(command.condition, commandIo, context, false);
          if ((condition === 0) === command.until) break;
          status = runList(command.body, commandIo, context, errexitApplies);
        }
        break;
      }
    }
  } finally {
    flush();
  }
  return status;
}

/** Sets up `>`, `>>`, `<`, `2>&1`…; returns the command's Io and a flush that writes the files. */
function applyRedirections(
  redirections: readonly Redirection[],
  io: Io,
  context: ShellContext,
): { io: Io; flush: () => void } | number {
  if (redirections.length === 0) return { io, flush: () => {} };
  let stdin = io.stdin;
  interface Sink {
    write(text: string): void;
    writeContent?(content: FileContent): void;
  }
  const sinks: Record<number, Sink> = {
    1: { write: io.out, ...(io.outContent ? { writeContent: io.outContent } : {}) },
    2: { write: io.err },
  };
  const files: { path: string; parts: FileContent[] }[] = [];
  for (const redirection of redirections) {
    const target = expandToString(redirection.target, context, io);
    if (redirection.op === ">&" || redirection.op === "<&") {
      const source = sinks[Number(target)];
      if (source) sinks[redirection.fd] = source;
      continue;
    }
    if (redirection.op === "<") {
      if (target === "/dev/null") {
        stdin = "";
        continue;
      }
      const content = context.fs.readFile(absolutePath(context, target));
      if (!content.ok) {
        io.err(`${context.name}: can't open '${target}': No such file or directory\n`);
        return 1;
      }
      stdin = content.value.text();
      continue;
    }
    if (target === "/dev/null") {
      sinks[redirection.fd] = { write: () => {}, writeContent: () => {} };
      continue;
    }
    if (target === "/dev/stdout" || target === "/dev/stderr") {
      sinks[redirection.fd] = target === "/dev/stdout" ? { write: io.out } : { write: io.err };
      continue;
    }
    const path = absolutePath(context, target);
    // The shell opens (creates or truncates) the file before the command runs.
    const opened =
      redirection.op === ">" ? context.fs.writeFile(path, textContent("")) : openForAppend(context, path);
    if (!opened.ok) {
      const reason =
        opened.error.code === "EISDIR"
          ? "Is a directory"
          : opened.error.code === "ENOTDIR"
            ? "Not a directory"
            : opened.error.code === "EACCES"
              ? "Permission denied"
              : "nonexistent directory";
      io.err(`${context.name}: can't create ${target}: ${reason}\n`);
      return 1;
    }
    const file = { path, parts: [] as FileContent[] };
    files.push(file);
    sinks[redirection.fd] = {
      write: (text) => file.parts.push(textContent(text)),
      writeContent: (content) => file.parts.push(content),
    };
  }
  const out = sinks[1] as Sink;
  const err = sinks[2] as Sink;
  return {
    io: {
      stdin,
      out: (text) => out.write(text),
      err: (text) => err.write(text),
      outContent: (content) => (out.writeContent ? out.writeContent(content) : out.write(content.text())),
    },
    flush: () => {
      for (const file of files) {
        if (file.parts.length === 0) continue;
        const content = file.parts.reduce((joined, part) => concatContent(joined, part));
        context.fs.writeFile(file.path, content, { append: true });
      }
    },
  };
}

function openForAppend(context: ShellContext, path: string) {
  const existing = context.fs.stat(path);
  if (existing.ok)
    return existing.value.kind === "dir"
      ? { ok: false as const, error: { code: "EISDIR" as const, syscall: "open", path } }
      : { ok: true as const, value: undefined };
  return context.fs.writeFile(path, textContent(""));
}

/** The builtins ash runs without looking at PATH. */
const BUILTINS = new Set([
  "cd",
  "export",
  "set",
  "exit",
  "unset",
  ":",
  "true",
  "false",
  "echo",
  "printf",
  "test",
  "[",
  "pwd",
  "exec",
  "command",
  "type",
  "kill",
]);

function runSimple(command: Extract<Command, { kind: "simple" }>, io: Io, context: ShellContext): number {
  const argv = command.words.flatMap((word) => expandWord(word, context, io));
  const assignments = command.assignments.map((assignment) => {
    const equals = assignment.indexOf("=");
    return [assignment.slice(0, equals), expandToString(assignment.slice(equals + 1), context, io)] as const;
  });
  if (argv.length === 0) {
    for (const [name, value] of assignments) context.env.set(name, value);
    return context.lastStatus === 0 || command.words.length === 0 ? 0 : context.lastStatus;
  }
  const name = argv[0] as string;
  // `NAME=value command`: the assignments are exported to that command only.
  const scoped =
    assignments.length > 0
      ? {
          ...context,
          env: new Map([...context.env, ...assignments]),
          exported: new Set([...context.exported, ...assignments.map(([assigned]) => assigned)]),
        }
      : context;
  if (BUILTINS.has(name)) return runBuiltin(argv, io, scoped, context);
  return runExternal(argv, io, scoped);
}

function runBuiltin(argv: readonly string[], io: Io, context: ShellContext, outer: ShellContext): number {
  const [name, ...args] = argv as [string, ...string[]];
  switch (name) {
    case ":":
    case "true":
      return 0;
    case "false":
      return 1;
    case "cd": {
      const target = args[0] ?? context.env.get("HOME") ?? "/";
      const path = absolutePath(context, target);
      const stat = context.fs.stat(path);
      if (!stat.ok || stat.value.kind !== "dir") {
        io.err(
          `${context.name}: cd: can't cd to ${target}: ${stat.ok ? "Not a directory" : "No such file or directory"}\n`,
        );
        return 2;
      }
      // ash's setpwd: OLDPWD and PWD, both exported.
      setExported(outer, "OLDPWD", outer.env.get("PWD") ?? outer.cwd);
      outer.cwd = normalize(path);
      setExported(outer, "PWD", outer.cwd);
      return 0;
    }
    case "export":
      for (const arg of args) {
        const equals = arg.indexOf("=");
        if (equals > 0) setExported(outer, arg.slice(0, equals), arg.slice(equals + 1));
        else if (equals === -1) {
          outer.exported.add(arg);
        }
      }
      return 0;
    case "unset":
      for (const arg of args) {
        outer.env.delete(arg);
        outer.exported.delete(arg);
      }
      return 0;
    case "set":
      for (const arg of args) {
        if (/^-[a-z]*e/.test(arg)) outer.errexit = true;
        if (/^\+[a-z]*e/.test(arg)) outer.errexit = false;
      }
      return 0;
    case "exit":
      throw new ExitSignal(args[0] === undefined ? context.lastStatus : Number(args[0]) & 255);
    case "kill":
      return runKill(args, io, context);
    case "exec":
    case "command":
      return args.length === 0 ? 0 : runSimpleArgv(args, io, context);
    case "type": {
      let status = 0;
      for (const arg of args) {
        if (BUILTINS.has(arg)) io.out(`${arg} is a shell builtin\n`);
        else {
          const found = findExecutable(arg, context);
          if (found) io.out(`${arg} is ${found.path}\n`);
          else {
            io.out(`${arg}: not found\n`);
            status = 127;
          }
        }
      }
      return status;
    }
    default: {
      const implementation = context.commands[name];
      return implementation ? implementation(argv, io, context) : 127;
    }
  }
}

function runSimpleArgv(argv: readonly string[], io: Io, context: ShellContext): number {
  const name = argv[0] as string;
  if (BUILTINS.has(name)) return runBuiltin(argv, io, context, context);
  return runExternal(argv, io, context);
}

export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** The executable a command name resolves to, by PATH (or as given when it has a `/`). */
export function findExecutable(
  name: string,
  context: ShellContext,
): { path: string; program: string } | undefined {
  const candidates = name.includes("/")
    ? [absolutePath(context, name)]
    : (context.env.get("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .split(":")
        .filter((directory) => directory !== "")
        .map((directory) => `${directory}/${name}`);
  for (const candidate of candidates) {
    const stat = context.fs.stat(candidate);
    // A file without any execute bit is not a program (execve: EACCES).
    if (stat.ok && stat.value.kind === "file" && (stat.value.mode & 0o111) !== 0) {
      return { path: candidate, program: resolvedBasename(candidate, context) };
    }
  }
  return undefined;
}

/** The basename of the file a path finally resolves to (`/bin/sh` → `busybox` or `dash`). */
function resolvedBasename(path: string, context: ShellContext): string {
  let current = path;
  for (let hop = 0; hop < 40; hop += 1) {
    const link = context.fs.readlink(current);
    if (!link.ok) break;
    current = link.value.startsWith("/")
      ? link.value
      : `${current.slice(0, current.lastIndexOf("/"))}/${link.value}`;
  }
  const parts = current.split("/");
  return parts[parts.length - 1] as string;
}

/** Which implementation runs: busybox dispatches on the name it was called by, others on their file. */
export function programName(argv0: string, program: string): string {
  const called = argv0.split("/").pop() as string;
  if (program === "busybox") return called;
  if (program === "dash" || program === "bash" || program === "ash") return "sh";
  return program;
}

function runExternal(argv: readonly string[], io: Io, context: ShellContext): number {
  const name = argv[0] as string;
  const found = findExecutable(name, context);
  if (!found) {
    if (name.includes("/") && context.fs.stat(absolutePath(context, name)).ok) {
      io.err(`${context.name}: ${name}: Permission denied\n`);
      return 126;
    }
    io.err(`${context.name}: ${name}: not found\n`);
    return 127;
  }
  let effective = argv;
  let program = programName(name, found.program);
  if (program === "busybox") {
    if (argv.length === 1) {
      io.out("BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n");
      return 0;
    }
    effective = argv.slice(1);
    program = effective[0] as string;
  }
  const implementation = context.commands[program];
  if (!implementation) {
    io.err(`${context.name}: ${name}: Layercake's simulated shell has no implementation of ${program}\n`);
    return 126;
  }
  return implementation(effective, io, context);
}

export interface ScriptOutcome {
  readonly exitCode: number;
  /** The signal that killed the shell, when one did. */
  readonly signal?: number;
  readonly stdout: string;
  readonly stderr: string;
}

function setExported(context: ShellContext, name: string, value: string): void {
  context.env.set(name, value);
  context.exported.add(name);
}

/**
 * What busybox ash does when it starts (ash.c `init`): PWD is kept from the environment only when
 * it names the working directory, and is set to it otherwise; SHLVL counts nested shells. Both are
 * exported, so `sh -c env` lists them although `docker run … env` does not.
 */
function startShell(context: ShellContext): void {
  const inherited = context.env.get("PWD");
  if (
    inherited === undefined ||
    !inherited.startsWith("/") ||
    !sameDirectory(context, inherited, context.cwd)
  ) {
    setExported(context, "PWD", context.cwd);
  }
  const level = Number.parseInt(context.env.get("SHLVL") ?? "", 10);
  setExported(context, "SHLVL", String((Number.isNaN(level) ? 0 : level) + 1));
}

/** Whether two absolute paths name one directory (ash compares device and inode; here, resolved paths). */
function sameDirectory(context: ShellContext, left: string, right: string): boolean {
  const resolve = (path: string) => {
    const parts: string[] = [];
    let pending = normalize(path).split("/").filter(Boolean);
    for (let hops = 0; pending.length > 0 && hops < 40; ) {
      const next = pending.shift() as string;
      const candidate = `/${[...parts, next].join("/")}`;
      const stat = context.fs.lstat(candidate);
      if (!stat.ok) return undefined;
      if (stat.value.kind !== "symlink") {
        parts.push(next);
        continue;
      }
      hops += 1;
      const target = context.fs.readlink(candidate);
      if (!target.ok) return undefined;
      const base = target.value.startsWith("/") ? [] : parts;
      pending = [
        ...normalize(`/${[...base, target.value].join("/")}`)
          .split("/")
          .filter(Boolean),
        ...pending,
      ];
      parts.length = 0;
    }
    return `/${parts.join("/")}`;
  };
  const a = resolve(left);
  return a !== undefined && a === resolve(right) && context.fs.stat(a).ok;
}

/** ash's variable table: 39 buckets (VTABSIZE), a variable's bucket from its name (ash.c `hashvar`). */
const ASH_BUCKETS = 39;

function ashBucket(name: string): number {
  let hash = (name.charCodeAt(0) & 0xff) << 4;
  for (let index = 0; index < name.length; index += 1) hash += name.charCodeAt(index) & 0xff;
  return hash % ASH_BUCKETS;
}

/**
 * The environment a command gets: the exported variables. A shell lists them bucket by bucket of its
 * variable table, each bucket in the order its variables were first set (ash.c `listvars`), which is
 * why `sh -c env` prints HOSTNAME, SHLVL, HOME, PATH, …, PWD; an exec'd program keeps Docker's order.
 */
export function environ(context: ShellContext): [string, string][] {
  const entries = [...context.env].filter(([name]) => context.exported.has(name));
  if (!context.shell) return entries;
  return entries
    .map((entry, index) => ({ entry, index, bucket: ashBucket(entry[0]) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Runs `script` as `sh -c script` would. */
export function runScript(
  script: string,
  options: {
    fs: MountedFs;
    env: readonly string[];
    cwd: string;
    identity: Identity;
    now: number;
    commands: CommandTable;
    errexit?: boolean;
    /** The name the shell was started by (`/bin/sh`): ash prefixes its errors with it. */
    name?: string;
    /** `$$` (default 1, the container's first process). */
    pid?: number;
  },
): ScriptOutcome {
  let stdout = "";
  let stderr = "";
  let truncated = false;
  const cap = (text: string, current: string) => {
    if (current.length + text.length <= MAX_OUTPUT) return current + text;
    truncated = true;
    return current + text.slice(0, Math.max(0, MAX_OUTPUT - current.length));
  };
  const io: Io = {
    stdin: "",
    out: (text) => (stdout = cap(text, stdout)),
    err: (text) => (stderr = cap(text, stderr)),
  };
  const env = new Map<string, string>();
  for (const entry of options.env) {
    const equals = entry.indexOf("=");
    if (equals > 0) env.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  const context: ShellContext = {
    fs: options.fs,
    identity: options.identity,
    now: options.now,
    env,
    exported: new Set(env.keys()),
    shell: true,
    cwd: options.cwd,
    lastStatus: 0,
    errexit: options.errexit ?? false,
    steps: 0,
    name: options.name ?? "sh",
    commands: options.commands,
    pid: options.pid ?? 1,
  };
  startShell(context);
  const parsed = parseShell(script);
  if (!parsed.ok) return { exitCode: 2, stdout: "", stderr: `${context.name}: ${parsed.message}\n` };
  let exitCode: number;
  let killedBy: number | undefined;
  try {
    exitCode = runList(parsed.script, io, context);
  } catch (signal) {
    if (signal instanceof ExitSignal) exitCode = signal.status;
    else if (signal instanceof KilledSignal) {
      killedBy = signal.signal;
      exitCode = 128 + signal.signal;
    } else if (signal instanceof ExpansionError) {
      io.err(`${context.name}: ${signal.message}\n`);
      exitCode = 2;
    } else if (signal instanceof StepLimit) {
      io.err("sh: Layercake stopped the script after 100000 steps (an endless loop?)\n");
      exitCode = 124;
    } else throw signal;
  }
  if (truncated) stderr += "\n[output truncated by Layercake at 1 MB]\n";
  return { exitCode, stdout, stderr, ...(killedBy === undefined ? {} : { signal: killedBy }) };
}

/** Reads a file as text for commands (`/dev/null` and `/dev/zero` need not exist in the image). */
export function readText(context: ShellContext, path: string): FileContent | undefined {
  const result = context.fs.readFile(absolutePath(context, path));
  return result.ok ? result.value : undefined;
}
