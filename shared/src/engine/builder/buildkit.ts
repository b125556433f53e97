/**
 * BuildKit's driver (`bk` dockerfile2llb convert.go): ARGs before FROM become global args; only
 * the stages the target needs are built (M2: `FROM <stage>`, `COPY --from`), dependencies first;
 * metadata instructions only edit the image config; RUN/COPY/ADD/WORKDIR are cached vertices.
 */
import { reason } from "../../core/reasons.ts";
import { imageSourceKey, SCRATCH_KEY } from "../cache/buildkit.ts";
import { initLayer } from "../container/container.ts";
import { fullyQualifiedReference } from "../daemon/reference.ts";
import type { DirNode } from "../fs/types.ts";
import { historyWithLayers, isCommittedOverInitSnapshot } from "../image/history-layers.ts";
import { DEFAULT_PATH_ENV, readImageDraft } from "../image/image.ts";
import type { Image } from "../image/types.ts";
import { nextVertexLabel } from "./buildkit-vertex.ts";
import { metaArgStep } from "./classic.ts";
import { expandWord, lookupFromEnv } from "./expand.ts";
import type { Stage } from "./instructions.ts";
import {
  type BuildContext,
  copyConfig,
  diagnosticFor,
  emptyRoot,
  type StageState,
  unionOfImage,
} from "./runtime.ts";
import {
  blankStage,
  dispatch,
  FROM_LAYER_REASONS,
  failFrom,
  fromStep,
  runOnbuildTriggers,
} from "./stage-start.ts";
import type { BuildKitFlavour, BuildStep } from "./types.ts";

const identities = new WeakMap<Image, string>();
let identityCounter = 0;

/** A stable identity for an image object (what a resolved image digest is to BuildKit's source key). */
function identityOf(image: Image): string {
  let identity = identities.get(image);
  if (identity === undefined) {
    identityCounter += 1;
    identity = `image#${identityCounter}`;
    identities.set(image, identity);
  }
  return identity;
}

/**
 * The source identities handed out so far for these images, and the counter: a saved daemon state
 * keeps them, so that a base image keeps its source key (and its cache hits) in the next process.
 */
export function readImageSourceIdentities(images: readonly Image[]): {
  readonly identities: readonly (string | undefined)[];
  readonly counter: number;
} {
  return { identities: images.map((image) => identities.get(image)), counter: identityCounter };
}

/** Gives restored images the identities they had, and continues the counter after `counter`. */
export function restoreImageSourceIdentities(
  images: readonly Image[],
  restored: readonly (string | undefined)[],
  counter: number,
): void {
  images.forEach((image, index) => {
    const identity = restored[index];
    if (identity !== undefined) identities.set(image, identity);
  });
  identityCounter = Math.max(identityCounter, counter);
}

