/**
 * Runs parsed scripts over a `MountedFs`, as busybox ash 1.35 would. Nothing reaches the host:
 * commands are TypeScript functions (`commands.ts`, `applets/`) found through PATH in the simulated
 * file system, so a command exists exactly when the image has its executable. Every run is bounded
 * by the budgets of `budget.ts`.
 */
import { textContent } from "../fs/content.ts";
import type { FileContent, Identity, MountedFs } from "../fs/types.ts";
import { joinContents, repeatContent } from "./applets/content.ts";
import { ArithmeticError } from "./arith.ts";
import { BudgetExceeded, RunBudget } from "./budget.ts";
import { BUILTIN_NAMES, runBuiltin, SPECIAL_BUILTINS } from "./builtins.ts";
import {
  ExpansionError,
  expandAssignment,
  expandHeredoc,
  expandPattern,
  expandToString,
  expandWords,
} from "./expand.ts";
import { type Command, type Pipeline, parseShell, type Redirection, type Script } from "./parse.ts";
import { matchPattern } from "./pattern.ts";

export { expandWords as expandWord } from "./expand.ts";

export interface ShellOptionFlags {
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
  noclobber: boolean;
  allexport: boolean;
}

export interface ShellContext {
  readonly fs: MountedFs;
  readonly identity: Identity;
  /** Seconds since the epoch when the run started (`sleep` adds to `budget.sleptSeconds`). */
  readonly now: number;
  /** Every shell variable, exported or not, in the order it was first set. */
  env: Map<string, string>;
  /** The names of `env` that commands receive in their environment (imported, or `export`ed). */
  exported: Set<string>;
  readonly: Set<string>;
  /** True inside a shell; false for a program exec'd directly (its environment keeps Docker's order). */
  readonly shell: boolean;
  cwd: string;
  lastStatus: number;
  errexit: boolean;
  options: ShellOptionFlags;
  /** `$1`, `$2`, … */
  args: string[];
  functions: Map<string, Command>;
  /** One frame per running function: the values `local` saved, restored on return. */
  locals: Map<string, { value: string | undefined; exported: boolean }>[];
  traps: Map<string, string>;
  /** Nesting of loops, for `break` and `continue`. */
  loopDepth: number;
  /** Nesting of sourced files, where `return` ends the file. */
  sourceDepth: number;
  /** The line of the command running, as ash prints it in builtin errors. */
  lineno: number;
  /**
   * ash's `commandname`: set when the shell runs a file (`sh FILE`), was given its $0 after `-c`
   * (`sh -c SCRIPT NAME`) or sources a file (`. FILE`, for its duration); then its own errors name
   * it and the line (`sh: ./lib.sh: line 2: x: not found`), the name only when it is not $0.
   */
  commandName: string | undefined;
  /** Set by `exec` with only redirections: the rest of the list writes through it. */
  redirectedIo?: Io;
  /** Descriptors 3 and up opened by `exec 3>file`. */
  openFds: Map<number, Sink>;
  /** Where getopts is inside a cluster of letters (`-abc`). */
  getoptsOffset: number;
  /** The status of the last command substitution in the command being expanded. */
  substitutionStatus?: number | undefined;
  /** `$!`. */
  lastBackground?: number;
  /** The name the shell reports itself by in errors (`sh`). */
  readonly name: string;
  readonly commands: CommandTable;
  /** `$$`: 1 for the container's first process; a nested `sh -c` gets another. */
  readonly pid: number;
  readonly budget: RunBudget;
}

/** Standard input as one cursor shared by the commands that read it (`while read …; done < f`). */
export class InputStream {
  readonly text: string;
  /** An endless writer (`yes`): after `text`, this pattern repeats forever. */
  readonly pattern: string | undefined;
  offset = 0;
  #restOffset = -1;
  #rest = "";
  constructor(text: string, pattern?: string) {
    this.pattern = pattern;
    // An endless stream is read as far as a pipe holds; `head -c N` asks `patternContent` instead.
    this.text = pattern
      ? text + pattern.repeat(Math.ceil((PIPE_TEXT_BYTES - text.length) / pattern.length))
      : text;
  }
  rest(): string {
    if (this.#restOffset !== this.offset) {
      this.#rest = this.offset === 0 ? this.text : this.text.slice(this.offset);
      this.#restOffset = this.offset;
    }
    return this.#rest;
  }
  /** The first `size` bytes of an endless stream, generated rather than stored. */
  patternContent(size: number): FileContent {
    return repeatContent(new TextEncoder().encode(this.pattern ?? ""), size);
  }
}

/** How much of an endless stream a reader of text sees (a pipe's worth and then some). */
const PIPE_TEXT_BYTES = 1 << 20;

export interface Io {
  /** What is left of standard input (read lazily). */
  readonly stdin: string;
  /** The cursor behind `stdin`: `read` advances it. */
  readonly input?: InputStream;
  out(text: string): void;
  err(text: string): void;
  /** Binary output (`head -c N /dev/zero`): kept as content when it goes to a file. */
  outContent?(content: FileContent): void;
  /** An endless writer's output (`yes`) into a pipe: never returns (the writer dies of SIGPIPE). */
  outPattern?(pattern: string): never;
}

