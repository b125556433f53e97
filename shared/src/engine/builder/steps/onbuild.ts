/**
 * ONBUILD: stores a trigger in `OnBuild`. Legacy: a metadata commit (`#(nop)  ONBUILD RUN …`);
 * BuildKit: no history item at all (R2). The triggers run in a child build right after its FROM.
 */
import { reason } from "../../../core/reasons.ts";
import { commitClassicMetadata } from "../classic-commit.ts";
import type { InstructionOf } from "../instructions.ts";
import { failStep, OK, recordStep, type StepContext, type StepOutcome } from "../runtime.ts";

export function runOnbuild(context: StepContext<InstructionOf<"ONBUILD">>): StepOutcome {
  const { stage, instruction, build } = context;
  const word = instruction.expression.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? "";
  if (word === "ONBUILD") return failStep("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (word === "FROM" || word === "MAINTAINER")
    return failStep(`${word} isn't allowed as an ONBUILD trigger`);
  stage.config = { ...stage.config, OnBuild: [...(stage.config.OnBuild ?? []), instruction.expression] };
  if (build.builder === "classic") return commitClassicMetadata(context, `ONBUILD ${instruction.expression}`);
  recordStep(context, {
    cache: "not-applicable",
    reasons: [reason("no-vertex", "ONBUILD only changes the image config under BuildKit (C4)", "C4")],
    layer: "nothing",
    layerReasons: [
      reason(
        "bk-onbuild-nothing",
        "BuildKit's ONBUILD adds no history item at all, only config.OnBuild (R2)",
        "R2",
      ),
    ],
  });
  return OK;
}
