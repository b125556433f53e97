/**
 * The legacy builder's per-step mechanics (`moby@20.10` builder/dockerfile/internals.go): probe the
 * cache with a container config, and on a miss create a container (or, for COPY/ADD, a bare RW
 * layer), then commit its diff as a new image whose parent is the current one. Whether the image
 * gets a layer is decided by the diff alone (L1): an empty diff gives `empty_layer: true`.
 */
import { type Reason, reason } from "../../core/reasons.ts";
import { explainClassicMiss, probeClassicCache } from "../cache/classic.ts";
import type { DirNode } from "../fs/types.ts";
import { historyTime } from "../image/config-json.ts";
import { createImage, DOCKER_VERSION, readImageDraft } from "../image/image.ts";
import type { ContainerConfig, HistoryEntry, Image, Layer } from "../image/types.ts";
import { classicNopCmd, shellOf } from "./created-by.ts";
import {
  copyConfig,
  currentRootfs,
  failStep,
  nowMs,
  OK,
  recordStep,
  type StepContext,
  type StepOutcome,
} from "./runtime.ts";
import { isEmptyTree, mkdirAllChangeset, newDirMeta, splitPath } from "./tree-ops.ts";

/** What a step produced on a miss: the RW layer's changeset plus anything the step printed. */
export interface ProducedChanges {
  readonly changes: DirNode;
  readonly output?: string;
  /** Extra reasons about the layer (L3, L7, …). */
  readonly layerReasons?: readonly Reason[];
}

export type Produce = (lower: DirNode, containerId: string | undefined) => ProducedChanges | StepOutcome;

export interface ClassicStepInput {
  /** The probe config; stored as the new image's `container_config`. */
  readonly probe: ContainerConfig;
  /** What the cache key holds, for explanations ("command", "source hash and destination"). */
  readonly describeKey: string;
  /** True for steps run in a container (metadata, WORKDIR, RUN); false for COPY/ADD. */
  readonly withContainer: boolean;
  /** Produces the changeset on a miss. */
  readonly produce: Produce;
  /** Why an empty / non-empty diff, in this instruction's words. */
  readonly explainLayer: (empty: boolean) => Reason[];
  /** Source digests a COPY/ADD keeps for later explanations (computed when asked). */
  readonly sourceDigests?: () => ReadonlyMap<string, string>;
}

function isOutcome(value: ProducedChanges | StepOutcome): value is StepOutcome {
  return "ok" in value;
}

/** Probes, and on a miss produces and commits: one legacy build step. */
export function runClassicStep(context: StepContext, input: ClassicStepInput): StepOutcome {
  const { build, stage } = context;
  const candidates =
    build.request.noCache || stage.busted ? [] : build.store.classicCacheCandidates(stage.image);
  const probed = probeClassicCache(
    { busted: stage.busted, noCache: build.request.noCache ?? false },
    candidates,
    input.probe,
    input.describeKey,
  );
  if (probed.hit !== undefined) {
    const image = probed.hit.image;
    const draft = readImageDraft(image);
    const last = draft.history.at(-1);
    const added = image.layers.length > stage.layers.length ? image.layers.at(-1) : undefined;
    stage.image = image;
    stage.history = [...draft.history];
    stage.layers = [...image.layers];
    stage.rootfs = undefined;
    recordStep(context, {
      cache: "hit",
      reasons: probed.reasons,
      layer: last?.empty_layer ? "history-only" : "layer",
      layerReasons: [reason("cached", "the cached image is reused as it is, layer and all", "R11")],
      ...(last?.created_by === undefined ? {} : { createdBy: last.created_by }),
      ...(added === undefined ? {} : { diff: added }),
      image,
    });
    return OK;
  }
  const wasBusted = stage.busted;
  stage.busted = true;
  const explainFurther = !wasBusted && !(build.request.noCache ?? false);
  // Naming what changed compares file digests: computed only when someone reads the reasons.
  const missReasons = (): Reason[] => [
    ...probed.reasons,
    ...(explainFurther
      ? explainClassicMiss(candidates, input.probe, {
          ...(input.sourceDigests === undefined ? {} : { sourceDigests: input.sourceDigests }),
          sourceDigestsOf: (image) => build.store.annotationOf(image)?.sourceDigests,
        })
      : []),
  ];
  const containerId = input.withContainer ? build.store.nextContainerId() : undefined;
  const produced = input.produce(currentRootfs(build, stage), containerId);
  if (isOutcome(produced)) {
    recordFailure(context, missReasons, containerId, produced);
    return produced;
  }
  return commitChanges(context, input, produced, containerId, missReasons);
}

function recordFailure(
  context: StepContext,
  reasons: () => Reason[],
  containerId: string | undefined,
  outcome: StepOutcome,
): void {
  if (outcome.ok) return;
  recordStep(context, {
    cache: "miss",
    reasons,
    layer: "nothing",
    layerReasons: [reason("step-failed", "the step failed, so nothing was committed", "L1")],
    ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
    ...(containerId === undefined ? {} : { containerId }),
    output: outcome.output ?? "",
  });
}

/** L10: the legacy layer store refuses a chain deeper than 125 layers. */
export const MAX_LAYER_DEPTH = 125;

