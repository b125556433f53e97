/**
 * The shell itself as a command: `sh -c '…'`, `sh FILE` (or `ash`, `/bin/sh`) inside a script.
 * It reaches the interpreter through a registered runner, so this module imports no interpreter.
 */

import { path } from "./applets/support.ts";
import type { CommandImplementation, Io, ShellContext } from "./context.ts";
import { SIGNAL_TEXT } from "./signals.ts";

/**
 * The shell itself as a command: `sh -c '…'` (or `ash`, `/bin/sh`) inside a script. As in ash, $0
 * and the prefix of its error messages are the name it was called by (`ash: x: not found`).
 */
export const sh: CommandImplementation = (argv, io, context) => {
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
    const file = argv[index] as string;
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
