/**
 * The safe shell: RUN steps and container commands interpreted over the simulated file system,
 * never on the host. `runShell` and `runArgv` match the builder's `ShellOptions`/`ShellOutcome`.
 */
import type { Identity, MountedFs } from "../fs/types.ts";
import { APPLETS } from "./applets/index.ts";
import { BudgetExceeded } from "./budget.ts";
import { BUSYBOX_COMMANDS, registerShellRunner } from "./commands.ts";
import {
  absolutePath,
  type CommandTable,
  createContext,
  environ,
  InputStream,
  makeIo,
  type ShellContext,
} from "./context.ts";
import { PACKAGE_MANAGER_COMMANDS } from "./packages.ts";
import { findExecutable, isAppletBuiltIn, programName, runInterpreted, unknownApplet } from "./programs.ts";
import { runScript } from "./run-script.ts";

export { SIMULATED_APPLETS, type SimulatedApplet } from "./applets/catalog.ts";
export { BUDGETS } from "./budget.ts";
export { BUSYBOX_COMMANDS } from "./commands.ts";
export { APK_PACKAGES, APT_PACKAGES, NPM_PACKAGES, PIP_PACKAGES } from "./packages.ts";
export { parseShell } from "./parse.ts";

export interface ShellRunOptions {
  readonly fs: MountedFs;
  readonly env: readonly string[];
  readonly cwd: string;
  readonly identity: Identity;
  /** Seconds since the epoch. */
  readonly now: number;
}

export interface ShellRunOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const commands: CommandTable = { ...BUSYBOX_COMMANDS, ...APPLETS, ...PACKAGE_MANAGER_COMMANDS };

/** Every command the simulated images can run (busybox applets and package managers). */
export function commandTable(): CommandTable {
  return commands;
}

registerShellRunner((script, context: ShellContext, { errexit, name, args, commandName, firstLine }) =>
  runScript(script, {
    fs: context.fs,
    env: environ(context).map(([key, value]) => `${key}=${value}`),
    cwd: context.cwd,
    identity: context.identity,
    now: context.now,
    commands,
    errexit,
    name,
    args,
    commandName,
    firstLine,
    budget: context.budget,
    // A nested shell is a child process: another PID, so `kill $$` inside it can end it.
    pid: context.pid + 1,
  }),
);

/**
 * Runs an exec-form command (`["echo", "hi"]`, `CMD ["sh", "-c", "…"]`): no shell processing. The
 * executable must exist in the image, as runc requires; its errors keep runc's wording.
 */
export function runArgv(argv: readonly string[], options: ShellRunOptions): ShellRunOutcome {
  const name = argv[0];
  if (name === undefined) return { exitCode: 125, stdout: "", stderr: "no command specified\n" };
  const context: ShellContext = createContext({
    ...options,
    shell: false,
    commands,
    // No shell runs yet: the program exec'd here becomes PID 1 (a `sh -c` it starts gets pid + 1).
    pid: 0,
  });
  const found = findExecutable(name, context);
  if (!found) {
    if (name.includes("/")) {
      const stat = options.fs.stat(absolutePath(context, name));
      if (stat.ok) return { exitCode: 126, stdout: "", stderr: `exec: "${name}": permission denied\n` };
      return {
        exitCode: 127,
        stdout: "",
        stderr: `exec: "${name}": stat ${name}: no such file or directory\n`,
      };
    }
    return { exitCode: 127, stdout: "", stderr: `exec: "${name}": executable file not found in $PATH\n` };
  }
  let program = programName(name, found.program);
  let args = argv;
  if (program === "busybox" && argv.length > 1) {
    args = argv.slice(1);
    program = args[0] as string;
  }
  // `sh -c SCRIPT` runs here; `sh FILE` (CMD ["sh", "/entrypoint.sh"]) and a bare `sh -c` go to
  // the sh command below, which reads the file or reports the missing argument as ash does.
  if (program === "sh") {
    const flagIndex = args.findIndex((arg, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(arg));
    const script = flagIndex === -1 ? undefined : args[flagIndex + 1];
    if (script !== undefined) {
      return runScript(script, {
        ...options,
        commands,
        // `sh -c script name args…`: $0 and the positional parameters.
        name: args[flagIndex + 2] ?? (args[0] as string),
        commandName: args[flagIndex + 2],
        args: args.slice(flagIndex + 3),
        errexit: /e/.test(args[flagIndex] as string) || args.includes("-e"),
      });
    }
  }
  const stdout: string[] = [];
  const stderr: string[] = [];
  const implementation =
    found.program === "busybox" && !isAppletBuiltIn(options.fs, found.path, program)
      ? undefined
      : commands[program];
  if (!implementation) {
    if (found.program === "busybox") return { exitCode: 127, stdout: "", stderr: unknownApplet(program) };
    // A script in the image (an entrypoint.sh) runs through the shell its `#!` names.
    const scriptOutput: string[] = [];
    const scriptErrors: string[] = [];
    const interpreted = runInterpreted(
      found.path,
      argv,
      makeIo(
        new InputStream(""),
        (text) => scriptOutput.push(text),
        (text) => scriptErrors.push(text),
      ),
      context,
    );
    if (interpreted !== undefined)
      return { exitCode: interpreted, stdout: scriptOutput.join(""), stderr: scriptErrors.join("") };
    return {
      exitCode: 126,
      stdout: "",
      stderr: `${name}: Layercake's simulated shell has no implementation of ${program}\n`,
    };
  }
  const io = makeIo(
    new InputStream(""),
    (text) => stdout.push(text),
    (text) => stderr.push(text),
  );
  try {
    const exitCode = implementation(args, io, context);
    return { exitCode, stdout: stdout.join(""), stderr: stderr.join("") };
  } catch (signal) {
    if (signal instanceof BudgetExceeded)
      return {
        exitCode: signal.exitCode,
        stdout: stdout.join(""),
        stderr: `${stderr.join("")}${program}: ${signal.message}\n`,
      };
    throw signal;
  }
}

/** Shell form: `["/bin/sh", "-c"]` + script, through the image's own shell executable. */
export function runShell(
  shell: readonly string[],
  script: string,
  options: ShellRunOptions,
): ShellRunOutcome {
  return runArgv([...shell, script], options);
}
