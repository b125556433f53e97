/**
 * Which Docker a simulated daemon behaves as. A profile is given when a session is created, so
 * that every route (the CLI, lessons, the playground, the bot) states the Docker it reproduces; the
 * differences between versions are read from it, never from a route's own flags.
 *
 * Profiles name the engine (Docker 20.10 or 26.1: its CLI's and daemon's wording, API fields), its
 * image store (the overlay2 graph driver, or the containerd image store that
 * `features.containerd-snapshotter` in daemon.json turns on, as a fresh Engine 29 install has it) and
 * the BuildKit it embeds. `layercake docker` reads them the way Docker does: the version from
 * `LAYERCAKE_DOCKER_VERSION`, the store from daemon.json.
 */
import type { BuildKitFlavour } from "../builder/types.ts";

export type EngineVersion = "20.10" | "26.1";
export type ImageStoreKind = "overlay2" | "containerd";

export interface DaemonProfile {
  /** How lessons and help texts name it. */
  readonly name: string;
  /** The engine whose CLI and daemon texts, API fields and defaults it reproduces. */
  readonly engine: EngineVersion;
  /** Where images live: sizes, IDs and `docker save` follow from it. */
  readonly store: ImageStoreKind;
  /** The BuildKit the daemon embeds: its history times and build log (see `BuildKitFlavour`). */
  readonly buildkitFlavour: BuildKitFlavour;
}

/** docker.io 20.10, the daemon the differential suites first recorded (lessons). */
export const DOCKER_20_10: DaemonProfile = {
  name: "Docker 20.10",
  engine: "20.10",
  store: "overlay2",
  buildkitFlavour: "engine-20.10",
};

/**
 * A current BuildKit, as the playground, scenario questions, the bot and the tour have shown it
 * (the daemon's own texts are 20.10's there).
 */
export const CURRENT_BUILDKIT: DaemonProfile = {
  name: "current BuildKit",
  engine: "20.10",
  store: "overlay2",
  buildkitFlavour: "current",
};

/** Debian 13's docker.io 26.1.5 with the overlay2 graph driver (BuildKit v0.13 through buildx). */
export const DOCKER_26_1: DaemonProfile = {
  name: "Docker 26.1",
  engine: "26.1",
  store: "overlay2",
  buildkitFlavour: "engine-26.1",
};

/** Docker 26.1 with the containerd image store (`features.containerd-snapshotter`). */
export const DOCKER_26_1_CONTAINERD: DaemonProfile = {
  name: "Docker 26.1 (containerd image store)",
  engine: "26.1",
  store: "containerd",
  buildkitFlavour: "engine-26.1",
};

/**
 * The profile an engine version and an image store give. Docker 20.10 has no containerd image
 * store (the feature flag arrived in 24.0): it runs overlay2 whatever daemon.json says, as a real
 * 20.10 ignores an unknown feature.
 */
export function daemonProfileOf(version: EngineVersion, store: ImageStoreKind): DaemonProfile {
  if (version === "20.10") return DOCKER_20_10;
  return store === "containerd" ? DOCKER_26_1_CONTAINERD : DOCKER_26_1;
}

/** What `layercake docker` answers as when nothing is configured: a fresh modern install. */
export const DEFAULT_CLI_ENGINE_VERSION: EngineVersion = "26.1";

export const ENGINE_VERSIONS: readonly EngineVersion[] = ["20.10", "26.1"];

/** The full versions the simulated daemon reports (the Debian packages the suite was recorded on). */
export const ENGINE_RELEASES: Readonly<
  Record<
    EngineVersion,
    {
      readonly version: string;
      readonly apiVersion: string;
      readonly minimumApiVersion: string;
      readonly clientCommit: string;
      readonly gitCommit: string;
      readonly goVersion: string;
      readonly containerd: string;
      readonly runc: string;
    }
  >
> = {
  "20.10": {
    version: "20.10.24+dfsg1",
    apiVersion: "1.41",
    minimumApiVersion: "1.12",
    clientCommit: "297e128",
    gitCommit: "5d6db84",
    goVersion: "go1.19.8",
    containerd: "1.6.20~ds1",
    runc: "1.1.5+ds1",
  },
  "26.1": {
    version: "26.1.5+dfsg1",
    apiVersion: "1.45",
    minimumApiVersion: "1.24",
    clientCommit: "a72d7cd",
    gitCommit: "411e817",
    goVersion: "go1.24.4",
    containerd: "1.7.24~ds1",
    runc: "1.1.5+ds1",
  },
};

/** Parses `LAYERCAKE_DOCKER_VERSION`; undefined or empty gives the CLI's default. */
export function parseEngineVersion(
  text: string | undefined,
): { readonly version: EngineVersion } | { readonly problem: string } {
  if (text === undefined || text.trim() === "") return { version: DEFAULT_CLI_ENGINE_VERSION };
  const trimmed = text.trim();
  const found = ENGINE_VERSIONS.find((version) => version === trimmed);
  if (found !== undefined) return { version: found };
  return {
    problem: `LAYERCAKE_DOCKER_VERSION=${JSON.stringify(text)} is not a simulated Docker version (use ${ENGINE_VERSIONS.join(" or ")})`,
  };
}

/**
 * The image store a daemon.json selects: Docker's own key `features.containerd-snapshotter`
 * (true: the containerd image store; false or absent: overlay2). `where` names the file in errors.
 */
export function parseDaemonJson(
  text: string,
  where: string,
): { readonly store: ImageStoreKind } | { readonly problem: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      problem: `${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (!isRecord(document)) return { problem: `${where}: expected a JSON object at the top level` };
  const features = document.features;
  if (features === undefined) return { store: "overlay2" };
  if (!isRecord(features)) return { problem: `${where}: "features" must be an object of booleans` };
  const snapshotter = features["containerd-snapshotter"];
  if (snapshotter === undefined) return { store: "overlay2" };
  if (typeof snapshotter !== "boolean") {
    return {
      problem: `${where}: "features": {"containerd-snapshotter": …} must be true or false, not ${JSON.stringify(snapshotter)}`,
    };
  }
  return { store: snapshotter ? "containerd" : "overlay2" };
}

/**
 * The daemon.json the first `layercake docker` command writes: the containerd image store on, as a
 * fresh Docker Engine 29 install has it. The `//` entry explains how to switch (the real dockerd
 * rejects unknown keys, so leave it out of a real daemon.json).
 */
export function defaultDaemonJson(): string {
  return `${JSON.stringify(
    {
      "//": [
        "layercake docker reads this file as dockerd reads /etc/docker/daemon.json.",
        "features.containerd-snapshotter true: the containerd image store (the default of a fresh Docker Engine 29 install); false: the overlay2 graph driver (Docker 20.10 to 28 without it).",
        "The engine version comes from LAYERCAKE_DOCKER_VERSION (20.10 or 26.1, default 26.1); Docker 20.10 has no containerd image store, so it always uses overlay2.",
        "A real dockerd rejects unknown keys: leave this // entry out of a real daemon.json.",
      ],
      features: { "containerd-snapshotter": true },
    },
    null,
    2,
  )}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
