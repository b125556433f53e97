/**
 * ADD: COPY plus the extraction of local tar archives (plain or gzip) into the destination. Its
 * legacy key has the same source hash as a COPY of the same file (`ADD file:<same> in /dest`, E17).
 * URLs are refused: the simulator is offline.
 */
import { runCopyInstruction } from "../copy-step.ts";
import type { InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";

export function runAdd(context: StepContext<InstructionOf<"ADD">>): StepOutcome {
  return runCopyInstruction(context);
}
