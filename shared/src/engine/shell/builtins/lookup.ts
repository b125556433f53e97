/**
 * The builtins that find and run commands: type (what a name is), command (-v/-V, or run past
 * functions) and exec (run, then end the shell with the command's status).
 */

import { BUILTIN_NAMES, runBuiltin, SPECIAL_BUILTINS } from "../builtins.ts";
import { findExecutable, runExternal } from "../programs.ts";
import { ExitSignal } from "../signals.ts";
import type { Builtin } from "./support.ts";

export const type: Builtin = (args, io, context) => {
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

export const command: Builtin = (args, io, context) => {
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

export const exec: Builtin = (args, io, context) => {
  if (args.length === 0) return 0;
  const status = command(args, io, context, "exec");
  throw new ExitSignal(status);
};
