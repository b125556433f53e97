/** LABEL: image config only (a metadata commit under the legacy builder, C4 under BuildKit). */
import { commitMetadata } from "../commit-metadata.ts";
import { keyValueComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandAll, failStep, type StepContext, type StepOutcome } from "../runtime.ts";

export function runLabel(context: StepContext<InstructionOf<"LABEL">>): StepOutcome {
  const { stage, instruction } = context;
  const keys = expandAll(
    context,
    instruction.pairs.map((pair) => pair.key),
  );
  const values = expandAll(
    context,
    instruction.pairs.map((pair) => pair.value),
  );
  if (!keys.ok) return failStep(keys.message);
  if (!values.ok) return failStep(values.message);
  const pairs = keys.value.map((key, index) => ({ key, value: values.value[index] ?? "" }));
  if (pairs.some((pair) => pair.key === "")) return failStep("LABEL names can not be blank");
  const labels = { ...(stage.config.Labels ?? {}) };
  for (const pair of pairs) labels[pair.key] = pair.value;
  stage.config = { ...stage.config, Labels: labels };
  const comment = keyValueComment("LABEL", pairs);
  return commitMetadata(context, comment, comment);
}
