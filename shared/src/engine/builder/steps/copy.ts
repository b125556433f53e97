/**
 * COPY: files from the build context, another stage (`--from=name|index`) or an image into the
 * image. See `copy-step.ts` for the keys of both builders (R12, C3, C5) and the layer (L6).
 */
import { runCopyInstruction } from "../copy-step.ts";
import type { InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";

export function runCopy(context: StepContext<InstructionOf<"COPY">>): StepOutcome {
  return runCopyInstruction(context);
}
