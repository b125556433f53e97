/**
 * ash's builtins: what runs inside the shell itself, without looking at PATH. Errors keep ash's
 * form, `sh: cd: line 0: can't cd to /x: …` (ash numbers `sh -c` lines from 0).
 */

import { echo } from "./applets/echo.ts";
import { makePrintf } from "./applets/printf.ts";
import { makeTest } from "./applets/test.ts";
import { evaluateArithmetic } from "./arith.ts";
import {
  absolutePath,
  type CommandImplementation,
  type Io,
  normalize,
  type ShellContext,
  setExported,
  setVariable,
} from "./context.ts";
import { lookupVariable } from "./expand-parameters.ts";
import { runList } from "./interpreter.ts";
import { parseShell } from "./parse.ts";
import { findExecutable, runExternal } from "./programs.ts";
import { ExitSignal, KilledSignal, LoopSignal, ReturnSignal, ShellError, SIGNALS } from "./signals.ts";

/** POSIX 2.14: assignments before these stay, and their errors end a non-interactive shell. */
export const SPECIAL_BUILTINS = new Set([
  ".",
  ":",
  "break",
  "continue",
  "eval",
  "exec",
  "exit",
  "export",
  "readonly",
  "return",
  "set",
  "shift",
  "source",
  "times",
  "trap",
  "unset",
  "local",
]);

/** Regular builtins (found before PATH). */
export const BUILTIN_NAMES = new Set([
  "[",
  "alias",
  "bg",
  "cd",
  "chdir",
  "command",
  "echo",
  "false",
  "fg",
  "getopts",
  "hash",
  "jobs",
  "kill",
  "let",
  "printf",
  "pwd",
  "read",
  "test",
  "true",
  "type",
  "ulimit",
  "umask",
  "unalias",
  "wait",
]);

type Builtin = (args: readonly string[], io: Io, context: ShellContext, name: string) => number;

function fail(context: ShellContext, name: string, message: string): ShellError {
  return new ShellError(`${name}: line ${context.lineno}: ${message}`);
}

function report(io: Io, context: ShellContext, name: string, message: string): void {
  io.err(`${context.name}: ${name}: line ${context.lineno}: ${message}\n`);
}

