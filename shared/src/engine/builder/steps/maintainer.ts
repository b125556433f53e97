/**
 * MAINTAINER: sets the image `author`. The legacy builder also writes it as the `author` of every
 * later history item of the stage (`dispatchState.maintainer`); BuildKit only sets the image's.
 */
import { commitMetadata } from "../commit-metadata.ts";
import type { InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";

export function runMaintainer(context: StepContext<InstructionOf<"MAINTAINER">>): StepOutcome {
  context.stage.author = context.instruction.maintainer;
  const comment = `MAINTAINER ${context.instruction.maintainer}`;
  return commitMetadata(context, comment, comment);
}
