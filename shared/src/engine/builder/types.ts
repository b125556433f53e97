import type { Clock } from "../../core/clock.ts";
import type { Diagnostic } from "../../core/diagnostics.ts";
import type { Reason } from "../../core/reasons.ts";
import type { BuildKitCacheRecord } from "../cache/buildkit.ts";
import type { DirNode } from "../fs/types.ts";
import type { Image, Layer } from "../image/types.ts";

/** `DOCKER_BUILDKIT=0` (the legacy builder of Docker Engine < 23) or BuildKit. */
export type BuilderKind = "classic" | "buildkit";

/**
 * Which BuildKit: the one embedded in Docker Engine 20.10 (Dockerfile frontend v0.8, the version
 * of the recorded experiments) or a current one (Engine ≥ 23, the reference's `bk` master). They
 * differ in a few visible details:
 * - 20.10 leaves its mount stubs in RUN layers (`dev/ proc/ sys/` on a base without them, `etc/`
 *   in every RUN layer; docker-findings F1), so `RUN true` is the empty tar only on bases that have
 *   those paths; current BuildKit cleans them up;
 * - created_by of EXPOSE (`map[8080/tcp:{}]` vs `[8080/tcp]`), HEALTHCHECK (`&{…}` vs `{Test:…}`) and
 *   ARG (Dockerfile default vs effective value);
 * - the failing RUN message (`executor failed running [/bin/sh -c false]: exit code: 1` vs
 *   `process "/bin/sh -c false" did not complete successfully: exit code: 1`);
 * - `COPY --link` exists only in current BuildKit.
 */
export type BuildKitFlavour = "engine-20.10" | "engine-26.1" | "current";

/**
 * Docker 26.1's BuildKit (v0.13, recorded in shared/test/docker on the 26.1 daemons) sits between
 * the two: like 20.10 it leaves its mount stubs in RUN layers and writes EXPOSE as a Go map, ARG with
 * its Dockerfile default and HEALTHCHECK in the legacy `&{…}` form (now with StartInterval); like
 * current BuildKit it words errors as `process "…" did not complete successfully`, shows COPY's
 * flags in history and accepts `COPY --link`.
 */
export function keepsLegacyHistoryForms(flavour: BuildKitFlavour): boolean {
  return flavour !== "current";
}

/** Everything `docker build` is given. */
export interface BuildRequest {
  readonly dockerfile: string;
  /** As the user named it (`Dockerfile`, `Dockerfile.child`); used in diagnostics. */
  readonly dockerfilePath?: string;
  /** The build context after `.dockerignore` (context/ builds it). */
  readonly context: DirNode;
  readonly builder: BuilderKind;
  /** `--build-arg K=V`. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /**
   * The daemon's image store. On the containerd image store BuildKit's RUN leaves no /etc/hosts
   * and /etc/resolv.conf stubs behind (so /etc is not copied up), measured on Docker 26.1.
   */
  readonly imageStore?: "overlay2" | "containerd";
  /**
   * `--secret id=…,src=…` (BuildKit): secret ids and their contents, which a `RUN
   * --mount=type=secret` sees as a file while it runs; never part of a cache key or a layer.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** `--target`. */
  readonly target?: string;
  /** `--no-cache`. */
  readonly noCache?: boolean;
  /** `-t name[:tag]`, several allowed. */
  readonly tags?: readonly string[];
  /** Timestamps of history items, images and new files. */
  readonly now: Clock;
  /** `--platform`; only `linux/amd64` is simulated. */
  readonly platform?: string;
  /** Default `current`. */
  readonly buildkitFlavour?: BuildKitFlavour;
  /**
   * BuildKit: what identifies the client's session for its local sources (the CLI uses the context
   * directory); builds from the same one reuse the build cache's source records. Default "context".
   */
  readonly session?: string;
  /** BuildKit: the .dockerignore text as sent (its size is a build cache record's). */
  readonly dockerignore?: string;
}

/** Did the step reuse a cached result? `not-applicable` for steps no cache is asked about. */
export type CacheStatus = "hit" | "miss" | "not-applicable";