/** Builds an Io whose `stdin` is the unread rest of `input`. */
export function makeIo(
  input: InputStream,
  out: (text: string) => void,
  err: (text: string) => void,
  outContent?: (content: FileContent) => void,
  outPattern?: (pattern: string) => never,
): Io {
  return {
    get stdin() {
      return input.rest();
    },
    input,
    out,
    err,
    ...(outContent ? { outContent } : {}),
    ...(outPattern ? { outPattern } : {}),
  };
}

/** A command implementation: argv (argv[0] is the name it was called by) → exit status. */
export type CommandImplementation = (argv: readonly string[], io: Io, context: ShellContext) => number;
export type CommandTable = Readonly<Record<string, CommandImplementation>>;

/** Raised to unwind `exit` and `set -e`; never escapes `runScript`. */
export class ExitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export class LoopSignal {
  readonly kind: "break" | "continue";
  levels: number;
  constructor(kind: "break" | "continue", levels: number) {
    this.kind = kind;
    this.levels = levels;
  }
}

/** A pipe whose reader is gone: the writer dies of SIGPIPE (141). */
class BrokenPipe {}

/** Raised when the shell kills itself (`kill -9 $$` in a process that is not PID 1). */
export class KilledSignal {
  readonly signal: number;
  constructor(signal: number) {
    this.signal = signal;
  }
}

/** A builtin's error that ends a non-interactive shell (POSIX 2.8.1: special builtins), status 2. */
/** An error ash reports and ends the shell with; the message is what follows `$0: `. */
export class ShellError {
  readonly message: string;
  readonly status: number;
  constructor(message: string, status = 2) {
    this.message = message;
    this.status = status;
  }
}

export const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
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

export function absolutePath(context: ShellContext, path: string): string {
  if (path.startsWith("/")) return path;
  return context.cwd === "/" ? `/${path}` : `${context.cwd}/${path}`;
}

/** Sets a shell variable, checking the variable budget and `readonly`. */
export function setVariable(context: ShellContext, name: string, value: string): void {
  if (context.readonly.has(name)) {
    throw new ShellError(`${lineLabel(context)}${name}: is read only`);
  }
  context.budget.checkVariable(name, value.length);
  context.env.set(name, value);
  if (context.options.allexport) context.exported.add(name);
}

export function setExported(context: ShellContext, name: string, value: string): void {
  setVariable(context, name, value);
  context.exported.add(name);
}

/** A copy of the context for a subshell: its own variables, functions, options and directory. */
export function subshellContext(context: ShellContext): ShellContext {
  const child: ShellContext = {
    ...context,
    env: new Map(context.env),
    exported: new Set(context.exported),
    readonly: new Set(context.readonly),
    options: { ...context.options },
    args: [...context.args],
    functions: new Map(context.functions),
    locals: [],
    traps: new Map(),
    loopDepth: 0,
  };
  delete child.redirectedIo;
  return child;
}

// --- execution ---------------------------------------------------------------------------------------

/** Runs a list; returns the last status. */
export function runList(script: Script, io: Io, context: ShellContext, checkErrexit = true): number {
  let status = context.lastStatus;
  for (const andOr of script) {
    const listIo = context.redirectedIo ?? io;
    if (andOr.background) {
      // A background job runs to completion here, in a subshell; `$!` names it.
      const child = subshellContext(context);
      context.budget.nextPid += 1;
      try {
        runAndOr(andOr, makeIo(new InputStream(""), listIo.out, listIo.err), child, false);
      } catch (signal) {
        if (!(signal instanceof ExitSignal)) throw signal;
      }
      context.lastBackground = context.budget.nextPid;
      status = 0;
      context.lastStatus = 0;
      continue;
    }
    status = runAndOr(andOr, listIo, context, checkErrexit);
    context.lastStatus = status;
  }
  return status;
}

function runAndOr(andOr: Script[number], io: Io, context: ShellContext, checkErrexit: boolean): number {
  let status = runPipeline(andOr.first, io, context, andOr.rest.length === 0 && checkErrexit);
  andOr.rest.forEach(({ op, pipeline }, index) => {
    if ((op === "&&" && status === 0) || (op === "||" && status !== 0)) {
      const last = index === andOr.rest.length - 1;
      status = runPipeline(pipeline, io, context, last && checkErrexit);
    }
  });
  return status;
}

