/**
 * `sh -c script` from the outside: a fresh context, what ash does when it starts (PWD kept only
 * when it names the working directory, SHLVL counted, both exported), the script run to its end
 * or its signal, and the outcome with both output streams.
 */
import { BudgetExceeded } from "./budget.ts";
import {
  type ContextOptions,
  createContext,
  InputStream,
  makeIo,
  normalize,
  type ShellContext,
  setExported,
  shellErrorPrefix,
} from "./context.ts";
import { runExitTrap, runList } from "./interpreter.ts";
import { parseShell } from "./parse.ts";
import { KilledSignal, statusOfSignal } from "./signals.ts";

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
        // ash names the line it stopped on (`/s.sh: line 3: syntax error: …`) when it has a
        // command name, as every error does.
        context.lineno = parsed.line;
        (context.redirectedIo ?? io).err(`${shellErrorPrefix(context)}${parsed.message}\n`);
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
