/**
 * A simple command: its words expanded, prefix assignments in force for its run, `set -x`
 * tracing in ash's quoting, and the lookup order (special builtin, function, builtin, PATH) that
 * decides what runs; and calling a shell function with its own positional parameters and locals.
 */
import { BUILTIN_NAMES, runBuiltin, SPECIAL_BUILTINS } from "./builtins.ts";
import { type Io, type ShellContext, setVariable } from "./context.ts";
import { expandAssignment, expandWords } from "./expand.ts";
import { runCommand } from "./interpreter.ts";
import type { Command } from "./parse.ts";
import { runExternal } from "./programs.ts";
import { applyRedirections } from "./redirections.ts";
import { ExitSignal, ReturnSignal } from "./signals.ts";

/** ash's reserved words, which its xtrace quotes like any word that needs quoting (busybox 1.35). */
const RESERVED_WORDS = new Set([
  "!",
  "[[",
  "case",
  "do",
  "done",
  "elif",
  "else",
  "esac",
  "fi",
  "for",
  "function",
  "if",
  "in",
  "then",
  "until",
  "while",
  "{",
  "}",
]);

/** ash's xtrace quoting: reserved words and words with anything but these characters are single-quoted. */
function traceQuote(word: string): string {
  if (word === "") return "";
  if (/^[A-Za-z0-9%+,./:@_^\]-]+$/.test(word) && !RESERVED_WORDS.has(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

export function runSimple(
  command: Extract<Command, { kind: "simple" }>,
  io: Io,
  context: ShellContext,
  errexitApplies: boolean,
): number {
  context.lineno = command.line;
  // What went to descriptors `exec` opened is in the files before the next command looks.
  for (const flush of context.budget.pendingFlushes) flush();
  // The last command substitution's status is the status of a command with no words (`x=$(false)`);
  // `$?` inside the words still names the previous command's.
  context.substitutionStatus = undefined;
  const argv = expandWords(command.words, context, io);
  const assignments = command.assignments.map((assignment) => {
    const equals = assignment.indexOf("=");
    return [
      assignment.slice(0, equals),
      expandAssignment(assignment.slice(equals + 1), context, io),
    ] as const;
  });
  const substitutionStatus = context.substitutionStatus ?? 0;
  const trace = context.options.xtrace
    ? (text: string) => io.err(`${context.env.get("PS4") ?? "+ "}${text}\n`)
    : undefined;
  if (argv.length === 0) {
    trace?.(assignments.map(([name, value]) => `${name}=${traceQuote(value)}`).join(" "));
    for (const [name, value] of assignments) setVariable(context, name, value);
    const redirected = applyRedirections(command.redirections, io, context);
    if (typeof redirected === "number") return redirected;
    redirected.flush();
    const status = command.words.length === 0 && command.assignments.length === 0 ? 0 : substitutionStatus;
    context.lastStatus = status;
    if (errexitApplies && context.errexit && status !== 0) throw new ExitSignal(status);
    return status;
  }
  trace?.(
    [...assignments.map(([name, value]) => `${name}=${traceQuote(value)}`), ...argv.map(traceQuote)].join(
      " ",
    ),
  );
  const name = argv[0] as string;
  // `exec` with redirections only: they stay in force for the rest of the shell.
  if (name === "exec" && argv.length === 1 && command.redirections.length > 0) {
    const redirected = applyRedirections(command.redirections, context.redirectedIo ?? io, context);
    if (typeof redirected === "number") return redirected;
    for (const redirection of command.redirections) {
      const sink = redirected.sinks.get(redirection.fd);
      if (redirection.fd >= 3) {
        if (sink) context.openFds.set(redirection.fd, sink);
        else context.openFds.delete(redirection.fd);
      }
    }
    if (command.redirections.some((redirection) => redirection.fd <= 2)) context.redirectedIo = redirected.io;
    context.budget.pendingFlushes.push(redirected.flush);
    return 0;
  }
  const redirected = applyRedirections(command.redirections, io, context);
  if (typeof redirected === "number") {
    if (errexitApplies && context.errexit) throw new ExitSignal(redirected);
    return redirected;
  }
  const { io: commandIo, flush } = redirected;
  let status: number;
  try {
    status = runResolved(argv, assignments, commandIo, context, errexitApplies);
  } finally {
    flush();
  }
  context.lastStatus = status;
  if (errexitApplies && context.errexit && status !== 0) throw new ExitSignal(status);
  return status;
}

function runResolved(
  argv: readonly string[],
  assignments: readonly (readonly [string, string])[],
  io: Io,
  context: ShellContext,
  errexitApplies: boolean,
): number {
  const name = argv[0] as string;
  if (SPECIAL_BUILTINS.has(name)) {
    // POSIX 2.14: assignments before a special builtin stay in the shell.
    for (const [variable, value] of assignments) setVariable(context, variable, value);
    return runBuiltin(argv, io, context);
  }
  const fn = context.functions.get(name);
  if (fn)
    return withAssignments(context, assignments, true, () =>
      callFunction(fn, argv, io, context, errexitApplies),
    );
  if (BUILTIN_NAMES.has(name))
    return withAssignments(context, assignments, false, () => runBuiltin(argv, io, context));
  return withAssignments(context, assignments, true, () => runExternal(argv, io, context));
}

/** Runs `body` with `NAME=value` prefix assignments in force, then restores the variables. */
function withAssignments(
  context: ShellContext,
  assignments: readonly (readonly [string, string])[],
  exported: boolean,
  body: () => number,
): number {
  if (assignments.length === 0) return body();
  const saved = assignments.map(([name]) => ({
    name,
    value: context.env.get(name),
    exported: context.exported.has(name),
  }));
  for (const [name, value] of assignments) {
    setVariable(context, name, value);
    if (exported) context.exported.add(name);
  }
  try {
    return body();
  } finally {
    for (const { name, value, exported: wasExported } of saved.reverse()) {
      if (value === undefined) context.env.delete(name);
      else context.env.set(name, value);
      if (!wasExported) context.exported.delete(name);
    }
  }
}

/**
 * Runs a function. A call where `set -e` is ignored (a condition, the left of `&&`/`||`, under
 * `!`) ignores it in the whole body too, as ash does.
 */
export function callFunction(
  body: Command,
  argv: readonly string[],
  io: Io,
  context: ShellContext,
  errexitApplies = true,
): number {
  return context.budget.nested("function calls", () =>
    callFunctionBody(body, argv, io, context, errexitApplies),
  );
}

function callFunctionBody(
  body: Command,
  argv: readonly string[],
  io: Io,
  context: ShellContext,
  errexitApplies: boolean,
): number {
  const savedArgs = context.args;
  const savedLoopDepth = context.loopDepth;
  context.args = argv.slice(1);
  context.loopDepth = 0;
  const frame = new Map<string, { value: string | undefined; exported: boolean }>();
  context.locals.push(frame);
  try {
    return runCommand(body, io, context, errexitApplies);
  } catch (signal) {
    if (signal instanceof ReturnSignal) return signal.status;
    throw signal;
  } finally {
    context.locals.pop();
    for (const [name, saved] of frame) {
      if (saved.value === undefined) context.env.delete(name);
      else context.env.set(name, saved.value);
      if (saved.exported) context.exported.add(name);
      else context.exported.delete(name);
    }
    context.args = savedArgs;
    context.loopDepth = savedLoopDepth;
  }
}
