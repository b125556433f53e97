/**
 * A running shell's state and how commands see it: the ShellContext (variables, options,
 * functions, traps, directory, budgets), standard input as a shared cursor, the Io a command
 * writes to, the command-implementation signature, variables set under `readonly` and the
 * variable budget, a subshell's copy, ash's variable-table order for `env`/`set`, and a fresh
 * context from its options. Every other part of the shell reads this; it runs nothing itself.
 */
import type { FileContent, Identity, MountedFs } from "../fs/types.ts";
import { repeatContent } from "./applets/content.ts";
import { RunBudget } from "./budget.ts";
import type { Command } from "./parse.ts";
import type { Sink } from "./redirections.ts";
import { ShellError } from "./signals.ts";

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

export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
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

/** What ash's `ash_vmsg` prints after `$0: `: the command name unless it is $0, and the line. */
export function lineLabel(context: ShellContext): string {
  if (context.commandName === undefined) return "";
  const command = context.commandName === context.name ? "" : `${context.commandName}: `;
  return `${command}line ${context.lineno}: `;
}

/** How ash starts its own error messages (`sh: x: not found`, `nm: line 2: x: not found`). */
export function shellErrorPrefix(context: ShellContext): string {
  return `${context.name}: ${lineLabel(context)}`;
}
