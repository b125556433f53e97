/**
 * The simulated side of the shell differential: the same root as the real chroot (read from the
 * template directory on disk), mounted as an overlay, and the same script run by `runShell`.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { bytesContent } from "../../src/engine/fs/content.ts";
import { createOverlayMount } from "../../src/engine/fs/overlay.ts";
import { type FixtureEntry, treeFromPaths } from "../../src/engine/fs/tree.ts";
import type { DirNode, MountedFs } from "../../src/engine/fs/types.ts";
import { applyChangeset } from "../../src/engine/fs/union.ts";
import { runShell } from "../../src/engine/shell/index.ts";
import { ENV, type ScriptRun, type SeedEntry } from "./busybox-root.ts";

export const NOW = 1_700_000_000;

/** The template root as fixture entries (devices left out: the shell knows /dev/null and /dev/zero). */
export function readRootEntries(root: string): Record<string, FixtureEntry> {
  const entries: Record<string, FixtureEntry> = {};
  const walk = (full: string, path: string) => {
    for (const name of readdirSync(full)) {
      const child = join(full, name);
      const childPath = `${path}/${name}`;
      const stat = lstatSync(child);
      if (stat.isSymbolicLink()) entries[childPath] = { kind: "symlink", target: readlinkSync(child) };
      else if (stat.isDirectory()) {
        entries[childPath] = { kind: "dir", mode: stat.mode & 0o7777 };
        walk(child, childPath);
      } else if (stat.isFile())
        entries[childPath] = {
          kind: "file",
          content: bytesContent(new Uint8Array(readFileSync(child))),
          mode: stat.mode & 0o7777,
        };
    }
  };
  walk(root, "");
  return entries;
}

function seedEntries(base: string, seed: readonly SeedEntry[]): Record<string, FixtureEntry> {
  const entries: Record<string, FixtureEntry> = { [base]: { kind: "dir", mode: 0o755 } };
  for (const entry of seed) {
    const path = `${base}/${entry.path}`;
    if (entry.kind === "dir") entries[path] = { kind: "dir", mode: entry.mode };
    else if (entry.kind === "file")
      entries[path] = { kind: "file", content: entry.content, mode: entry.mode };
    else entries[path] = { kind: "symlink", target: entry.target };
  }
  return entries;
}

/** The tree below `directory` in the format of `describeTree`. */
export function describeSimulatedTree(
  fs: MountedFs,
  directory: string,
  skip: readonly string[] = [],
): string[] {
  const lines: string[] = [];
  const walk = (full: string, relative: string) => {
    const listing = fs.readdir(full);
    if (!listing.ok) return;
    for (const name of listing.value) {
      const path = full === "/" ? `/${name}` : `${full}/${name}`;
      const rel = relative === "" ? name : `${relative}/${name}`;
      if (skip.includes(rel)) continue;
      const stat = fs.lstat(path);
      if (!stat.ok) continue;
      const mode = stat.value.mode.toString(8);
      if (stat.value.kind === "symlink") {
        const target = fs.readlink(path);
        lines.push(`${rel} link -> ${target.ok ? target.value : "?"}`);
      } else if (stat.value.kind === "dir") {
        lines.push(`${rel} dir ${mode}`);
        walk(path, rel);
      } else lines.push(`${rel} file ${mode} ${stat.value.size}`);
    }
  };
  walk(directory, "");
  return lines;
}

export class SimulatedRoot {
  readonly #tree: DirNode;
  constructor(templateEntries: Record<string, FixtureEntry>) {
    this.#tree = treeFromPaths(templateEntries, { mtime: NOW });
  }

  /** Runs a script as the chroot driver does: `/bin/sh -c` in `/w/<index>` over its seed. */
  runScript(script: string, index: number, seed: readonly SeedEntry[]): ScriptRun {
    const directory = `/w/${index}`;
    const lower = applyChangeset(this.#tree, treeFromPaths(seedEntries(directory, seed), { mtime: NOW }));
    const mount = createOverlayMount(lower, { identity: { uid: 0, gid: 0 }, now: NOW });
    const outcome = runShell(["/bin/sh", "-c"], script, {
      fs: mount.fs,
      env: [...ENV, "SHLVL=1", "OLDPWD=/", `PWD=${directory}`],
      cwd: directory,
      identity: { uid: 0, gid: 0, groups: [] },
      now: NOW,
    });
    return { ...outcome, tree: describeSimulatedTree(mount.fs, directory) };
  }

  /** Runs a line from `/` as `chroot root /bin/sh -c line` does; the tree is the whole root but /dev. */
  runLine(line: string): ScriptRun {
    const mount = createOverlayMount(this.#tree, { identity: { uid: 0, gid: 0 }, now: NOW });
    const outcome = runShell(["/bin/sh", "-c"], line, {
      fs: mount.fs,
      env: [...ENV],
      cwd: "/",
      identity: { uid: 0, gid: 0, groups: [] },
      now: NOW,
    });
    return { ...outcome, tree: describeSimulatedTree(mount.fs, "/", ["dev"]) };
  }
}
