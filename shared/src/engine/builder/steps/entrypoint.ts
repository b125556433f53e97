/**
 * ENTRYPOINT: the executable. It resets a CMD inherited from the base image (a CMD set earlier in
 * this Dockerfile is kept): `if !cmdSet { Cmd = nil }`.
 */

import { commitMetadata } from "../commit-metadata.ts";
import { commandComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";
import { commandArgs } from "./cmd.ts";

export function runEntrypoint(context: StepContext<InstructionOf<"ENTRYPOINT">>): StepOutcome {
  const { stage, instruction } = context;
  const args = commandArgs(instruction.command, stage.config.Shell);
  stage.config = { ...stage.config, Entrypoint: args };
  if (!stage.cmdSet) stage.config.Cmd = null;
  const comment = commandComment("ENTRYPOINT", args);
  return commitMetadata(context, comment, comment);
}
