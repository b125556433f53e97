/**
 * The Docker a learner runs, chosen once on the site (kept with their progress), in the bot
 * (`/config`) and in the terminal (`--docker`), and the simulated daemon that answers for it. The
 * ids are the profiles content is tagged with (`DockerProfile`), so a question's `profiles` and a
 * learner's choice compare directly.
 *
 * The default is the containerd image store with BuildKit: what Docker Desktop and a fresh Engine
 * 29 install use (26.1 is the closest engine observed against a real daemon).
 */
import { DOCKER_PROFILES, type DockerProfile } from "../../core/content-model.ts";
import { type DaemonProfile, DOCKER_20_10, DOCKER_26_1, DOCKER_26_1_CONTAINERD } from "./profile.ts";

export interface LearnerProfile {
  readonly id: DockerProfile;
  /** How a learner recognises their set-up, as the pickers list it. */
  readonly label: string;
  /** A few words for badges and footers ("containerd store"). */
  readonly short: string;
  /** The builder `docker build` uses there (the classic builder only on 20.10-era set-ups). */
  readonly builder: "buildkit" | "classic";
  readonly daemon: DaemonProfile;
}

export const LEARNER_PROFILES: readonly LearnerProfile[] = [
  {
    id: "26.1-containerd",
    label: "Docker Desktop or a fresh Engine 29 (containerd image store, BuildKit)",
    short: "containerd image store",
    builder: "buildkit",
    daemon: DOCKER_26_1_CONTAINERD,
  },
  {
    id: "26.1-overlay2",
    label: "An upgraded Engine (overlay2, BuildKit)",
    short: "overlay2, BuildKit",
    builder: "buildkit",
    daemon: DOCKER_26_1,
  },
  {
    id: "20.10-overlay2",
    label: "Engine 20.10 / classic builder",
    short: "Engine 20.10",
    builder: "classic",
    daemon: DOCKER_20_10,
  },
];

export const DEFAULT_LEARNER_PROFILE: DockerProfile = "26.1-containerd";

/** The learner profile with this id. */
export function learnerProfile(id: DockerProfile): LearnerProfile {
  const found = LEARNER_PROFILES.find((profile) => profile.id === id);
  // LEARNER_PROFILES lists every DockerProfile (checked by its test), so this cannot miss.
  if (found === undefined) throw new Error(`no learner profile '${id}'`);
  return found;
}

/** Parses a learner's choice (`--docker`, `/config`, a stored setting), naming the accepted ids. */
export function parseLearnerProfile(text: string, where: string): DockerProfile {
  const found = DOCKER_PROFILES.find((id) => id === text.trim());
  if (found === undefined) {
    throw new Error(
      `${where}: unknown Docker profile '${text}' (expected one of ${DOCKER_PROFILES.join(", ")})`,
    );
  }
  return found;
}