function parseCount(context: ShellContext, name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw fail(context, name, `Illegal number: ${text}`);
  return Number(text);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoteValue(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

const cd: Builtin = (args, io, context, name) => {
  const operands = args.filter((arg) => arg !== "-L" && arg !== "-P");
  let target = operands[0] ?? context.env.get("HOME") ?? "/";
  let print = false;
  if (target === "-") {
    target = context.env.get("OLDPWD") ?? context.cwd;
    print = true;
  }
  const path = normalize(absolutePath(context, target));
  const stat = context.fs.stat(path);
  if (!stat.ok || stat.value.kind !== "dir") {
    report(
      io,
      context,
      name,
      `can't cd to ${target}: ${stat.ok ? "Not a directory" : "No such file or directory"}`,
    );
    return 2;
  }
  // ash's setpwd: OLDPWD and PWD, both exported.
  setExported(context, "OLDPWD", context.env.get("PWD") ?? context.cwd);
  context.cwd = path;
  setExported(context, "PWD", context.cwd);
  if (print) io.out(`${path}\n`);
  return 0;
};

const exportOrReadonly =
  (kind: "export" | "readonly"): Builtin =>
  (args, io, context) => {
    const names = args.filter((arg) => arg !== "-p" && arg !== "-n");
    if (names.length === 0) {
      const listed = kind === "export" ? context.exported : context.readonly;
      for (const name of [...listed].sort()) {
        const value = context.env.get(name);
        io.out(`${kind} ${name}${value === undefined ? "" : `=${quoteValue(value)}`}\n`);
      }
      return 0;
    }
    for (const arg of names) {
      const equals = arg.indexOf("=");
      const name = equals === -1 ? arg : arg.slice(0, equals);
      if (!NAME.test(name)) throw fail(context, kind, `${name}: bad variable name`);
      if (equals !== -1) setVariable(context, name, arg.slice(equals + 1));
      if (kind === "export") {
        if (args.includes("-n")) context.exported.delete(name);
        else context.exported.add(name);
      } else context.readonly.add(name);
    }
    return 0;
  };

const unset: Builtin = (args, _io, context) => {
  const functions = args.includes("-f");
  for (const arg of args) {
    if (arg === "-f" || arg === "-v") continue;
    if (functions) {
      context.functions.delete(arg);
      continue;
    }
    if (context.readonly.has(arg))
      throw new ShellError(`unset: line ${context.lineno}: ${arg}: is read only`);
    context.env.delete(arg);
    context.exported.delete(arg);
  }
  return 0;
};

const OPTION_NAMES: Readonly<Record<string, keyof ShellContext["options"] | "errexit">> = {
  errexit: "errexit",
  nounset: "nounset",
  xtrace: "xtrace",
  pipefail: "pipefail",
  noglob: "noglob",
  noclobber: "noclobber",
  allexport: "allexport",
};
const OPTION_LETTERS: Readonly<Record<string, keyof ShellContext["options"] | "errexit">> = {
  e: "errexit",
  u: "nounset",
  x: "xtrace",
  f: "noglob",
  C: "noclobber",
  a: "allexport",
};
const SET_O_ORDER = [
  "errexit",
  "noglob",
  "ignoreeof",
  "monitor",
  "noexec",
  "xtrace",
  "verbose",
  "noclobber",
  "allexport",
  "notify",
  "nounset",
  "errtrace",
  "vi",
  "pipefail",
];

function setOption(context: ShellContext, option: keyof ShellContext["options"] | "errexit", on: boolean) {
  if (option === "errexit") context.errexit = on;
  else context.options[option] = on;
}

function optionValue(context: ShellContext, name: string): boolean {
  const option = OPTION_NAMES[name];
  if (option === undefined) return false;
  return option === "errexit" ? context.errexit : context.options[option];
}

const set: Builtin = (args, io, context, name) => {
  if (args.length === 0) {
    for (const variable of [...context.env.keys()].sort())
      io.out(`${variable}=${quoteValue(context.env.get(variable) ?? "")}\n`);
    return 0;
  }
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      context.args = args.slice(index + 1);
      return 0;
    }
    if (arg === "-") {
      context.options.xtrace = false;
      continue;
    }
    if (!/^[-+]/.test(arg)) {
      context.args = args.slice(index);
      return 0;
    }
    const on = arg.startsWith("-");
    for (const letter of arg.slice(1)) {
      if (letter === "o") {
        const optionName = args[index + 1];
        index += 1;
        if (optionName === undefined) {
          for (const option of SET_O_ORDER)
            io.out(`${option.padEnd(16)}${optionValue(context, option) ? "on" : "off"}\n`);
          continue;
        }
        const option = OPTION_NAMES[optionName];
        if (option === undefined) {
          if (SET_O_ORDER.includes(optionName)) continue;
          throw fail(context, name, `Illegal option -o ${optionName}`);
        }
        setOption(context, option, on);
        continue;
      }
      const option = OPTION_LETTERS[letter];
      if (option === undefined) {
        if ("vnmbhHEIT".includes(letter)) continue;
        throw fail(context, name, `Illegal option ${on ? "-" : "+"}${letter}`);
      }
      setOption(context, option, on);
    }
  }
  return 0;
};

const shift: Builtin = (args, _io, context, name) => {
  const count = parseCount(context, name, args[0], 1);
  if (count > context.args.length) return 1;
  context.args = context.args.slice(count);
  return 0;
};

const exit: Builtin = (args, _io, context, name) => {
  const status = args[0] === undefined ? context.lastStatus : parseCount(context, name, args[0], 0) & 255;
  throw new ExitSignal(status);
};

const returnBuiltin: Builtin = (args, _io, context, name) => {
  const status = args[0] === undefined ? context.lastStatus : parseCount(context, name, args[0], 0) & 255;
  throw new ReturnSignal(status);
};

