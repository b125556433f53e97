/**
 * ash's builtins: what runs inside the shell itself, without looking at PATH. Errors keep ash's
 * form, `sh: cd: line 0: can't cd to /x: …` (ash numbers `sh -c` lines from 0). This file holds the
 * names (special and regular) and the table joining the families in builtins/, one file each.
 */

import { echo } from "./applets/echo.ts";
import { makePrintf } from "./applets/printf.ts";
import { makeTest } from "./applets/test.ts";
import { cd, pwd, umask } from "./builtins/directory.ts";
import { evalBuiltin, exit, kill, loop, returnBuiltin, source, trap, wait } from "./builtins/flow.ts";
import { command, exec, type } from "./builtins/lookup.ts";
import { set, shift } from "./builtins/options.ts";
import { getopts, read } from "./builtins/read.ts";
import type { Builtin } from "./builtins/support.ts";
import { exportOrReadonly, let_, local, unset } from "./builtins/variables.ts";
import type { CommandImplementation, Io, ShellContext } from "./context.ts";

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
