/**
 * VOLUME: `Volumes` in the config. Under the legacy builder every later RUN container mounts an
 * anonymous volume there (L7: the mountpoint lands in that RUN's layer, writes below it are lost);
 * BuildKit mounts nothing during the build.
 */
import { commitMetadata } from "../commit-metadata.ts";
import { sliceComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandAll, failStep, type StepContext, type StepOutcome } from "../runtime.ts";

export function runVolume(context: StepContext<InstructionOf<"VOLUME">>): StepOutcome {
  const paths = expandAll(context, context.instruction.paths);
  if (!paths.ok) return failStep(paths.message);
  if (paths.value.some((path) => path === "")) return failStep("VOLUME specified can not be an empty string");
  const volumes = { ...(context.stage.config.Volumes ?? {}) };
  for (const path of paths.value) volumes[path] = {};
  context.stage.config = { ...context.stage.config, Volumes: volumes };
  const comment = sliceComment("VOLUME", paths.value);
  return commitMetadata(context, comment, comment);
}