/** Runs BuildKit; returns the target stage's state (undefined when the build failed). */
export function runBuildKitBuild(build: BuildContext): StageState | undefined {
  const escapeToken = build.plan.escapeToken;
  for (const meta of build.plan.metaArgs) {
    const env = [...build.globalArgs].flatMap(([key, value]) =>
      value === undefined ? [] : [`${key}=${value}`],
    );
    for (const arg of meta.args) {
      const given = build.request.buildArgs?.[arg.key];
      const expanded =
        arg.value === undefined ? undefined : expandWord(arg.value, lookupFromEnv(env), escapeToken);
      if (expanded !== undefined && !expanded.ok) {
        build.failure = { kind: "definition", message: expanded.message };
        return undefined;
      }
      build.globalArgs.set(arg.key, given ?? expanded?.value);
    }
    build.steps.push(metaArgStep(meta, ""));
  }
  const stages = build.plan.stages;
  const globalEnv = [...build.globalArgs].flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${value}`],
  );
  const baseNames = stages.map((stage) => {
    const expanded = expandWord(stage.from.image, lookupFromEnv(globalEnv), escapeToken);
    return expanded.ok ? expanded.value : stage.from.image;
  });
  const target = resolveTarget(build, stages);
  if (target === undefined) return undefined;
  const order = buildOrder(build, stages, baseNames, target);
  if (order === undefined) return undefined;
  for (const stage of order) {
    const state = startStage(build, stage, baseNames[stage.index] ?? stage.from.image, stages.length);
    if (state === undefined) return undefined;
    for (const instruction of stage.instructions) {
      if (!dispatch(build, state, instruction, "", false)) return undefined;
    }
    build.stageResults.set(stage.index, state);
    if (stage !== target) markStageResultUncommitted(build, state);
  }
  return build.stageResults.get(target.index);
}

/**
 * A stage other than the target is read through `COPY --from` or a mount, never stacked on: the
 * result of its last step, when this build made it, is never committed (BuildKit commits a ref when
 * a step runs on it or an exporter needs its blob). Measured on Docker 26.1 (`docker buildx du
 * --verbose`: `mount / from exec … Mutable: true`; transcript build-cache-stages).
 */
function markStageResultUncommitted(build: BuildContext, state: StageState): void {
  const cache = build.store.buildkitCache;
  const record = cache.find(state.key);
  if (record !== undefined && build.createdRecords.includes(record)) cache.markUncommitted(record);
}

/**
 * What BuildKit's steps see of a base image on the containerd image store: the image's snapshot
 * chain, in which every layer a container commit made (the classic builder's RUN and WORKDIR,
 * `docker commit`) sits on that container's init snapshot (dev/, proc/, sys/, /etc/hosts, …), so a
 * RUN there makes no mount stubs and copies up no /etc (transcript build-cache-stages: stage b's
 * RUN over a classic-built base has an 8 KiB snapshot, root and its file).
 */
function unionOverInitSnapshots(build: BuildContext, image: Image): DirNode {
  let union = emptyRoot();
  for (const { entry, layer } of historyWithLayers(image)) {
    if (layer === undefined) continue;
    if (isCommittedOverInitSnapshot(image, entry)) union = build.ports.applyChangeset(union, initLayer(0));
    union = build.ports.applyChangeset(union, layer.changes);
  }
  return union;
}

function resolveTarget(build: BuildContext, stages: readonly Stage[]): Stage | undefined {
  const wanted = build.request.target;
  if (wanted === undefined || wanted === "") return stages.at(-1);
  const found = stages.find((stage) => stage.from.name === wanted.toLowerCase());
  if (found === undefined) {
    build.failure = {
      kind: "definition",
      message:
        build.flavour === "engine-20.10"
          ? `target stage ${wanted} could not be found`
          : `target stage "${wanted}" could not be found`,
    };
    build.diagnostics.push(
      diagnosticFor(
        build,
        { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        "UnknownStage",
        build.failure.message,
      ),
    );
  }
  return found;
}

/** The stages a stage needs: `FROM <earlier stage>` and `COPY --from=<stage|index>`. */
function dependenciesOf(
  stage: Stage,
  stages: readonly Stage[],
  baseNames: readonly string[],
  globalEnv: readonly string[],
): Stage[] {
  const deps: Stage[] = [];
  const byName = (name: string, before?: number) =>
    stages.find(
      (candidate) =>
        candidate.from.name === name.toLowerCase() && (before === undefined || candidate.index < before),
    );
  const base = byName(baseNames[stage.index] ?? "", stage.index);
  if (base !== undefined) deps.push(base);
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== "COPY" || instruction.flags.from === undefined) continue;
    const expanded = expandWord(instruction.flags.from, lookupFromEnv(globalEnv));
    const from = expanded.ok ? expanded.value : instruction.flags.from;
    const named = byName(from);
    if (named !== undefined) deps.push(named);
    else if (/^\d+$/.test(from) && stages[Number(from)] !== undefined)
      deps.push(stages[Number(from)] as Stage);
  }
  return deps;
}

/** Dependencies first (post-order from the target), file order among independent stages (M2). */
function buildOrder(
  build: BuildContext,
  stages: readonly Stage[],
  baseNames: readonly string[],
  target: Stage,
): Stage[] | undefined {
  const globalEnv = [...build.globalArgs].flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${value}`],
  );
  const order: Stage[] = [];
  const state = new Map<Stage, "visiting" | "done">();
  const visit = (stage: Stage): boolean => {
    const seen = state.get(stage);
    if (seen === "done") return true;
    if (seen === "visiting") {
      build.failure = {
        kind: "definition",
        message: `circular dependency detected on stage: ${stage.from.name ?? stage.index}`,
      };
      return false;
    }
    state.set(stage, "visiting");
    const deps = dependenciesOf(stage, stages, baseNames, globalEnv).sort(
      (left, right) => left.index - right.index,
    );
    for (const dep of deps) if (dep !== stage && !visit(dep)) return false;
    state.set(stage, "done");
    order.push(stage);
    return true;
  };
  return visit(target) ? order : undefined;
}

