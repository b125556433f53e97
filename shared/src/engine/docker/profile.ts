/**
 * Which Docker a simulated daemon behaves as. A profile is given when a session is created, so
 * that every route (the CLI, lessons, the playground, the bot) states the Docker it reproduces; the
 * differences between versions are read from it, never from a route's own flags.
 */
import type { BuildKitFlavour } from "../builder/types.ts";

export interface DaemonProfile {
  /** How lessons and help texts name it. */
  readonly name: string;
  /** The BuildKit the daemon embeds: its history times and build log (see `BuildKitFlavour`). */
  readonly buildkitFlavour: BuildKitFlavour;
}

/** docker.io 20.10, the daemon the differential suites recorded (`layercake docker`, lessons). */
export const DOCKER_20_10: DaemonProfile = { name: "Docker 20.10", buildkitFlavour: "engine-20.10" };

/** A current BuildKit, as the playground, scenario questions, the bot and the tour have shown it. */
export const CURRENT_BUILDKIT: DaemonProfile = { name: "current BuildKit", buildkitFlavour: "current" };
