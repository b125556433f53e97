/**
 * USER: the user later RUNs (and the container) run as. Part of the legacy key (compared User) and
 * of BuildKit's RUN and WORKDIR definitions (the LLB state's user).
 */
import { reason } from "../../../core/reasons.ts";
import { commitMetadata } from "../commit-metadata.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandInStep, failStep, type StepContext, type StepOutcome } from "../runtime.ts";

export function runUser(context: StepContext<InstructionOf<"USER">>): StepOutcome {
  const user = expandInStep(context, context.instruction.user);
  if (!user.ok) return failStep(user.message);
  context.stage.config = { ...context.stage.config, User: user.value };
  context.stage.user = user.value;
  const comment = `USER ${user.value}`;
  return commitMetadata(context, comment, comment, [
    reason(
      "user-state",
      "USER is part of the state later RUN and WORKDIR steps are defined with, so their keys change with it",
      "2.2",
    ),
  ]);
}
