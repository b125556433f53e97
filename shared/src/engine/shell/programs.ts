/**
 * Programs found by PATH in the simulated file system: resolving a name to its executable, which
 * implementation runs (busybox dispatches on the name it was called by, others on their file),
 * busybox's words for an applet it lacks, and scripts run through their `#!` interpreter.
 */
import { absolutePath, type Io, type ShellContext, shellErrorPrefix } from "./context.ts";

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

/**
 * Debian 12's busybox-static (1:1.35.0-4, tiny:1's /bin/busybox of 1,982,256 bytes) is built without
 * these applets of the simulation (compared with `busybox --list`; recorded in the applets-files and
 * applets-users transcripts); other busybox files offer every simulated applet.
 */
const DEBIAN_STATIC_SIZE = 1_982_256;
const MISSING_FROM_DEBIAN_STATIC: ReadonlySet<string> = new Set(["addgroup", "adduser", "install"]);

/** True when the busybox binary at `path` was built with `applet`. */
export function isAppletBuiltIn(fs: ShellContext["fs"], path: string, applet: string): boolean {
  const stat = fs.stat(path);
  return !(stat.ok && stat.value.size === DEBIAN_STATIC_SIZE && MISSING_FROM_DEBIAN_STATIC.has(applet));
}

/** What busybox says when it is asked for an applet it was not built with. */
export function unknownApplet(name: string): string {
  return `${name}: applet not found\n`;
}

export function runExternal(
  argv: readonly string[],
  io: Io,
  context: ShellContext,
  options: { quiet?: boolean; preferApplets?: boolean } = {},
): number {
  const name = argv[0] as string;
  // FEATURE_PREFER_APPLETS (Debian's build): busybox's own exec (xargs, find -exec, env) runs an
  // applet by its name before looking in PATH (`xargs basename` works without a basename link).
  if (
    options.preferApplets &&
    !name.includes("/") &&
    context.commands[name] !== undefined &&
    context.fs.stat("/bin/busybox").ok &&
    isAppletBuiltIn(context.fs, "/bin/busybox", name)
  ) {
    return (context.commands[name] as NonNullable<(typeof context.commands)[string]>)(argv, io, context);
  }
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
  const implementation =
    found.program === "busybox" && !isAppletBuiltIn(context.fs, found.path, program)
      ? undefined
      : context.commands[program];
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