/**
 * What the step left in the image: a filesystem layer (a `rootfs.diff_ids` entry), a history item
 * only (`empty_layer: true`), or nothing at all (FROM, ARG before FROM, BuildKit ONBUILD).
 */
export type LayerOutcome = "layer" | "history-only" | "nothing";

/** One executed (or cached) Dockerfile instruction. */
export interface BuildStep {
  /** The stage's name, or its index as Docker numbers unnamed stages (`0`, `1`, …). */
  readonly stage: string;
  readonly stageIndex: number;
  /** The instruction as written (continuation lines joined), e.g. `RUN echo hi`. */
  readonly instruction: string;
  readonly keyword: string;
  /** 1-based line of the instruction in the Dockerfile. */
  readonly line: number;
  /** The last line of an instruction followed by here-documents (their closing delimiter). */
  readonly lastLine?: number;
  /**
   * The builder's own step label: `Step 3/7` (classic), `[build 2/3]` (BuildKit vertices); empty
   * for BuildKit steps that are no vertex (metadata) and for ONBUILD triggers under classic.
   */
  readonly index: string;
  /** True for an ONBUILD trigger dispatched after FROM. */
  readonly trigger: boolean;
  /**
   * BuildKit: the vertex name its progress shows (`RUN echo 1 > /v` — variables expanded,
   * `FROM docker.io/library/tiny:1`).
   */
  readonly vertexName?: string;
  readonly cache: CacheStatus;
  /** Why the step hit or ran. */
  readonly reasons: readonly Reason[];
  readonly layer: LayerOutcome;
  /** Why the step added a layer, only a history item, or nothing. */
  readonly layerReasons: readonly Reason[];
  /** The history item's `created_by` (absent when the step adds no history item). */
  readonly createdBy?: string;
  /** The layer the step added. */
  readonly diff?: Layer;
  /** What the command printed (RUN), stdout and stderr interleaved as the builder shows them. */
  readonly output: string;
  readonly exitCode?: number;
  /** Classic builder: the image the step produced or reused (`---> <id>`). */
  readonly image?: Image;
  /** Classic builder: the container the step ran in (metadata, WORKDIR and RUN steps that missed). */
  readonly containerId?: string;
}

export interface BuildFailure {
  /**
   * `definition`: the Dockerfile was rejected before any step ran (parse errors, unknown flags or
   * target) — Docker answers these as an API error; `step`: a step failed while building.
   */
  readonly kind: "definition" | "step";
  /** Index into `steps` of the failing step; absent when the build failed before any step. */
  readonly step?: number;
  readonly exitCode?: number;
  /** The builder's error message, worded as Docker prints it. */
  readonly message: string;
  /** A definition error's 1-based Dockerfile line, which BuildKit v0.13 frames in its output. */
  readonly line?: number;
  /** The last line of that error's range when it spans several (an unterminated here-document). */
  readonly lastLine?: number;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly builder: BuilderKind;
  /** The BuildKit flavour the build used (see `BuildKitFlavour`). */
  readonly buildkitFlavour: BuildKitFlavour;
  /** The built image (absent when the build failed). */
  readonly image?: Image;
  /** Normalised tags the image received (`tiny` → `tiny:latest`). */
  readonly tags: readonly string[];
  readonly steps: readonly BuildStep[];
  /** Parse errors (with positions), failing steps, warnings such as unused build args. */
  readonly diagnostics: readonly Diagnostic[];
  readonly failure?: BuildFailure;
  /** Lines Docker prints as warnings (`[Warning] One or more build-args [X] were not consumed`). */
  readonly warnings: readonly string[];
  /** Classic builder: every image this build committed (intermediate and final). */
  readonly createdImages: readonly Image[];
  /** BuildKit: the cache records this build added. */
  readonly createdCacheRecords: readonly BuildKitCacheRecord[];
  /** BuildKit: the stages that were built (M2); classic: every stage up to the target (M1). */
  readonly builtStages: readonly string[];
  /** ONBUILD triggers executed after each FROM, by stage index. */
  readonly triggers: readonly { readonly stageIndex: number; readonly count: number }[];
}