function runPipeline(pipeline: Pipeline, io: Io, context: ShellContext, errexitApplies: boolean): number {
  let status = 0;
  if (pipeline.commands.length === 1) {
    status = runCommand(pipeline.commands[0] as Command, io, context, errexitApplies && !pipeline.negated);
  } else {
    let input = io.input ?? new InputStream(io.stdin);
    let failed = 0;
    pipeline.commands.forEach((command, index) => {
      const last = index === pipeline.commands.length - 1;
      const captured: string[] = [];
      let endless: string | undefined;
      let size = 0;
      const limit = context.budget.limits.pipeBytes;
      const write = (text: string) => {
        if (size + text.length > limit) {
          captured.push(text.slice(0, limit - size));
          context.budget.hold(limit - size);
          size = limit;
          throw new BrokenPipe();
        }
        size += text.length;
        context.budget.hold(text.length);
        captured.push(text);
      };
      // Every stage runs in a subshell (ash forks each one, the last too): its variables do not
      // leak, and an `exit` or an expansion error ends only that stage.
      const stage = subshellContext(context);
      const stageIo = last
        ? makeIo(input, io.out, io.err)
        : makeIo(input, write, io.err, undefined, (pattern: string) => {
            endless = pattern;
            throw new BrokenPipe();
          });
      try {
        // Inside a stage, `set -e` still ends that stage's subshell (unless the pipeline is tested).
        status = runCommand(command, stageIo, stage, errexitApplies && !pipeline.negated);
      } catch (signal) {
        if (signal instanceof BrokenPipe) status = 141;
        else {
          const stopped = statusOfSignal(signal, stageIo, stage);
          if (stopped === undefined) throw signal;
          status = stopped;
        }
      }
      context.budget.release(input.text.length);
      if (!last) {
        if (status !== 0) failed = status;
        input = new InputStream(captured.join(""), endless);
      }
    });
    if (context.options.pipefail && status === 0) status = failed;
  }
  if (pipeline.negated) status = status === 0 ? 1 : 0;
  context.lastStatus = status;
  // ash checks errexit after simple commands, subshells and pipelines only: a loop or `if` whose
  // status comes from a failure errexit ignored (`false && x`) does not end the shell.
  const first = pipeline.commands[0] as Command;
  const checked = pipeline.commands.length > 1 || first.kind === "simple" || first.kind === "subshell";
  if (checked && errexitApplies && context.errexit && status !== 0 && !pipeline.negated)
    throw new ExitSignal(status);
  return status;
}

function runBody(script: Script, io: Io, context: ShellContext, errexitApplies: boolean): number {
  return runList(script, io, context, errexitApplies);
}

/** Runs a loop body; returns "break" or "continue" when a loop signal ends this iteration. */
function runLoopBody(script: Script, io: Io, context: ShellContext, errexitApplies: boolean) {
  try {
    return { status: runBody(script, io, context, errexitApplies), signal: undefined };
  } catch (signal) {
    if (!(signal instanceof LoopSignal)) throw signal;
    if (signal.levels > 1) {
      signal.levels -= 1;
      throw signal;
    }
    return { status: 0, signal: signal.kind };
  }
}

export function runCommand(command: Command, io: Io, context: ShellContext, errexitApplies: boolean): number {
  context.budget.step();
  if (command.kind === "simple") return runSimple(command, io, context, errexitApplies);
  if (command.kind === "function") {
    context.functions.set(command.name, command.body);
    return 0;
  }
  const redirected = applyRedirections(command.redirections, io, context);
  if (typeof redirected === "number") return redirected;
  const { io: commandIo, flush } = redirected;
  let status = 0;
  try {
    switch (command.kind) {
      case "subshell": {
        const child = subshellContext(context);
        // A tested subshell (`( … ) && x`) runs its body with errexit ignored, as ash passes EV_TESTED.
        status = runSubshell(command.body, commandIo, child, errexitApplies);
        break;
      }
      case "group":
        status = runBody(command.body, commandIo, context, errexitApplies);
        break;
      case "if": {
        let matched = false;
        for (const branch of command.branches) {
          if (runList(branch.condition, commandIo, context, false) === 0) {
            status = runBody(branch.body, commandIo, context, errexitApplies);
            matched = true;
            break;
          }
        }
        if (!matched)
          status = command.otherwise ? runBody(command.otherwise, commandIo, context, errexitApplies) : 0;
        break;
      }
      case "for": {
        const items =
          command.items === undefined ? [...context.args] : expandWords(command.items, context, commandIo);
        context.loopDepth += 1;
        try {
          for (const item of items) {
            context.budget.step();
            setVariable(context, command.variable, item);
            const result = runLoopBody(command.body, commandIo, context, errexitApplies);
            status = result.status;
            if (result.signal === "break") break;
          }
        } finally {
          context.loopDepth -= 1;
        }
        break;
      }
      case "while": {
        context.loopDepth += 1;
        try {
          while (true) {
            context.budget.step();
            let condition: number;
            try {
              condition = runList(command.condition, commandIo, context, false);
            } catch (signal) {
              if (!(signal instanceof LoopSignal)) throw signal;
              if (signal.levels > 1) {
                signal.levels -= 1;
                throw signal;
              }
              if (signal.kind === "break") break;
              continue;
            }
            if ((condition === 0) === command.until) break;
            const result = runLoopBody(command.body, commandIo, context, errexitApplies);
            status = result.status;
            if (result.signal === "break") break;
          }
        } finally {
          context.loopDepth -= 1;
        }
        break;
      }
      case "case": {
        const subject = expandToString(command.subject, context, commandIo, { tilde: true });
        status = 0;
        outer: for (const arm of command.arms) {
          for (const pattern of arm.patterns) {
            if (matchesCasePattern(pattern, subject, context, commandIo)) {
              status = runBody(arm.body, commandIo, context, errexitApplies);
              break outer;
            }
          }
        }
        break;
      }
    }
  } catch (signal) {
    // An expansion error inside a redirected compound command is reported where its stderr goes
    // (`for …; done 2>&1 | head`), then ends the shell as ash does.
    if (
      command.redirections.length > 0 &&
      (signal instanceof ExpansionError || signal instanceof ArithmeticError || signal instanceof ShellError)
    ) {
      commandIo.err(`${context.name}: ${signal.message}\n`);
      throw new ExitSignal(signal instanceof ShellError ? signal.status : 2);
    }
    throw signal;
  } finally {
    flush();
  }
  return status;
}

