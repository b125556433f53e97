/**
 * One call for the metadata instructions: the legacy builder commits an image with an empty diff
 * (`commit()`), BuildKit appends a history item only.
 */
import type { Reason } from "../../core/reasons.ts";
import { recordBuildKitMetadata } from "./buildkit-vertex.ts";
import { commitClassicMetadata } from "./classic-commit.ts";
import type { StepContext, StepOutcome } from "./runtime.ts";

/**
 * @param classicComment the legacy `#(nop)` comment (`ENV E1=x`)
 * @param buildkitMessage BuildKit's `created_by` (`ENV E1=x`)
 * @param buildkitReasons reasons specific to the instruction under BuildKit (e.g. C-ENV2)
 */
export function commitMetadata(
  context: StepContext,
  classicComment: string,
  buildkitMessage: string,
  buildkitReasons: readonly Reason[] = [],
): StepOutcome {
  if (context.build.builder === "classic") return commitClassicMetadata(context, classicComment);
  return recordBuildKitMetadata(context, buildkitMessage, buildkitReasons);
}
