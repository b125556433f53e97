/**
 * The legacy builder's driver (`moby@20.10` builder/dockerfile/builder.go
 * `dispatchDockerfileWithCancellation`): ARGs before FROM, then every stage up to the target in
 * file order (M1), each starting with a cache reset (C2) and the base image's ONBUILD triggers.
 */
import { type Reason, reason } from "../../core/reasons.ts";
import { DEFAULT_PATH_ENV, readImageDraft } from "../image/image.ts";
import type { Image } from "../image/types.ts";
import { expandWord, lookupFromEnv } from "./expand.ts";
import type { Instruction, Stage } from "./instructions.ts";
import { type BuildContext, copyConfig, diagnosticFor, type StageState } from "./runtime.ts";
import {
  blankStage,
  dispatch,
  FROM_LAYER_REASONS,
  failFrom,
  fromStep,
  runOnbuildTriggers,
} from "./stage-start.ts";
import type { BuildStep } from "./types.ts";

/** `Step n/m`: ARGs before FROM, FROMs and every instruction of the stages up to the target. */
export function classicStepTotal(stages: readonly Stage[], metaArgs: number): number {
  return metaArgs + stages.reduce((sum, stage) => sum + 1 + stage.instructions.length, 0);
}

/** The stages the legacy builder builds: all of them, cut after the target (M1). */
export function classicStages(stages: readonly Stage[], target: string | undefined): Stage[] | undefined {
  if (target === undefined || target === "") return [...stages];
  const index = stages.findIndex((stage) => stage.from.name === target.toLowerCase());
  return index === -1 ? undefined : stages.slice(0, index + 1);
}

/** Runs the legacy builder; returns the last stage's state (undefined when the build failed). */
export function runClassicBuild(build: BuildContext, stages: readonly Stage[]): StageState | undefined {
  for (const meta of build.plan.metaArgs) {
    build.classicStep += 1;
    // processMetaArg: defaults expand against the ARGs declared before (build-level allowed args).
    const env = [...build.legacyArgs.allAllowed()].map(([key, value]) => `${key}=${value}`);
    for (const arg of meta.args) {
      const value =
        arg.value === undefined
          ? undefined
          : expandWord(arg.value, lookupFromEnv(env), build.plan.escapeToken);
      if (value !== undefined && !value.ok) return fail(build, meta, undefined, value.message);
      build.legacyArgs.addArg(arg.key, value?.value);
      build.legacyArgs.addMetaArg(arg.key, value?.value);
    }
    build.steps.push(metaArgStep(meta, `Step ${build.classicStep}/${build.classicTotal}`));
  }
  let last: StageState | undefined;
  for (const stage of stages) {
    const state = startStage(build, stage);
    if (state === undefined) return undefined;
    for (const instruction of stage.instructions) {
      build.classicStep += 1;
      if (!dispatch(build, state, instruction, `Step ${build.classicStep}/${build.classicTotal}`, false))
        return undefined;
    }
    build.legacyArgs.mergeReferenced(state.args);
    build.stageResults.set(stage.index, state);
    last = state;
  }
  const unused = build.legacyArgs.unusedOptions();
  if (unused.length > 0)
    build.warnings.push(`[Warning] One or more build-args [${unused.join(" ")}] were not consumed`);
  return last;
}

/** A step record for an ARG before the first FROM: it creates nothing (E18). */
export function metaArgStep(meta: Instruction, index: string): BuildStep {
  return {
    stage: "",
    stageIndex: -1,
    instruction: meta.original,
    keyword: meta.keyword,
    line: meta.range.start.line,
    index,
    trigger: false,
    cache: "not-applicable",
    reasons: [
      reason("meta-arg", "an ARG before the first FROM only provides values for FROM lines (E18)", "E18"),
    ],
    layer: "nothing",
    layerReasons: [
      reason("meta-arg-nothing", "ARG before FROM adds neither a layer nor a history item (E18)", "E18"),
    ],
    output: "",
  };
}

function startStage(build: BuildContext, stage: Stage): StageState | undefined {
  build.classicStep += 1;
  const index = `Step ${build.classicStep}/${build.classicTotal}`;
  const args = build.legacyArgs.cloneForStage();
  const name = expandWord(
    stage.from.image,
    lookupFromEnv([...args.allMeta()].map(([key, value]) => `${key}=${value}`)),
    build.plan.escapeToken,
  );
  const state = blankStage(build, stage, { args, progressName: "", key: "", vertexTotal: 0 });
  if (!name.ok) return failFrom(build, state, index, name.message);
  if (name.value === "")
    return failFrom(build, state, index, `base name (${stage.from.image}) should not be blank`);
  let base: Image | undefined;
  const byStage = [...build.stageResults.values()].find(
    (result) => result.stage.from.name === name.value.toLowerCase(),
  );
  if (byStage !== undefined) base = byStage.image;
  else if (name.value !== "scratch") {
    base = build.store.resolveBaseImage(name.value);
    if (base === undefined) {
      return failFrom(
        build,
        state,
        index,
        `pull access denied for ${name.value.split(":")[0]}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
        "BaseImageNotFound",
      );
    }
  }
  if (base !== undefined) {
    const draft = readImageDraft(base);
    state.config = copyConfig(draft.config);
    state.history = [...draft.history];
    state.layers = [...base.layers];
    state.architecture = draft.architecture || "amd64";
    state.os = draft.os || "linux";
  }
  state.image = base;
  delete state.config.OpenStdin;
  delete state.config.StdinOnce;
  // setDefaultPath: a base without PATH gets Docker's default one.
  if (!(state.config.Env ?? []).some((entry) => entry.startsWith("PATH="))) {
    state.config.Env = [...(state.config.Env ?? []), DEFAULT_PATH_ENV];
  }
  const reasons: Reason[] = [
    reason(
      "from-inherits",
      base === undefined
        ? "FROM scratch starts from no layers at all (R3)"
        : `FROM adds no history item: the base image's ${base.layers.length} layer(s) and history are inherited (R3)`,
      "R3",
    ),
    reason(
      "cache-reset",
      "the legacy builder resets its cache flag at every FROM, so this stage can hit again (C2)",
      "C2",
    ),
  ];
  const step: BuildStep = {
    ...fromStep(state, index, reasons, FROM_LAYER_REASONS),
    ...(base === undefined ? {} : { image: base }),
  };
  const fromPosition = build.steps.length;
  build.steps.push(step);
  const triggers = state.config.OnBuild ?? [];
  if (triggers.length > 0) {
    if (!runOnbuildTriggers(build, state, index, "InvalidInstructionArguments")) return undefined;
    build.steps[fromPosition] = { ...step, ...(state.image === undefined ? {} : { image: state.image }) };
  }
  return state;
}

function fail(
  build: BuildContext,
  instruction: Instruction,
  index: string | undefined,
  message: string,
): undefined {
  build.steps.push({ ...metaArgStep(instruction, index ?? ""), layerReasons: [] });
  build.failure = { kind: "step", step: build.steps.length - 1, message };
  build.diagnostics.push(diagnosticFor(build, instruction.range, "InvalidInstructionArguments", message));
  return undefined;
}