function commitChanges(
  context: StepContext,
  input: ClassicStepInput,
  produced: ProducedChanges,
  containerId: string | undefined,
  reasons: () => Reason[],
): StepOutcome {
  const { build, stage } = context;
  const probe = input.probe;
  const lower = currentRootfs(build, stage);
  const createdMs = nowMs(build);
  // The containerd image store commits what containerd's walking differ writes (the new snapshot
  // is that diff unpacked), not the container's upper directory.
  const changes =
    build.request.imageStore === "containerd"
      ? build.ports.containerdDiff(lower, produced.changes, {
          differ: "walking",
          diffTime: seconds(createdMs),
        })
      : produced.changes;
  const empty = isEmptyTree(changes);
  if (!empty && stage.layers.length >= MAX_LAYER_DEPTH) {
    // L10: layer/layer_store.go maxLayerDepth = 125.
    const outcome = failStep("failed to register layer: max depth exceeded", "MaxDepthExceeded");
    recordFailure(context, reasons, containerId, outcome);
    return outcome;
  }
  const layer: Layer | undefined = empty ? undefined : build.ports.createLayer(changes);
  const created = historyTime(createdMs);
  const entry: HistoryEntry = {
    created,
    created_by: (probe.Cmd ?? []).join(" "),
    ...(stage.author === undefined ? {} : { author: stage.author }),
    ...(empty ? { empty_layer: true } : {}),
  };
  const layers = layer === undefined ? stage.layers : [...stage.layers, layer];
  const history = [...stage.history, entry];
  const createdImage: Image = createImage({
    format: "moby",
    origin: "classic-build",
    layers,
    ...(stage.image === undefined ? {} : { parent: stage.image }),
    linkImageFieldToParent: true,
    document: {
      architecture: stage.architecture,
      os: stage.os,
      created,
      ...(stage.author === undefined ? {} : { author: stage.author }),
      ...(containerId === undefined ? {} : { container: containerId }),
      container_config: copyConfig(probe),
      docker_version: DOCKER_VERSION,
      config: copyConfig(stage.config),
      history,
    },
  });
  const image = build.store.addImage(createdImage, { createdMs });
  if (input.sourceDigests !== undefined) {
    build.store.annotate(image, {
      instruction: context.instruction.original,
      sourceDigests: input.sourceDigests,
    });
  }
  build.createdImages.push(image);
  stage.image = image;
  stage.layers = [...layers];
  stage.history = history;
  stage.rootfs = empty ? lower : build.ports.applyChangeset(lower, changes);
  recordStep(context, {
    cache: "miss",
    reasons,
    layer: empty ? "history-only" : "layer",
    layerReasons: [...input.explainLayer(empty), ...(produced.layerReasons ?? [])],
    createdBy: entry.created_by ?? "",
    ...(layer === undefined ? {} : { diff: layer }),
    output: produced.output ?? "",
    image,
    ...(containerId === undefined ? {} : { containerId }),
  });
  return OK;
}

/**
 * `container.SetupWorkingDirectory` at container create: the WORKDIR and its missing parents are
 * created 0755 root:root (`MkdirAllAndChownNew`), whatever USER says (L4). Returns the changeset
 * (empty when it exists) or a failure when a component is not a directory.
 */
export function setupWorkingDirectory(
  lower: DirNode,
  workingDir: string | undefined,
  mtime: number,
): DirNode | StepOutcome {
  const components = splitPath(workingDir ?? "");
  const empty: DirNode = { kind: "dir", meta: lower.meta, children: new Map(), opaque: false };
  if (components.length === 0) return empty;
  const made = mkdirAllChangeset(lower, components, newDirMeta(0, 0, mtime));
  if (made === undefined) return empty;
  if ("error" in made) return failStep(`Cannot mkdir: ${workingDir} is not a directory`);
  return made.changes;
}

/** Reasons for a metadata instruction's empty diff. */
export function metadataLayerReasons(empty: boolean): Reason[] {
  return empty
    ? [
        reason(
          "metadata-empty-diff",
          "a metadata instruction changes no file: the legacy builder commits an empty diff, so the history item has empty_layer: true (L1, R1)",
          "L1",
        ),
      ]
    : [
        reason(
          "workdir-created",
          "the container's WORKDIR did not exist, so creating the container made it: the diff is not empty (L1)",
          "L1",
        ),
      ];
}

/**
 * `commit()` for metadata instructions: the probe's Cmd is `[shell…, "#(nop) ", comment]`; a miss
 * creates a container (which only creates a missing WORKDIR) and commits its diff.
 */
export function commitClassicMetadata(context: StepContext, comment: string): StepOutcome {
  const { stage, build } = context;
  const probe: ContainerConfig = {
    ...copyConfig(stage.config),
    Cmd: classicNopCmd(shellOf(stage.config.Shell), comment),
  };
  return runClassicStep(context, {
    probe,
    describeKey: "instruction and configuration",
    withContainer: true,
    produce: (lower) => {
      const changes = setupWorkingDirectory(lower, stage.config.WorkingDir, seconds(nowMs(build)));
      return "ok" in changes ? changes : { changes };
    },
    explainLayer: metadataLayerReasons,
  });
}

/** Whole seconds of a millisecond clock reading (file mtimes). */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
