/**
 * The real daemons the differential suite records and replays against, one per engine profile:
 * Docker 20.10 (overlay2), Docker 26.1 with the overlay2 graph driver, and Docker 26.1 with the
 * containerd image store (`features.containerd-snapshotter`). `.ci/docker-setup.sh` starts all
 * three, each on its own socket, with the client binaries under /opt/layercake-docker/<version>.
 */

/** A daemon the suite knows: engine version and image store. */
export type DaemonProfile = "20.10" | "26.1-overlay2" | "26.1-containerd";

export const DAEMON_PROFILES: readonly DaemonProfile[] = ["20.10", "26.1-overlay2", "26.1-containerd"];

export interface DaemonProfileFacts {
  readonly profile: DaemonProfile;
  readonly version: "20.10" | "26.1";
  readonly store: "overlay2" | "containerd";
  /** The socket `.ci/docker-setup.sh` starts this daemon on. */
  readonly socket: string;
  /**
   * The client of the same version. The 20.10 client drives 20.10's embedded BuildKit itself;
   * /usr/local/bin/docker (28.x) cannot. The 26.1 client builds through the buildx plugin found in
   * `dockerConfig`/cli-plugins.
   */
  readonly cli: string;
  /** DOCKER_CONFIG for the client (its cli-plugins), when the client needs one. */
  readonly dockerConfig?: string;
  /** The Engine API version the runner's direct API calls use. */
  readonly apiVersion: string;
}

const OPT = "/opt/layercake-docker";

/**
 * `LAYERCAKE_DOCKER_INSTANCE` selects a private set of daemons started by `.ci/docker-setup.sh`
 * with the same variable (socket names suffixed `-<instance>`).
 */
function socketPath(name: string): string {
  const instance = process.env.LAYERCAKE_DOCKER_INSTANCE;
  return instance ? `/run/${name}-${instance}.sock` : `/run/${name}.sock`;
}

export const PROFILE_FACTS: Readonly<Record<DaemonProfile, DaemonProfileFacts>> = {
  "20.10": {
    profile: "20.10",
    version: "20.10",
    store: "overlay2",
    socket: socketPath("layercake-docker"),
    cli: `${OPT}/20.10/bin/docker`,
    apiVersion: "v1.41",
  },
  "26.1-overlay2": {
    profile: "26.1-overlay2",
    version: "26.1",
    store: "overlay2",
    socket: socketPath("layercake-docker-26.1-overlay2"),
    cli: `${OPT}/26.1/bin/docker`,
    dockerConfig: `${OPT}/26.1/docker-config`,
    apiVersion: "v1.45",
  },
  "26.1-containerd": {
    profile: "26.1-containerd",
    version: "26.1",
    store: "containerd",
    socket: socketPath("layercake-docker-26.1-containerd"),
    cli: `${OPT}/26.1/bin/docker`,
    dockerConfig: `${OPT}/26.1/docker-config`,
    apiVersion: "v1.45",
  },
};

/** Parses a profile name, or throws naming the accepted ones. */
export function parseDaemonProfile(text: string, where: string): DaemonProfile {
  const found = DAEMON_PROFILES.find((profile) => profile === text);
  if (found === undefined) {
    throw new Error(`${where}: unknown daemon profile '${text}' (expected ${DAEMON_PROFILES.join(", ")})`);
  }
  return found;
}
