/**
 * BuildKit's per-step mechanics: metadata instructions only append a history item (no vertex, C4);
 * RUN, COPY/ADD and WORKDIR (≠ /) are vertices whose result — a snapshot diff, always exported as
 * a layer (L5) — is looked up in the cache by key and stored there on a miss.
 */
import { sha256Digest } from "../../core/hash.ts";
import { type Reason, reason } from "../../core/reasons.ts";
import {
  type BuildKitKeyInputs,
  computeBuildKitKey,
  explainBuildKitHit,
  explainBuildKitMiss,
  SCRATCH_KEY,
} from "../cache/buildkit.ts";
import { snapshotDiskUsage } from "../fs/disk-usage.ts";
import type { DirNode } from "../fs/types.ts";
import { historyTime } from "../image/config-json.ts";
import type { HistoryEntry, Layer } from "../image/types.ts";
import { BUILDKIT_HISTORY_COMMENT, buildkitCreatedBy } from "./created-by.ts";
import { expandWord, lookupFromEnv } from "./expand.ts";
import { heredocScript } from "./heredoc.ts";
import {
  currentRootfs,
  emptyRoot,
  nowMs,
  OK,
  recordStep,
  type StageState,
  type StepContext,
  type StepOutcome,
} from "./runtime.ts";
import { isEmptyTree } from "./tree-ops.ts";

/**
 * Appends a BuildKit history item (`commitToHistory`); returns its `created_by`. Items without a
 * layer get no time here: Docker's exporter fills them in from the item before (see
 * `normalizeBuildKitHistory`); layer items carry their cache record's creation time, which is why
 * a fully cached rebuild reproduces the same image ID.
 */
export function commitBuildKitHistory(
  context: StepContext,
  message: string,
  withLayer: boolean,
  withState: boolean,
  createdMs?: number,
): string {
  const createdBy = buildkitCreatedBy(message, withState);
  context.stage.history.push({
    created: createdMs === undefined ? "" : historyTime(createdMs),
    created_by: createdBy,
    comment: BUILDKIT_HISTORY_COMMENT,
    ...(withLayer ? {} : { empty_layer: true }),
  });
  return createdBy;
}

/** Instructions that change the LLB state later vertices are keyed on (env, user, cwd, shell). */
const STATE_CHANGING = new Set(["ENV", "ARG", "USER", "WORKDIR", "SHELL"]);

/** Why a BuildKit metadata step is not a cache lookup: no vertex (C4), though some change later keys. */
export function metadataNotInCacheChain(word: string): Reason {
  if (STATE_CHANGING.has(word)) {
    return reason(
      "no-vertex-state",
      `${word} is no LLB vertex under BuildKit, so it is never looked up in the cache itself; it changes the state later steps are keyed on`,
      "2.2",
    );
  }
  return reason(
    "no-vertex",
    `${word} is no LLB vertex under BuildKit: it only changes the image config, so it is never in a cache key and cannot invalidate later steps (C4)`,
    "C4",
  );
}

/** Records a BuildKit metadata step (history item only). */
export function recordBuildKitMetadata(
  context: StepContext,
  message: string,
  extra: readonly Reason[] = [],
): StepOutcome {
  const createdBy = commitBuildKitHistory(context, message, false, false);
  recordStep(context, {
    cache: "not-applicable",
    reasons: [metadataNotInCacheChain(context.instruction.keyword), ...extra],
    layer: "history-only",
    layerReasons: [
      reason(
        "bk-history-only",
        `BuildKit adds only a history item (empty_layer: true) for ${context.instruction.keyword} (L5, R1)`,
        "L5",
      ),
    ],
    createdBy,
  });
  return OK;
}

/** BuildKit's `[stage i/n] ` progress prefix for the next vertex of a stage (`prefixCommand`). */
export function nextVertexLabel(stage: StageState): string {
  stage.vertexIndex += 1;
  const width = Math.floor(1 + Math.log10(Math.max(stage.vertexTotal, 1)));
  const position = `${String(stage.vertexIndex).padStart(width, " ")}/${stage.vertexTotal}`;
  return stage.progressName === "" ? `[${position}]` : `[${stage.progressName} ${position}]`;
}

export interface VertexProduced {
  readonly changes: DirNode;
  readonly output?: string;
  readonly layerReasons?: readonly Reason[];
}

