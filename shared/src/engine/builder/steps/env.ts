/**
 * ENV: sets variables in the image config. Legacy: a metadata commit whose key includes the new Env
 * (so a changed value misses here and after, C-ENV1). BuildKit: also the LLB state's env, which
 * every later RUN's key contains (C-ENV2), but no vertex of its own.
 */
import { reason } from "../../../core/reasons.ts";
import { commitMetadata } from "../commit-metadata.ts";
import { keyValueComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandAll, failStep, type StepContext, type StepOutcome, setEnv } from "../runtime.ts";

export function runEnv(context: StepContext<InstructionOf<"ENV">>): StepOutcome {
  const { stage, instruction } = context;
  // Every word is expanded against the environment *before* this instruction (`ENV a=1 b=$a` sees the old a).
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
  if (pairs.some((pair) => pair.key === "")) return failStep("ENV names can not be blank");
  let env = stage.config.Env ?? [];
  for (const pair of pairs) {
    env = setEnv(env, pair.key, pair.value);
    if (context.build.builder === "buildkit") stage.env = setEnv(stage.env, pair.key, pair.value);
  }
  stage.config = { ...stage.config, Env: env };
  const comment = keyValueComment("ENV", pairs);
  return commitMetadata(context, comment, comment, [
    reason(
      "env-state",
      "ENV changes the environment every later RUN runs with, so later RUN keys change with it (C-ENV2)",
      "C-ENV2",
    ),
  ]);
}
