/** What a script asks about where it runs: pwd, which, whoami, uname. */
import type { CommandImplementation } from "../context.ts";
import { findExecutable } from "../programs.ts";
import { nameFor } from "./ls.ts";

export const pwd: CommandImplementation = (_argv, io, context) => {
  io.out(`${context.cwd}\n`);
  return 0;
};

export const which: CommandImplementation = (argv, io, context) => {
  let status = 0;
  for (const name of argv.slice(1)) {
    const found = findExecutable(name, context);
    if (found) io.out(`${found.path}\n`);
    else status = 1;
  }
  return status;
};

export const whoami: CommandImplementation = (_argv, io, context) => {
  io.out(`${nameFor(context, "/etc/passwd", context.identity.uid)}\n`);
  return 0;
};

export const uname: CommandImplementation = (argv, io) => {
  io.out(
    argv.includes("-a")
      ? "Linux layercake 6.1.0 #1 SMP x86_64 GNU/Linux\n"
      : argv.includes("-m")
        ? "x86_64\n"
        : "Linux\n",
  );
  return 0;
};
