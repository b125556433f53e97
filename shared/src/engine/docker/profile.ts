/**
 * Engine profiles: which Docker the simulated daemon answers as. Two engine versions (Docker 20.10,
 * Docker 26.1) and two image stores (the overlay2 graph driver, or the containerd image store that
 * `features.containerd-snapshotter` in daemon.json turns on, as a fresh Engine 29 install does).
 * Read the way Docker reads them: the version from `LAYERCAKE_DOCKER_VERSION` (what a learner would
 * have installed), the store from daemon.json.
 */

export type EngineVersion = "20.10" | "26.1";
export type ImageStoreKind = "overlay2" | "containerd";

export interface EngineProfile {
  readonly version: EngineVersion;
  readonly store: ImageStoreKind;
}

/** What lessons, scenario questions, the playground and the bot show until they are version-aware. */
export const DEFAULT_ENGINE_PROFILE: EngineProfile = { version: "20.10", store: "overlay2" };

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
    gitCommit: "5d6db84",
    goVersion: "go1.19.8",
    containerd: "1.6.20~ds1",
    runc: "1.1.5+ds1",
  },
  "26.1": {
    version: "26.1.5+dfsg1",
    apiVersion: "1.45",
    gitCommit: "411e817",
    goVersion: "go1.24.4",
    containerd: "1.7.24~ds1",
    runc: "1.1.5+ds1",
  },
};

/** A profile's one-line name: `26.1/containerd`. */
export function describeProfile(profile: EngineProfile): string {
  return `${profile.version}/${profile.store}`;
}

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

/**
 * The profile a version and a store give. Docker 20.10 has no containerd image store (the feature
 * flag arrived in 24.0), so it runs overlay2 whatever daemon.json says, as a real 20.10 would ignore
 * an unknown feature.
 */
export function resolveEngineProfile(version: EngineVersion, store: ImageStoreKind): EngineProfile {
  return { version, store: version === "20.10" ? "overlay2" : store };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
