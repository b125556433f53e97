/**
 * What both builders do when a stage starts and when a step fails: the FROM step's record, a FROM
 * that fails (bad base name, missing image, a broken ONBUILD trigger), the base image's ONBUILD
 * triggers run right after FROM (E11), and dispatching one instruction to its step in `steps/`.
 * The builders differ in how they resolve the base and what they say about it (classic.ts,
 * buildkit.ts); this is the part they share.
 */

import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { Reason } from "../../core/reasons.ts";
import { reason } from "../../core/reasons.ts";
import type { Instruction, Stage } from "./instructions.ts";
import {
  type BuildContext,
  diagnosticFor,
  platformArchitecture,
  recordStep,
  type StageState,
  type StepContext,
} from "./runtime.ts";
import { dispatchStep } from "./steps/index.ts";
import type { BuildStep } from "./types.ts";

/** A stage before its base is known: no config, history or layers yet, on the build's platform. */
export function blankStage(
  build: BuildContext,
  stage: Stage,
  own: Pick<StageState, "args" | "progressName" | "key" | "vertexTotal">,
): StageState {
  return {
    stage,
    label: stage.from.name ?? String(stage.index),
    progressName: own.progressName,
    config: {},
    history: [],
    layers: [],
    rootfs: undefined,
    author: undefined,
    cmdSet: false,
    architecture: platformArchitecture(build),
    os: "linux",
    image: undefined,
    busted: false,
    args: own.args,
    key: own.key,
    env: [],
    user: "",
    cwd: "/",
    buildArgs: [],
    vertexIndex: 0,
    vertexTotal: own.vertexTotal,
  };
}

/** FROM adds neither a layer nor a history item, in both builders (R3). */
export const FROM_LAYER_REASONS: readonly Reason[] = [
  reason("from-nothing", "FROM adds neither a layer nor a history item (R3)", "R3"),
];

/** The FROM step of the stage `state` starts, at its Dockerfile position. */
export function fromStep(
  state: StageState,
  index: string,
  reasons: readonly Reason[],
  layerReasons: readonly Reason[],
): BuildStep {
  const stage = state.stage;
  return {
    stage: state.label,
    stageIndex: stage.index,
    instruction: stage.from.original,
    keyword: "FROM",
    line: stage.from.range.start.line,
    index,
    trigger: false,
    cache: "not-applicable",
    reasons: [...reasons],
    layer: "nothing",
    layerReasons: [...layerReasons],
    output: "",
  };
}

/** Records a FROM that failed (the step, the build's failure and its diagnostic). */
export function failFrom(
  build: BuildContext,
  state: StageState,
  index: string,
  message: string,
  name: DiagnosticName = "InvalidInstructionArguments",
): undefined {
  build.steps.push(fromStep(state, index, [], []));
  build.failure = { kind: "step", step: build.steps.length - 1, message };
  build.diagnostics.push(diagnosticFor(build, state.stage.from.range, name, message));
  return undefined;
}

/**
 * Runs the base image's ONBUILD triggers right after FROM; they are not inherited further (E11).
 * False when one failed (recorded, with `failName` for a trigger that does not parse).
 */
export function runOnbuildTriggers(
  build: BuildContext,
  state: StageState,
  index: string,
  failName: DiagnosticName,
): boolean {
  const triggers = state.config.OnBuild ?? [];
  state.config.OnBuild = null;
  build.triggers.push({ stageIndex: state.stage.index, count: triggers.length });
  for (const expression of triggers) {
    const parsed = build.ports.parseTrigger(expression, build.plan.escapeToken);
    if (parsed.instruction === undefined) {
      const message = parsed.diagnostics[0]?.message ?? "onbuild trigger should be a single expression";
      failFrom(build, state, index, message, failName);
      return false;
    }
    if (!dispatch(build, state, parsed.instruction, "", true)) return false;
  }
  return true;
}

/** Dispatches one instruction; records a failure and returns false when it failed. */
export function dispatch(
  build: BuildContext,
  stage: StageState,
  instruction: Instruction,
  index: string,
  trigger: boolean,
): boolean {
  const before = build.steps.length;
  const context: StepContext = { build, stage, instruction, index, trigger };
  const outcome = dispatchStep(context);
  if (outcome.ok) return true;
  // BuildKit 20.10 meets a failing instruction that is no vertex (EXPOSE abc) while converting the
  // Dockerfile to LLB: "failed to create LLB definition: …" (recorded in fail-error-texts).
  const definition =
    build.builder === "buildkit" && build.flavour === "engine-20.10" && build.steps.length === before;
  if (build.steps.length === before) {
    recordStep(context, {
      cache: "not-applicable",
      reasons: [],
      layer: "nothing",
      layerReasons: [],
      ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
      output: outcome.output ?? "",
    });
  }
  build.failure = {
    kind: definition ? "definition" : "step",
    step: build.steps.length - 1,
    message: outcome.message,
    ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
  };
  build.diagnostics.push(
    diagnosticFor(build, instruction.range, outcome.name ?? "InvalidInstructionArguments", outcome.message),
  );
  return false;
}
