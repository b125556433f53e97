/** One handler per Dockerfile instruction (FROM is the stage's start, see classic.ts / buildkit.ts). */
import type { InstructionKeyword, InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";
import { runAdd } from "./add.ts";
import { runArg } from "./arg.ts";
import { runCmd } from "./cmd.ts";
import { runCopy } from "./copy.ts";
import { runEntrypoint } from "./entrypoint.ts";
import { runEnv } from "./env.ts";
import { runExpose } from "./expose.ts";
import { runHealthcheck } from "./healthcheck.ts";
import { runLabel } from "./label.ts";
import { runMaintainer } from "./maintainer.ts";
import { runOnbuild } from "./onbuild.ts";
import { runRun } from "./run.ts";
import { runShellInstruction } from "./shell.ts";
import { runStopSignal } from "./stopsignal.ts";
import { runUser } from "./user.ts";
import { runVolume } from "./volume.ts";
import { runWorkdir } from "./workdir.ts";

export type StepHandler<Keyword extends InstructionKeyword> = (
  context: StepContext<InstructionOf<Keyword>>,
) => StepOutcome;

export const stepHandlers: { readonly [Keyword in InstructionKeyword]: StepHandler<Keyword> } = {
  ADD: runAdd,
  ARG: runArg,
  CMD: runCmd,
  COPY: runCopy,
  ENTRYPOINT: runEntrypoint,
  ENV: runEnv,
  EXPOSE: runExpose,
  HEALTHCHECK: runHealthcheck,
  LABEL: runLabel,
  MAINTAINER: runMaintainer,
  ONBUILD: runOnbuild,
  RUN: runRun,
  SHELL: runShellInstruction,
  STOPSIGNAL: runStopSignal,
  USER: runUser,
  VOLUME: runVolume,
  WORKDIR: runWorkdir,
};

/** Dispatches one instruction to its handler. */
export function dispatchStep(context: StepContext): StepOutcome {
  const handler = stepHandlers[context.instruction.keyword] as (context: StepContext) => StepOutcome;
  return handler(context);
}