const loop =
  (kind: "break" | "continue"): Builtin =>
  (args, _io, context, name) => {
    const levels = parseCount(context, name, args[0], 1);
    if (levels === 0) throw fail(context, name, `Illegal number: ${args[0]}`);
    if (context.loopDepth === 0) return 0;
    throw new LoopSignal(kind, Math.min(levels, context.loopDepth));
  };

const local: Builtin = (args, _io, context, name) => {
  const frame = context.locals.at(-1);
  if (!frame) throw fail(context, name, "not in a function");
  for (const arg of args) {
    const equals = arg.indexOf("=");
    const variable = equals === -1 ? arg : arg.slice(0, equals);
    if (!NAME.test(variable)) throw fail(context, name, `${variable}: bad variable name`);
    if (!frame.has(variable))
      frame.set(variable, { value: context.env.get(variable), exported: context.exported.has(variable) });
    if (equals !== -1) setVariable(context, variable, arg.slice(equals + 1));
  }
  return 0;
};

function runText(text: string, io: Io, context: ShellContext, name: string): number {
  const parsed = parseShell(text);
  if (!parsed.ok) throw fail(context, name, parsed.message);
  if (parsed.script.length === 0) return 0;
  return runList(parsed.script, io, context);
}

const evalBuiltin: Builtin = (args, io, context, name) =>
  context.budget.nested("eval", () => runText(args.join(" "), io, context, name));

const source: Builtin = (args, io, context, name) => {
  const file = args[0];
  if (file === undefined) throw fail(context, name, "usage: . FILE [ARGS]");
  const path = file.includes("/") ? absolutePath(context, file) : (findSourced(file, context) ?? file);
  const content = context.fs.readFile(absolutePath(context, path));
  if (!content.ok) throw fail(context, name, `can't open '${file}': No such file or directory`);
  const savedArgs = context.args;
  if (args.length > 1) context.args = args.slice(1);
  context.sourceDepth += 1;
  try {
    return context.budget.nested("sourced files", () => runText(content.value.text(), io, context, name));
  } catch (signal) {
    if (signal instanceof ReturnSignal && context.locals.length === 0) return signal.status;
    throw signal;
  } finally {
    context.sourceDepth -= 1;
    if (args.length > 1) context.args = savedArgs;
  }
};

function findSourced(file: string, context: ShellContext): string | undefined {
  for (const directory of (context.env.get("PATH") ?? "").split(":")) {
    if (directory === "") continue;
    const candidate = `${directory}/${file}`;
    const stat = context.fs.stat(candidate);
    if (stat.ok && stat.value.kind === "file") return candidate;
  }
  return undefined;
}

const TRAP_NAMES: Readonly<Record<string, string>> = { "0": "EXIT", EXIT: "EXIT" };

const trap: Builtin = (args, io, context, name) => {
  if (args.length === 0) {
    for (const [signal, action] of context.traps) io.out(`trap -- ${quoteValue(action)} ${signal}\n`);
    return 0;
  }
  const [action, ...signals] = args as [string, ...string[]];
  // `trap N…` with a number first resets those signals.
  const reset = /^\d+$/.test(action) || action === "-";
  const targets = reset && action !== "-" ? args : signals;
  for (const signal of targets) {
    const upper = signal.toUpperCase().replace(/^SIG/, "");
    const known =
      TRAP_NAMES[upper] ??
      (SIGNALS[upper] !== undefined
        ? upper
        : Object.entries(SIGNALS).find(([, number]) => String(number) === signal)?.[0]);
    if (known === undefined) {
      report(io, context, name, `${signal}: invalid signal specification`);
      return 1;
    }
    if (reset) context.traps.delete(known);
    else context.traps.set(known, action);
  }
  return 0;
};

const wait: Builtin = () => 0;

const let_: Builtin = (args, _io, context, name) => {
  if (args.length === 0) throw fail(context, name, "expression expected");
  let value = 0n;
  for (const arg of args) value = evaluateArithmetic(arg, arithmeticVariables(context));
  return value === 0n ? 1 : 0;
};

