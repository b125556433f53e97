/**
 * The engine profile `layercake docker` answers as, read the way Docker reads it: the version from
 * `LAYERCAKE_DOCKER_VERSION` (20.10 | 26.1, default 26.1) and the image store from
 * `$LAYERCAKE_HOME/daemon.json` (`features.containerd-snapshotter`). When daemon.json does not
 * exist, it is written with the containerd image store on, as a fresh Docker Engine 29 install has
 * it; the file's `//` entry says how to switch. (Nothing is printed: the first command's output
 * stays docker's own; `docker info` shows the store.)
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type DaemonProfile,
  daemonProfileOf,
  defaultDaemonJson,
  parseDaemonJson,
  parseEngineVersion,
} from "../engine/docker/profile.ts";

export type ProfileReading = { readonly profile: DaemonProfile } | { readonly problem: string };

/** Reads (and on first use writes) the profile for the state home `home`. */
export function readEngineProfile(
  home: string,
  environment: Readonly<Record<string, string | undefined>>,
): ProfileReading {
  const version = parseEngineVersion(environment.LAYERCAKE_DOCKER_VERSION);
  if ("problem" in version) return { problem: version.problem };
  const path = join(home, "daemon.json");
  if (!existsSync(path)) {
    mkdirSync(home, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, defaultDaemonJson());
    renameSync(temp, path);
  }
  const store = parseDaemonJson(readFileSync(path, "utf8"), path);
  if ("problem" in store) return { problem: store.problem };
  return { profile: daemonProfileOf(version.version, store.store) };
}