function matchesCasePattern(pattern: string, subject: string, context: ShellContext, io: Io): boolean {
  return expandPatternAndMatch(pattern, subject, context, io);
}

function expandPatternAndMatch(raw: string, subject: string, context: ShellContext, io: Io): boolean {
  return matchPattern(expandPattern(raw, context, io), subject);
}

/** Runs a subshell's list in `child`; `exit` ends only the subshell, and its EXIT trap runs. */
export function runSubshell(script: Script, io: Io, child: ShellContext, checkErrexit = true): number {
  return child.budget.nested("subshells", () => runSubshellBody(script, io, child, checkErrexit));
}

function runSubshellBody(script: Script, io: Io, child: ShellContext, checkErrexit: boolean): number {
  let status: number;
  try {
    status = runList(script, io, child, checkErrexit);
  } catch (signal) {
    if (signal instanceof ExitSignal) status = signal.status;
    else if (signal instanceof ShellError) {
      io.err(`${child.name}: ${signal.message}\n`);
      status = signal.status;
    } else if (signal instanceof ExpansionError || signal instanceof ArithmeticError) {
      io.err(`${child.name}: ${signal.message}\n`);
      status = 2;
    } else if (signal instanceof ReturnSignal) status = signal.status;
    else if (signal instanceof LoopSignal) status = 0;
    else throw signal;
  }
  child.lastStatus = status;
  return runExitTrap(io, child, status);
}

/** Runs the EXIT trap, if any; returns the status the shell exits with. */
export function runExitTrap(io: Io, context: ShellContext, status: number): number {
  const action = context.traps.get("EXIT");
  if (action === undefined || action === "") return status;
  context.traps.delete("EXIT");
  const parsed = parseShell(action);
  if (!parsed.ok) return status;
  context.lastStatus = status;
  try {
    runList(parsed.script, io, context);
  } catch (signal) {
    if (signal instanceof ExitSignal) return signal.status;
    throw signal;
  }
  return status;
}

