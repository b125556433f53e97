/**
 * What unwinds the shell's stack: exit, return, break/continue, SIGPIPE, the shell killing itself
 * and a special builtin's fatal error, with the signal numbers and ash's words for them, and how
 * a shell reports the one that ends it.
 */
import { ArithmeticError } from "./arith.ts";
import { type Io, type ShellContext, shellErrorPrefix } from "./context.ts";
import { ExpansionError } from "./expand.ts";

/** Raised to unwind `exit` and `set -e`; never escapes `runScript`. */
export class ExitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export class LoopSignal {
  readonly kind: "break" | "continue";
  levels: number;
  constructor(kind: "break" | "continue", levels: number) {
    this.kind = kind;
    this.levels = levels;
  }
}

/** A pipe whose reader is gone: the writer dies of SIGPIPE (141). */
export class BrokenPipe {}

/** Raised when the shell kills itself (`kill -9 $$` in a process that is not PID 1). */
export class KilledSignal {
  readonly signal: number;
  constructor(signal: number) {
    this.signal = signal;
  }
}

/**
 * An error ash reports and ends the shell with; the message is what follows `$0: ` (a builtin's
 * error ends a non-interactive shell: POSIX 2.8.1, special builtins; status 2).
 */
export class ShellError {
  readonly message: string;
  readonly status: number;
  constructor(message: string, status = 2) {
    this.message = message;
    this.status = status;
  }
}

export const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
};

/** What ash prints when a foreground child dies of a signal. */
export const SIGNAL_TEXT: Readonly<Record<number, string>> = {
  1: "Hangup",
  3: "Quit",
  9: "Killed",
  10: "User defined signal 1",
  12: "User defined signal 2",
  15: "Terminated",
};

/** Reports a signal that ends a shell as ash would; returns the exit status, or undefined to rethrow. */
export function statusOfSignal(signal: unknown, io: Io, context: ShellContext): number | undefined {
  if (signal instanceof ExitSignal) return signal.status;
  if (signal instanceof ReturnSignal) return signal.status;
  if (signal instanceof LoopSignal) return 0;
  if (signal instanceof ShellError) {
    io.err(`${context.name}: ${signal.message}\n`);
    return signal.status;
  }
  if (signal instanceof ExpansionError || signal instanceof ArithmeticError) {
    io.err(`${shellErrorPrefix(context)}${signal.message}\n`);
    return 2;
  }
  return undefined;
}
