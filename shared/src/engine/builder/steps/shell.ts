/**
 * SHELL: the shell later shell-form RUN/CMD/ENTRYPOINT use — and, under the legacy builder, the
 * prefix of every later `#(nop)` probe command (`/bin/bash -c #(nop)  ENV …`).
 */
import { reason } from "../../../core/reasons.ts";
import { commitMetadata } from "../commit-metadata.ts";
import { sliceComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { failStep, type StepContext, type StepOutcome } from "../runtime.ts";

export function runShellInstruction(context: StepContext<InstructionOf<"SHELL">>): StepOutcome {
  const shell = [...context.instruction.shell];
  if (shell.length === 0) return failStep("SHELL requires at least one argument");
  context.stage.config = { ...context.stage.config, Shell: shell };
  const comment = sliceComment("SHELL", shell);
  return commitMetadata(context, comment, comment, [
    reason(
      "shell-state",
      "SHELL changes the command line of later shell-form RUNs, so their keys change with it",
      "2.2",
    ),
  ]);
}