/** Sets up `>`, `>>`, `<`, `2>&1`, here-documents…; returns the command's Io and a flush. */
function applyRedirections(
  redirections: readonly Redirection[],
  io: Io,
  context: ShellContext,
): { io: Io; flush: () => void; sinks: Map<number, Sink | undefined> } | number {
  if (redirections.length === 0) return { io, flush: () => {}, sinks: new Map() };
  let input = io.input ?? new InputStream(io.stdin);
  // Descriptors 3 and up that `exec 3>file` left open are there for `>&3`.
  const sinks = new Map<number, Sink | undefined>([
    ...context.openFds,
    [1, { write: io.out, ...(io.outContent ? { writeContent: io.outContent } : {}) }],
    [2, { write: io.err }],
  ]);
  const files: { path: string; parts: FileContent[] }[] = [];
  const flush = () => {
    for (const file of files) {
      if (file.parts.length === 0) continue;
      // Appends join lazily: a large generated file is never materialised to add a line to it.
      const existing = context.fs.readFile(file.path);
      const content = joinContents(existing.ok ? [existing.value, ...file.parts] : file.parts);
      context.budget.checkFile(file.path, content.size, false);
      context.budget.step(1 + (Math.min(content.size, 1 << 30) >> 14));
      context.fs.writeFile(file.path, content);
      // Later writes (a descriptor `exec` keeps open) append to what is written now.
      file.parts.length = 0;
    }
  };
  for (const redirection of redirections) {
    if (redirection.heredoc) {
      const body = redirection.heredoc.quoted
        ? redirection.heredoc.body
        : expandHeredoc(redirection.heredoc.body, context, io);
      if (redirection.fd === 0) input = new InputStream(body);
      continue;
    }
    const target = expandToString(redirection.target, context, io, { tilde: true });
    if (redirection.op === ">&" || redirection.op === "<&") {
      if (target === "-") {
        // `N>&-` closes the descriptor.
        if (redirection.fd !== 0) sinks.set(redirection.fd, undefined);
        continue;
      }
      if (!/^\d+$/.test(target)) {
        if (redirection.op === ">&") {
          // `>&file` is `>file 2>&1` in ash (bash compatibility).
          const opened = openFile(context, io, target, ">", files);
          if (typeof opened === "number") {
            flush();
            return opened;
          }
          sinks.set(1, opened);
          sinks.set(2, opened);
          continue;
        }
        io.err(`${shellErrorPrefix(context)}${target}: Bad file descriptor\n`);
        return 1;
      }
      const fd = Number(target);
      if (redirection.op === "<&") continue;
      const source = sinks.get(fd);
      if (!source) {
        io.err(`${shellErrorPrefix(context)}${target}: Bad file descriptor\n`);
        flush();
        return 1;
      }
      sinks.set(redirection.fd, source);
      continue;
    }
    if (redirection.op === "<" || redirection.op === "<>") {
      if (target === "/dev/null") {
        if (redirection.fd === 0) input = new InputStream("");
        continue;
      }
      const content = context.fs.readFile(absolutePath(context, target));
      if (!content.ok) {
        if (redirection.op === "<>" && content.error.code === "ENOENT") {
          context.fs.writeFile(absolutePath(context, target), textContent(""));
          if (redirection.fd === 0) input = new InputStream("");
          continue;
        }
        // ash's own wording for a missing file: "no such file".
        const code = content.error.code;
        const reason =
          code === "ENOENT" || code === "ENOTDIR"
            ? "no such file"
            : code === "EACCES"
              ? "Permission denied"
              : code;
        io.err(`${shellErrorPrefix(context)}can't open ${target}: ${reason}\n`);
        flush();
        return 1;
      }
      if (redirection.fd === 0) input = new InputStream(readAsText(context, content.value));
      continue;
    }
    if (target === "/dev/null") {
      sinks.set(redirection.fd, { write: () => {}, writeContent: () => {} });
      continue;
    }
    if (target === "/dev/stdout" || target === "/dev/stderr") {
      sinks.set(redirection.fd, target === "/dev/stdout" ? { write: io.out } : { write: io.err });
      continue;
    }
    const opened = openFile(context, io, target, redirection.op, files);
    if (typeof opened === "number") {
      flush();
      return opened;
    }
    sinks.set(redirection.fd, opened);
  }
  const out = sinks.get(1) ?? { write: () => {} };
  const err = sinks.get(2) ?? { write: () => {} };
  return {
    io: makeIo(
      input,
      (text) => out.write(text),
      (text) => err.write(text),
      (content) => (out.writeContent ? out.writeContent(content) : out.write(content.text())),
    ),
    flush,
    sinks,
  };
}

/** Where a descriptor's output goes. */
export interface Sink {
  write(text: string): void;
  writeContent?(content: FileContent): void;
}

/** Text of a file for a command's standard input, within the memory budget. */
export function readAsText(context: ShellContext, content: FileContent): string {
  context.budget.checkFile("standard input", content.size, true);
  return content.text();
}

