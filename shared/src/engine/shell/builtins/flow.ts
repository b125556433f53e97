/**
 * The builtins that change the shell's course: exit, return, break/continue, eval and . (source)
 * running text in this shell, trap, wait, and kill (signals to the simulated processes).
 */

import { ArithmeticError } from "../arith.ts";
import { absolutePath, type Io, lineLabel, type ShellContext } from "../context.ts";
import { ExpansionError } from "../expand.ts";
import { runList } from "../interpreter.ts";
import { parseShell } from "../parse.ts";
import { ExitSignal, KilledSignal, LoopSignal, ReturnSignal, ShellError, SIGNALS } from "../signals.ts";
import { type Builtin, fail, parseCount, quoteValue, report } from "./support.ts";

export const exit: Builtin = (args, _io, context, name) => {
  const status = args[0] === undefined ? context.lastStatus : parseCount(context, name, args[0], 0) & 255;
  throw new ExitSignal(status);
};

export const returnBuiltin: Builtin = (args, _io, context, name) => {
  const status = args[0] === undefined ? context.lastStatus : parseCount(context, name, args[0], 0) & 255;
  throw new ReturnSignal(status);
};

export const loop =
  (kind: "break" | "continue"): Builtin =>
  (args, _io, context, name) => {
    const levels = parseCount(context, name, args[0], 1);
    if (levels === 0) throw fail(context, name, `Illegal number: ${args[0]}`);
    if (context.loopDepth === 0) return 0;
    throw new LoopSignal(kind, Math.min(levels, context.loopDepth));
  };

/**
 * Runs text in this shell as ash does, a line at a time: the complete lines before a syntax error
 * run, then the error names the line it is on.
 */
function runText(text: string, io: Io, context: ShellContext, firstLine: number): number {
  const parsed = parseShell(text, { firstLine });
  if (!parsed.ok) {
    if (parsed.before.length > 0) runList(parsed.before, io, context);
    context.lineno = parsed.line;
    throw new ShellError(`${lineLabel(context)}${parsed.message}`);
  }
  if (parsed.script.length === 0) return 0;
  return runList(parsed.script, io, context);
}

/**
 * eval: its text's lines continue the numbering from the eval's own line, and while it runs ash's
 * command name is `eval` (`sh: eval: line 2: arithmetic syntax error`).
 */
export const evalBuiltin: Builtin = (args, io, context, name) => {
  const savedCommandName = context.commandName;
  context.commandName = name;
  try {
    return context.budget.nested("eval", () => runText(args.join(" "), io, context, context.lineno));
  } catch (signal) {
    // Reported while `eval` is still the command name: the error ends the shell after the eval.
    if (signal instanceof ExpansionError || signal instanceof ArithmeticError)
      throw new ShellError(`${lineLabel(context)}${signal.message}`);
    throw signal;
  } finally {
    context.commandName = savedCommandName;
  }
};

export const source: Builtin = (args, io, context, name) => {
  const file = args[0];
  if (file === undefined) throw fail(context, name, "usage: . FILE [ARGS]");
  const path = file.includes("/") ? absolutePath(context, file) : (findSourced(file, context) ?? file);
  const content = context.fs.readFile(absolutePath(context, path));
  if (!content.ok) throw fail(context, name, `can't open '${file}': No such file or directory`);
  const savedArgs = context.args;
  const savedCommandName = context.commandName;
  if (args.length > 1) context.args = args.slice(1);
  context.sourceDepth += 1;
  // ash names the sourced file in its errors while it runs (`sh: ./lib.sh: line 4: x: not found`),
  // as it was given when it has a slash.
  context.commandName = file.includes("/") ? file : path;
  try {
    return context.budget.nested("sourced files", () => runText(content.value.text(), io, context, 1));
  } catch (signal) {
    if (signal instanceof ReturnSignal && context.locals.length === 0) return signal.status;
    throw signal;
  } finally {
    context.sourceDepth -= 1;
    context.commandName = savedCommandName;
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

export const trap: Builtin = (args, io, context, name) => {
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

export const wait: Builtin = () => 0;

export const kill: Builtin = (args, io, context) => {
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
    const trapped = Object.entries(SIGNALS).find(([, number]) => number === signal)?.[0];
    const action = trapped === undefined ? undefined : context.traps.get(trapped);
    if (Number(pid) !== context.pid) {
      io.err(`${context.name}: kill: can't kill pid ${pid}: No such process\n`);
      status = 1;
    } else if (action !== undefined) {
      // A trapped signal sent to the shell itself runs its action once `kill` returns ('' ignores it).
      const parsed = action === "" ? undefined : parseShell(action);
      if (parsed?.ok) {
        const saved = context.lastStatus;
        runList(parsed.script, io, context);
        context.lastStatus = saved;
      }
    } else if (context.pid !== 1) {
      throw new KilledSignal(signal);
    }
    // PID 1 of a PID namespace ignores signals it has no handler for, even SIGKILL from inside.
  }
  return status;
};