function arithmeticVariables(context: ShellContext) {
  return {
    get: (variable: string) => lookupVariable(variable, context),
    set: (variable: string, value: string) => setVariable(context, variable, value),
  };
}

/** `read [-r] [-p prompt] [-n N] [-d delim] [-t s] [-s] [-u fd] name…` from the shared input. */
const read: Builtin = (args, io, context, name) => {
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

const getopts: Builtin = (args, io, context, name) => {
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

const type: Builtin = (args, io, context) => {
  let status = 0;
  for (const arg of args) {
    if (context.functions.has(arg)) io.out(`${arg} is a function\n`);
    else if (SPECIAL_BUILTINS.has(arg)) io.out(`${arg} is a special shell builtin\n`);
    else if (BUILTIN_NAMES.has(arg)) io.out(`${arg} is a shell builtin\n`);
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
};

const command: Builtin = (args, io, context) => {
  if (args[0] === "-v" || args[0] === "-V") {
    let status = 0;
    for (const arg of args.slice(1)) {
      if (context.functions.has(arg) || SPECIAL_BUILTINS.has(arg) || BUILTIN_NAMES.has(arg))
        io.out(`${arg}\n`);
      else {
        const found = findExecutable(arg, context);
        if (found) io.out(`${found.path}\n`);
        else status = 127;
      }
    }
    return status;
  }
  const operands = args[0] === "-p" ? args.slice(1) : args;
  if (operands.length === 0) return 0;
  const name = operands[0] as string;
  if (SPECIAL_BUILTINS.has(name) || BUILTIN_NAMES.has(name)) return runBuiltin(operands, io, context);
  return runExternal(operands, io, context);
};

const exec: Builtin = (args, io, context) => {
  if (args.length === 0) return 0;
  const status = command(args, io, context, "exec");
  throw new ExitSignal(status);
};

const kill: Builtin = (args, io, context) => {
  let signal = 15;
  const pids: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "-l") {
      io.out(`${Object.keys(SIGNALS).join(" ")}\n`);
      return 0;
    }
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
};

const umask: Builtin = (args, io) => {
  if (args.length === 0) io.out("0022\n");
  return 0;
};

const pwd: Builtin = (_args, io, context) => {
  io.out(`${context.cwd}\n`);
  return 0;
};

/** A busybox applet that ash also runs as a builtin (under the name `sh` in its errors). */
const fromApplet =
  (applet: CommandImplementation): Builtin =>
  (args, io, context, name) =>
    applet([name, ...args], io, context);

const BUILTINS: Readonly<Record<string, Builtin>> = {
  echo: fromApplet(echo),
  printf: fromApplet(makePrintf("sh")),
  test: fromApplet(makeTest("sh")),
  "[": fromApplet(makeTest("sh")),
  ".": source,
  source,
  ":": () => 0,
  true: () => 0,
  false: () => 1,
  break: loop("break"),
  continue: loop("continue"),
  cd,
  chdir: cd,
  command,
  eval: evalBuiltin,
  exec,
  exit,
  export: exportOrReadonly("export"),
  readonly: exportOrReadonly("readonly"),
  getopts,
  hash: () => 0,
  alias: () => 0,
  unalias: () => 0,
  bg: () => 0,
  fg: () => 0,
  jobs: () => 0,
  times: (_args, io) => {
    io.out("0m0.000000s 0m0.000000s\n0m0.000000s 0m0.000000s\n");
    return 0;
  },
  ulimit: (_args, io) => {
    io.out("unlimited\n");
    return 0;
  },
  kill,
  let: let_,
  local,
  pwd,
  read,
  return: returnBuiltin,
  set,
  shift,
  trap,
  type,
  umask,
  unset,
  wait,
};

/** Runs a builtin by name (the command table provides echo, printf and test, shared with busybox). */
export function runBuiltin(argv: readonly string[], io: Io, context: ShellContext): number {
  const [name, ...args] = argv as [string, ...string[]];
  const builtin = BUILTINS[name];
  if (builtin) return builtin(args, io, context, name);
  const implementation = context.commands[name];
  return implementation ? implementation(argv, io, context) : 127;
}