export interface VertexInput {
  readonly kind: BuildKitKeyInputs["kind"];
  readonly op: Readonly<Record<string, string>>;
  /** COPY/ADD: the content digest of the sources, and (lazily) their per-entry checksums. */
  readonly contentKey?: string;
  readonly contentEntries?: () => ReadonlyMap<string, string>;
  /** `COPY --link`: the op runs on an empty state and is merged (C5). */
  readonly linked?: boolean;
  /** `COPY --from=<stage>` (C3 in the explanation). */
  readonly fromStage?: boolean;
  /** The history message (`RUN |1 A=1 /bin/sh -c true`, `COPY a /a`, `WORKDIR /x`). */
  readonly message: string;
  /** RUN/COPY/ADD get ` # buildkit`; WORKDIR does not. */
  readonly withState: boolean;
  /** Runs the op on a miss, over `lower` (the stage's file system, or empty for --link). */
  readonly produce: (lower: DirNode) => VertexProduced | StepOutcome;
  /** A position for comparing with earlier builds (stage label and instruction number). */
  readonly slot: string;
}

/** Runs (or reuses) one vertex and commits its layer and history item. */
export function runBuildKitVertex(context: StepContext, input: VertexInput): StepOutcome {
  const { build, stage } = context;
  // Docker 26.1's BuildKit (v0.13, both image stores) reruns the vertex it prints for a
  // `COPY --link` whenever the state below it changed (recorded in the copy-link and
  // copy-link-stages transcripts); current BuildKit keys the linked copy on scratch alone (C5).
  const independent = input.linked === true && build.flavour === "current";
  const inputs: BuildKitKeyInputs = {
    kind: input.kind,
    parentKey: independent ? SCRATCH_KEY : stage.key,
    op: input.op,
    ...(input.contentKey === undefined ? {} : { contentKey: input.contentKey }),
    ...(input.contentEntries === undefined ? {} : { contentEntries: input.contentEntries }),
  };
  const key = computeBuildKitKey(inputs);
  const label = nextVertexLabel(stage);
  const vertexName = vertexNameOf(context);
  const noCache = build.request.noCache ?? false;
  const cached = noCache ? undefined : build.store.buildkitCache.find(key);
  let layer: Layer;
  let createdMs: number;
  let reasons: Reason[] | (() => Reason[]);
  let output = "";
  let layerReasons: Reason[] = [];
  if (cached !== undefined) {
    build.store.buildkitCache.touch(cached, nowMs(build));
    layer = cached.layer;
    createdMs = cached.createdMs;
    reasons = explainBuildKitHit(inputs, input.fromStage ?? false, independent);
  } else {
    // Explaining compares with earlier records: done when someone reads the reasons.
    const known = build.store.buildkitCache.list().length;
    const declaredArgs = new Set(stage.buildArgs.map((arg) => arg.key));
    reasons = () =>
      explainBuildKitMiss(inputs, input.slot, build.store.buildkitCache.list().slice(0, known), {
        declaredArgs,
        noCache,
      });
    const lower = input.linked ? emptyRoot() : currentRootfs(build, stage);
    const produced = input.produce(lower);
    if ("ok" in produced) {
      if (!produced.ok) {
        recordStep(context, {
          index: label,
          vertexName,
          cache: "miss",
          reasons,
          layer: "nothing",
          layerReasons: [reason("step-failed", "the step failed, so nothing was committed", "L5")],
          output: produced.output ?? "",
          ...(produced.exitCode === undefined ? {} : { exitCode: produced.exitCode }),
        });
      }
      return produced;
    }
    createdMs = nowMs(build);
    // On the containerd image store BuildKit archives what its overlayfs differ finds changed.
    layer = build.ports.createLayer(
      build.request.imageStore === "containerd"
        ? build.ports.containerdDiff(lower, produced.changes, {
            differ: "overlay",
            diffTime: Math.floor(createdMs / 1000),
          })
        : produced.changes,
    );
    output = produced.output ?? "";
    layerReasons = [...(produced.layerReasons ?? [])];
    const record = build.store.buildkitCache.add({
      key,
      inputs,
      description: `${label} ${context.instruction.original}`,
      slot: input.slot,
      layer,
      snapshot: [...stage.layers, layer],
      ...(build.request.imageStore === "containerd"
        ? { snapshotUsage: snapshotDiskUsage(produced.changes) }
        : {}),
      createdMs,
    });
    build.createdRecords.push(record);
  }
  stage.rootfs = build.ports.applyChangeset(currentRootfs(build, stage), layer.changes);
  stage.layers = [...stage.layers, layer];
  stage.key = input.linked ? sha256Digest(`merge\n${stage.key}\n${key}`) : key;
  const createdBy = commitBuildKitHistory(context, input.message, true, input.withState, createdMs);
  const empty = isEmptyTree(layer.changes);
  recordStep(context, {
    index: label,
    vertexName,
    cache: cached === undefined ? "miss" : "hit",
    reasons,
    layer: "layer",
    layerReasons: [
      reason(
        "bk-always-layer",
        `BuildKit always exports a layer for ${context.instruction.keyword}${context.instruction.keyword === "WORKDIR" ? " (path ≠ /)" : ""}, whatever the diff (L5)`,
        "L5",
      ),
      ...(empty
        ? [
            reason(
              "empty-tar",
              "the snapshot diff is empty, so the layer is the empty tar sha256:5f70bf18… (R5, D6)",
              "R5",
            ),
          ]
        : []),
      ...layerReasons,
    ],
    createdBy,
    diff: layer,
    output,
  });
  return OK;
}

