/**
 * Recordings the simulator does not reproduce yet, per daemon profile: `<transcript> [<variant>]`
 * → why. differential.test.ts replays everything else and checks that each of these still differs,
 * so an entry must leave this list as soon as the simulator reproduces it.
 */
import type { DaemonProfile } from "./profiles.ts";

export const PENDING: Readonly<Record<DaemonProfile, ReadonlyMap<string, string>>> = {
  "20.10": new Map(),
  "26.1-overlay2": new Map(),
  "26.1-containerd": new Map(),
};
