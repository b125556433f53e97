/**
 * ARG inside a stage. Legacy: a metadata commit keyed on the Dockerfile text (`#(nop)  ARG V=1`),
 * so a changed --build-arg does not miss here but at the next RUN, whose key carries `|n V=…`
 * (C-ARG1). BuildKit: the value joins the LLB state's env, which later RUN keys contain.
 */
import { reason } from "../../../core/reasons.ts";
import { commitMetadata } from "../commit-metadata.ts";
import { argComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandInStep, failStep, type StepContext, type StepOutcome, setEnv } from "../runtime.ts";
import { keepsLegacyHistoryForms } from "../types.ts";

export function runArg(context: StepContext<InstructionOf<"ARG">>): StepOutcome {
  const { stage, instruction, build } = context;
  const declared: { key: string; value: string | undefined }[] = [];
  for (const arg of instruction.args) {
    const key = expandInStep(context, arg.key);
    if (!key.ok) return failStep(key.message);
    let value: string | undefined;
    if (arg.value !== undefined) {
      const expanded = expandInStep(context, arg.value);
      if (!expanded.ok) return failStep(expanded.message);
      value = expanded.value;
    }
    declared.push({ key: key.value, value });
  }
  if (build.builder === "classic") {
    for (const arg of declared) stage.args.addArg(arg.key, arg.value);
    return commitMetadata(context, argComment(declared), argComment(declared));
  }
  const shown: { key: string; value: string | undefined }[] = [];
  for (const arg of declared) {
    const given = build.request.buildArgs?.[arg.key];
    const inherited = build.globalArgs.get(arg.key);
    const effective = given ?? arg.value ?? inherited;
    if (effective !== undefined) stage.env = setEnv(stage.env, arg.key, effective);
    stage.buildArgs.push({ key: arg.key, value: effective });
    // BuildKit 20.10 wrote the Dockerfile default; current BuildKit writes the value in effect.
    shown.push({ key: arg.key, value: keepsLegacyHistoryForms(build.flavour) ? arg.value : effective });
  }
  return commitMetadata(context, argComment(declared), argComment(shown), [
    reason(
      "arg-state",
      "ARG puts its value into the environment of every later RUN, so a changed value misses at the next RUN, not here (C-ARG1)",
      "C-ARG1",
    ),
  ]);
}