function startStage(
  build: BuildContext,
  stage: Stage,
  baseName: string,
  stageCount: number,
): StageState | undefined {
  const fromStage = build.plan.stages.find(
    (candidate) => candidate.index < stage.index && candidate.from.name === baseName.toLowerCase(),
  );
  const isScratch = fromStage === undefined && baseName === "scratch";
  const vertexTotal =
    (fromStage === undefined && !isScratch ? 1 : 0) +
    stage.instructions.filter((instruction) =>
      ["RUN", "COPY", "ADD", "WORKDIR"].includes(instruction.keyword),
    ).length;
  const state = blankStage(build, stage, {
    args: build.legacyArgs,
    progressName:
      stageCount === 1 && !namesSingleStage(stage, build.flavour)
        ? ""
        : (stage.from.name ?? `stage-${stage.index}`),
    key: SCRATCH_KEY,
    vertexTotal,
  });
  let index = "";
  let base: Image | undefined;
  if (fromStage !== undefined) {
    const parent = build.stageResults.get(fromStage.index);
    if (parent === undefined)
      return failFrom(
        build,
        state,
        "",
        `stage ${fromStage.from.name ?? fromStage.index} was not built`,
        "BaseImageNotFound",
      );
    state.config = copyConfig(parent.config);
    state.history = [...parent.history];
    state.layers = [...parent.layers];
    state.rootfs = parent.rootfs;
    state.image = parent.image;
    state.key = parent.key;
    state.author = parent.author;
  } else if (isScratch) {
    state.config = { Env: [DEFAULT_PATH_ENV], WorkingDir: "/" };
    state.rootfs = emptyRoot();
  } else {
    base = build.store.resolveBaseImage(baseName);
    if (base !== undefined) build.baseImages.add(base);
    if (base === undefined) {
      return failFrom(
        build,
        state,
        nextVertexLabel(state),
        `pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
        "BaseImageNotFound",
      );
    }
    const draft = readImageDraft(base);
    state.config = copyConfig(draft.config);
    delete state.config.Image;
    state.history = [...draft.history];
    state.layers = [...base.layers];
    state.rootfs =
      build.request.imageStore === "containerd"
        ? unionOverInitSnapshots(build, base)
        : unionOfImage(build.ports, base);
    state.image = base;
    state.key = imageSourceKey(fullyQualifiedReference(baseName), identityOf(base));
    state.author = draft.author;
    state.architecture = draft.architecture || "amd64";
    state.os = draft.os || "linux";
  }
  const triggers = state.config.OnBuild ?? [];
  // Current BuildKit counts ONBUILD triggers in the stage's total; 20.10's did not ("[2/1]").
  if (build.flavour === "current") state.vertexTotal += triggers.length;
  if (base !== undefined) index = nextVertexLabel(state);
  // "make sure that PATH is always set", then the LLB state takes the image's env, dir and user.
  if (!(state.config.Env ?? []).some((entry) => entry.startsWith("PATH="))) {
    state.config.Env = [...(state.config.Env ?? []), DEFAULT_PATH_ENV];
  }
  state.env = [...(state.config.Env ?? [])];
  state.cwd = state.config.WorkingDir || "/";
  state.user = state.config.User ?? "";
  const step: BuildStep = {
    ...fromStep(
      state,
      index,
      [
        reason(
          "from-inherits",
          fromStage !== undefined
            ? `FROM ${fromStage.from.name} continues from that stage's state (M2)`
            : isScratch
              ? "FROM scratch starts from no layers at all (R3)"
              : `FROM adds no history item: the base image's ${state.layers.length} layer(s) and history are inherited (R3)`,
          "R3",
        ),
      ],
      FROM_LAYER_REASONS,
    ),
    ...(index === "" ? {} : { vertexName: `FROM ${fullyQualifiedReference(baseName)}` }),
    ...(base === undefined ? {} : { image: base }),
  };
  build.steps.push(step);
  if (triggers.length > 0 && !runOnbuildTriggers(build, state, index, "BaseImageNotFound")) return undefined;
  return state;
}

/**
 * Whether BuildKit names a lone stage in its progress (`[stage-0 2/3]`): observed when a RUN mounts
 * a cache (Docker 20.10 and 26.1) or any mount at all (26.1: secrets too), as the frontend then
 * dispatches the mount's source as another state.
 */
function namesSingleStage(stage: Stage, flavour: BuildKitFlavour): boolean {
  return stage.instructions.some((instruction) => {
    if (instruction.keyword !== "RUN") return false;
    const mount = instruction.flags.mount;
    if (mount === undefined) return false;
    return flavour === "engine-26.1" || /(^|,)type=cache(,|$)/.test(mount);
  });
}