/** The step's slot for comparing with earlier builds: stage label and instruction position. */
export function slotOf(context: StepContext): string {
  const position = context.stage.stage.instructions.indexOf(context.instruction);
  const where = position === -1 ? context.instruction.original : String(position);
  return `${context.stage.label}#${context.trigger ? "onbuild:" : ""}${where}`;
}

/**
 * Docker's BuildKit exporter (`normalizeLayersAndHistory`, as in Docker 20.10's BuildKit): undated
 * history items take the time of the first dated item after the first undated one — the first new
 * layer, so that an ENV before the first RUN does not show the base image's age — and then of the
 * closest dated item before them. With no new layer at all, the last dated item's time (the base
 * image's); with no dated item, `fallback`.
 */
export function normalizeBuildKitHistory(history: readonly HistoryEntry[], fallback: string): HistoryEntry[] {
  let created: string | undefined;
  let undatedSeen = false;
  for (const entry of history) {
    if (entry.created !== "") {
      created = entry.created;
      if (undatedSeen) break;
    } else undatedSeen = true;
  }
  let time = created ?? fallback;
  undatedSeen = false;
  return history.map((entry) => {
    if (entry.created !== "") {
      if (undatedSeen) time = entry.created;
      return entry;
    }
    undatedSeen = true;
    return { ...entry, created: time };
  });
}

/**
 * The vertex name BuildKit prints: the instruction with the state's variables expanded (RUN keeps
 * quotes and leaves unset variables as written) and the keyword upper-cased (`uppercaseCmd`).
 */
export function vertexNameOf(context: StepContext): string {
  const { instruction, stage, build } = context;
  const run = instruction.keyword === "RUN";
  // A lone here-document adds its first line: `RUN <<EOT (echo hi...)` (convert.go, dispatchRun).
  const summary =
    run && build.flavour !== "engine-20.10"
      ? heredocScript(instruction.command, instruction.heredocs)?.summary
      : undefined;
  const original = summary === undefined ? instruction.original : `${instruction.original} (${summary})`;
  const expanded = expandWord(original, lookupFromEnv(stage.env), build.plan.escapeToken, {
    rawQuotes: run,
    skipUnset: run,
  });
  const text = expanded.ok ? expanded.value : original;
  const space = text.search(/\s/);
  return space === -1 ? text.toUpperCase() : `${text.slice(0, space).toUpperCase()}${text.slice(space)}`;
}

/** Records a vertex that failed before it ran (e.g. a COPY source missing while computing its key). */
export function failBuildKitVertex(context: StepContext, outcome: StepOutcome): StepOutcome {
  if (outcome.ok) return outcome;
  recordStep(context, {
    index: nextVertexLabel(context.stage),
    vertexName: vertexNameOf(context),
    cache: "miss",
    reasons: [],
    layer: "nothing",
    layerReasons: [reason("step-failed", "the step failed, so nothing was committed", "L5")],
    output: outcome.output ?? "",
  });
  return outcome;
}