function openFile(
  context: ShellContext,
  io: Io,
  target: string,
  op: Redirection["op"],
  files: { path: string; parts: FileContent[] }[],
) {
  const path = absolutePath(context, target);
  if (target === "") {
    io.err(`${shellErrorPrefix(context)}can't create : No such file or directory\n`);
    return 1;
  }
  if (op === ">" && context.options.noclobber && context.fs.stat(path).ok) {
    io.err(`${shellErrorPrefix(context)}can't create ${target}: File exists\n`);
    return 1;
  }
  // The shell opens (creates or truncates) the file before the command runs.
  const opened = op === ">>" ? openForAppend(context, path) : context.fs.writeFile(path, textContent(""));
  if (!opened.ok) {
    const reason =
      opened.error.code === "EISDIR"
        ? "Is a directory"
        : opened.error.code === "ENOTDIR"
          ? "Not a directory"
          : opened.error.code === "EACCES"
            ? "Permission denied"
            : opened.error.code === "ELOOP"
              ? "Too many levels of symbolic links"
              : "nonexistent directory";
    io.err(`${shellErrorPrefix(context)}can't create ${target}: ${reason}\n`);
    return 1;
  }
  const file = { path, parts: [] as FileContent[] };
  files.push(file);
  let stored = 0;
  return {
    write: (text: string) => {
      stored += text.length;
      context.budget.checkFile(target, stored, true);
      file.parts.push(textContent(text));
    },
    writeContent: (content: FileContent) => {
      context.budget.checkFile(target, content.size, false);
      file.parts.push(content);
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

/** ash's xtrace quoting: words with anything but these characters are single-quoted. */
function traceQuote(word: string): string {
  if (word === "") return "";
  if (/^[A-Za-z0-9%+,./:@_^\]-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

function runSimple(
  command: Extract<Command, { kind: "simple" }>,
  io: Io,
  context: ShellContext,
  errexitApplies: boolean,
): number {
  context.lineno = command.line;
  // What went to descriptors `exec` opened is in the files before the next command looks.
  for (const flush of context.budget.pendingFlushes) flush();
  // The last command substitution's status is the status of a command with no words (`x=$(false)`);
  // `$?` inside the words still names the previous command's.
  context.substitutionStatus = undefined;
  const argv = expandWords(command.words, context, io);
  const assignments = command.assignments.map((assignment) => {
    const equals = assignment.indexOf("=");
    return [
      assignment.slice(0, equals),
      expandAssignment(assignment.slice(equals + 1), context, io),
    ] as const;
  });
  const substitutionStatus = context.substitutionStatus ?? 0;
  const trace = context.options.xtrace
    ? (text: string) => io.err(`${context.env.get("PS4") ?? "+ "}${text}\n`)
    : undefined;
  if (argv.length === 0) {
    trace?.(assignments.map(([name, value]) => `${name}=${traceQuote(value)}`).join(" "));
    for (const [name, value] of assignments) setVariable(context, name, value);
    const redirected = applyRedirections(command.redirections, io, context);
    if (typeof redirected === "number") return redirected;
    redirected.flush();
    const status = command.words.length === 0 && command.assignments.length === 0 ? 0 : substitutionStatus;
    context.lastStatus = status;
    if (errexitApplies && context.errexit && status !== 0) throw new ExitSignal(status);
    return status;
  }
  trace?.(
    [...assignments.map(([name, value]) => `${name}=${traceQuote(value)}`), ...argv.map(traceQuote)].join(
      " ",
    ),
  );
  const name = argv[0] as string;
  // `exec` with redirections only: they stay in force for the rest of the shell.
  if (name === "exec" && argv.length === 1 && command.redirections.length > 0) {
    const redirected = applyRedirections(command.redirections, context.redirectedIo ?? io, context);
    if (typeof redirected === "number") return redirected;
    for (const redirection of command.redirections) {
      const sink = redirected.sinks.get(redirection.fd);
      if (redirection.fd >= 3) {
        if (sink) context.openFds.set(redirection.fd, sink);
        else context.openFds.delete(redirection.fd);
      }
    }
    if (command.redirections.some((redirection) => redirection.fd <= 2)) context.redirectedIo = redirected.io;
    context.budget.pendingFlushes.push(redirected.flush);
    return 0;
  }
  const redirected = applyRedirections(command.redirections, io, context);
  if (typeof redirected === "number") {
    if (errexitApplies && context.errexit) throw new ExitSignal(redirected);
    return redirected;
  }
  const { io: commandIo, flush } = redirected;
  let status: number;
  try {
    status = runResolved(argv, assignments, commandIo, context);
  } finally {
    flush();
  }
  context.lastStatus = status;
  if (errexitApplies && context.errexit && status !== 0) throw new ExitSignal(status);
  return status;
}

function runResolved(
  argv: readonly string[],
  assignments: readonly (readonly [string, string])[],
  io: Io,
  context: ShellContext,
): number {
  const name = argv[0] as string;
  if (SPECIAL_BUILTINS.has(name)) {
    // POSIX 2.14: assignments before a special builtin stay in the shell.
    for (const [variable, value] of assignments) setVariable(context, variable, value);
    return runBuiltin(argv, io, context);
  }
  const fn = context.functions.get(name);
  if (fn) return withAssignments(context, assignments, true, () => callFunction(fn, argv, io, context));
  if (BUILTIN_NAMES.has(name))
    return withAssignments(context, assignments, false, () => runBuiltin(argv, io, context));
  return withAssignments(context, assignments, true, () => runExternal(argv, io, context));
}

/** Runs `body` with `NAME=value` prefix assignments in force, then restores the variables. */
function withAssignments(
  context: ShellContext,
  assignments: readonly (readonly [string, string])[],
  exported: boolean,
  body: () => number,
): number {
  if (assignments.length === 0) return body();
  const saved = assignments.map(([name]) => ({
    name,
    value: context.env.get(name),
    exported: context.exported.has(name),
  }));
  for (const [name, value] of assignments) {
    setVariable(context, name, value);
    if (exported) context.exported.add(name);
  }
  try {
    return body();
  } finally {
    for (const { name, value, exported: wasExported } of saved.reverse()) {
      if (value === undefined) context.env.delete(name);
      else context.env.set(name, value);
      if (!wasExported) context.exported.delete(name);
    }
  }
}

export function callFunction(body: Command, argv: readonly string[], io: Io, context: ShellContext): number {
  return context.budget.nested("function calls", () => callFunctionBody(body, argv, io, context));
}

function callFunctionBody(body: Command, argv: readonly string[], io: Io, context: ShellContext): number {
  const savedArgs = context.args;
  const savedLoopDepth = context.loopDepth;
  context.args = argv.slice(1);
  context.loopDepth = 0;
  const frame = new Map<string, { value: string | undefined; exported: boolean }>();
  context.locals.push(frame);
  try {
    return runCommand(body, io, context, true);
  } catch (signal) {
    if (signal instanceof ReturnSignal) return signal.status;
    throw signal;
  } finally {
    context.locals.pop();
    for (const [name, saved] of frame) {
      if (saved.value === undefined) context.env.delete(name);
      else context.env.set(name, saved.value);
      if (saved.exported) context.exported.add(name);
      else context.exported.delete(name);
    }
    context.args = savedArgs;
    context.loopDepth = savedLoopDepth;
  }
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

/** What ash's `ash_vmsg` prints after `$0: `: the command name unless it is $0, and the line. */
function lineLabel(context: ShellContext): string {
  if (context.commandName === undefined) return "";
  const command = context.commandName === context.name ? "" : `${context.commandName}: `;
  return `${command}line ${context.lineno}: `;
}

/** How ash starts its own error messages (`sh: x: not found`, `nm: line 2: x: not found`). */
export function shellErrorPrefix(context: ShellContext): string {
  return `${context.name}: ${lineLabel(context)}`;
}

/** What busybox says when it is asked for an applet it was not built with. */
export function unknownApplet(name: string): string {
  return `${name}: applet not found\n`;
}

export function runExternal(
  argv: readonly string[],
  io: Io,
  context: ShellContext,
  options: { quiet?: boolean } = {},
): number {
  const name = argv[0] as string;
  const found = findExecutable(name, context);
  if (!found) {
    if (options.quiet) return 127;
    if (name.includes("/") && context.fs.stat(absolutePath(context, name)).ok) {
      io.err(`${shellErrorPrefix(context)}${name}: Permission denied\n`);
      return 126;
    }
    io.err(`${shellErrorPrefix(context)}${name}: not found\n`);
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
    if (found.program === "busybox") {
      io.err(unknownApplet(program));
      return 127;
    }
    const interpreted = runInterpreted(found.path, argv, io, context);
    if (interpreted !== undefined) return interpreted;
    io.err(`${context.name}: ${name}: Layercake's simulated shell has no implementation of ${program}\n`);
    return 126;
  }
  return implementation(effective, io, context);
}

/**
 * A script the image holds (`#!/bin/sh`, or text without a `#!`, which ash runs itself): run by
 * the shell the `#!` line names when that is a shell. Undefined when the file is not a script.
 */
export function runInterpreted(
  path: string,
  argv: readonly string[],
  io: Io,
  context: ShellContext,
): number | undefined {
  const content = context.fs.readFile(path);
  if (!content.ok || content.value.size > context.budget.limits.storedFileBytes) return undefined;
  const head = content.value.size > 0 ? content.value.bytes().subarray(0, 512) : new Uint8Array();
  if (head.includes(0)) return undefined;
  const text = content.value.text();
  const sh = context.commands.sh;
  if (!sh) return undefined;
  if (!text.startsWith("#!")) return sh(["sh", path, ...argv.slice(1)], io, context);
  const [interpreter = "", ...options] = (text.slice(2).split("\n")[0] ?? "").trim().split(/\s+/);
  const found = findExecutable(interpreter, context);
  if (!found) return undefined;
  const program = programName(interpreter, found.program);
  const shellName = program === "busybox" ? options[0] : program;
  if (shellName !== "sh" && shellName !== "ash") return undefined;
  const shellOptions = program === "busybox" ? options.slice(1) : options;
  return sh([interpreter, ...shellOptions, path, ...argv.slice(1)], io, context);
}

export interface ScriptOutcome {
  readonly exitCode: number;
  /** The signal that killed the shell, when one did. */
  readonly signal?: number;
  readonly stdout: string;
  readonly stderr: string;
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
  // ash's own variables, unexported unless the environment had them.
  const defaults: [string, string][] = [
    ["IFS", " \t\n"],
    ["OPTIND", "1"],
    ["PS1", context.identity.uid === 0 ? "\\w \\$ " : "\\w $ "],
    ["PS2", "> "],
    ["PS4", "+ "],
  ];
  for (const [name, value] of defaults) if (!context.env.has(name)) context.env.set(name, value);
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

export interface ContextOptions {
  fs: MountedFs;
  env: readonly string[];
  cwd: string;
  identity: Identity;
  now: number;
  commands: CommandTable;
  errexit?: boolean;
  /** The name the shell was started by (`/bin/sh`): ash prefixes its errors with it. */
  name?: string;
  /** ash's `commandname` (the file of `sh FILE`, the NAME of `sh -c SCRIPT NAME`): errors name the line. */
  commandName?: string | undefined;
  /** The number of the script's first line: 1 for a file, 0 for a `-c` string (as ash counts). */
  firstLine?: number;
  /** `$$` (default 1, the container's first process). */
  pid?: number;
  /** True for a shell, false for a program exec'd directly. */
  shell?: boolean;
  /** The counters to share (a nested `sh -c` spends its parent's budget). */
  budget?: RunBudget;
  args?: readonly string[];
}

/** A fresh context: the environment parsed from `NAME=value` entries. */
export function createContext(options: ContextOptions): ShellContext {
  const env = new Map<string, string>();
  for (const entry of options.env) {
    const equals = entry.indexOf("=");
    if (equals > 0) env.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return {
    fs: options.fs,
    identity: options.identity,
    now: options.now,
    env,
    exported: new Set(env.keys()),
    readonly: new Set(),
    shell: options.shell ?? true,
    cwd: options.cwd,
    lastStatus: 0,
    errexit: options.errexit ?? false,
    options: {
      nounset: false,
      xtrace: false,
      pipefail: false,
      noglob: false,
      noclobber: false,
      allexport: false,
    },
    args: [...(options.args ?? [])],
    functions: new Map(),
    locals: [],
    traps: new Map(),
    loopDepth: 0,
    sourceDepth: 0,
    openFds: new Map(),
    lineno: 0,
    commandName: options.commandName,
    getoptsOffset: 0,
    name: options.name ?? "sh",
    commands: options.commands,
    pid: options.pid ?? 1,
    budget: options.budget ?? new RunBudget(),
  };
}

/** Reports a signal that ends a shell as ash would; returns the exit status, or undefined to rethrow. */
export function statusOfSignal(signal: unknown, io: Io, context: ShellContext): number | undefined {
  if (signal instanceof ExitSignal) return signal.status;
  if (signal instanceof ReturnSignal) return signal.status;
  if (signal instanceof LoopSignal) return 0;
  if (signal instanceof ShellError) {
    io.err(`${context.name}: ${signal.message}\n`);
    return signal.status;
  }
  if (signal instanceof ExpansionError || signal instanceof ArithmeticError) {
    io.err(`${shellErrorPrefix(context)}${signal.message}\n`);
    return 2;
  }
  return undefined;
}

/** Runs `script` as `sh -c script` would. */
export function runScript(script: string, options: ContextOptions): ScriptOutcome {
  const context = createContext(options);
  if (context.budget.nesting >= context.budget.limits.nesting) {
    const exceeded = new BudgetExceeded(
      "memory",
      `shells nested more than ${context.budget.limits.nesting} deep`,
    );
    return {
      exitCode: exceeded.exitCode,
      stdout: "",
      stderr: `${context.name}: ${exceeded.message}\n`,
      signal: 9,
    };
  }
  context.budget.nesting += 1;
  try {
    return runScriptIn(context, script, options.firstLine ?? 0);
  } finally {
    context.budget.nesting -= 1;
  }
}

function runScriptIn(context: ShellContext, script: string, firstLine: number): ScriptOutcome {
  const budget = context.budget;
  const chunks = { out: [] as string[], err: [] as string[] };
  let outputBytes = 0;
  const capture = (into: string[]) => (text: string) => {
    outputBytes += text.length;
    if (outputBytes > budget.limits.outputBytes) {
      into.push(text.slice(0, Math.max(0, budget.limits.outputBytes - (outputBytes - text.length))));
      throw new BudgetExceeded("output", `more than ${budget.limits.outputBytes} bytes of output`);
    }
    budget.hold(text.length);
    into.push(text);
  };
  const io = makeIo(new InputStream(""), capture(chunks.out), capture(chunks.err));
  const result = (exitCode: number, signal?: number): ScriptOutcome => {
    budget.release(outputBytes);
    return {
      exitCode,
      stdout: chunks.out.join(""),
      stderr: chunks.err.join(""),
      ...(signal === undefined ? {} : { signal }),
    };
  };
  startShell(context);
  const parsed = parseShell(script, { firstLine });
  try {
    let exitCode: number;
    try {
      if (parsed.ok) exitCode = runList(parsed.script, io, context);
      else {
        // The lines before a syntax error run first; then the error ends the shell (status 2).
        runList(parsed.before, io, context);
        (context.redirectedIo ?? io).err(`${context.name}: ${parsed.message}\n`);
        exitCode = 2;
      }
    } catch (signal) {
      const status = statusOfSignal(signal, context.redirectedIo ?? io, context);
      if (status === undefined) throw signal;
      exitCode = status;
    }
    exitCode = runExitTrap(context.redirectedIo ?? io, context, exitCode);
    for (const flush of budget.pendingFlushes.splice(0)) flush();
    return result(exitCode);
  } catch (signal) {
    if (signal instanceof KilledSignal) return result(128 + signal.signal, signal.signal);
    if (signal instanceof BudgetExceeded) {
      budget.release(budget.heldBytes);
      chunks.err.push(`${context.name}: ${signal.message}\n`);
      return result(signal.exitCode, signal.exitCode === 137 ? 9 : undefined);
    }
    throw signal;
  }
}

/** Reads a file as content for commands. */
export function readText(context: ShellContext, path: string): FileContent | undefined {
  const result = context.fs.readFile(absolutePath(context, path));
  return result.ok ? result.value : undefined;
}
