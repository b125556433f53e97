/** STOPSIGNAL: the signal `docker stop` sends (validated like `signal.ParseSignal`). */
import { commitMetadata } from "../commit-metadata.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandInStep, failStep, type StepContext, type StepOutcome } from "../runtime.ts";

const SIGNALS = new Set([
  "ABRT",
  "ALRM",
  "BUS",
  "CHLD",
  "CLD",
  "CONT",
  "FPE",
  "HUP",
  "ILL",
  "INT",
  "IO",
  "IOT",
  "KILL",
  "PIPE",
  "POLL",
  "PROF",
  "PWR",
  "QUIT",
  "SEGV",
  "STKFLT",
  "STOP",
  "SYS",
  "TERM",
  "TRAP",
  "TSTP",
  "TTIN",
  "TTOU",
  "URG",
  "USR1",
  "USR2",
  "VTALRM",
  "WINCH",
  "XCPU",
  "XFSZ",
  "RTMIN",
  "RTMAX",
]);

/** True for a name (`SIGTERM`, `TERM`, `SIGRTMIN+3`) or a number Docker accepts. */
export function isValidSignal(signal: string): boolean {
  if (/^\d+$/.test(signal)) return Number(signal) > 0 && Number(signal) <= 64;
  const name = signal.toUpperCase().replace(/^SIG/, "");
  const rt = /^RTM(?:IN|AX)([+-]\d+)?$/.exec(name);
  return SIGNALS.has(name) || rt !== null;
}

export function runStopSignal(context: StepContext<InstructionOf<"STOPSIGNAL">>): StepOutcome {
  const signal = expandInStep(context, context.instruction.signal);
  if (!signal.ok) return failStep(signal.message);
  if (!isValidSignal(signal.value)) return failStep(`Invalid signal: ${signal.value}`);
  context.stage.config = { ...context.stage.config, StopSignal: signal.value };
  const comment = `STOPSIGNAL ${signal.value}`;
  return commitMetadata(context, comment, comment);
}
