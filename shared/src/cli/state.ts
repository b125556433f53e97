/**
 * The simulated daemon's state under `$LAYERCAKE_HOME` (default `~/.layercake`), kept as a
 * snapshot per image store: `<home>/state/<store>/state.json` holds the metadata (format version,
 * images and their configs, tags, both build caches, containers, counters) and `trees/` and
 * `blobs/` beside it the content-addressed file trees and large file bytes (`state-codec.ts`).
 * One per store because Docker keeps them apart: images and containers made with the containerd
 * image store are not listed when daemon.json turns it off, and come back when it is turned on again
 * (the overlay2 graph driver's live under /var/lib/docker, the containerd store's in containerd). A command loads the
 * metadata, and a tree only when the engine reads it; a command that can change the state saves
 * the new metadata and the trees it made.
 *
 * Why files laid out like `/var/lib/docker` rather than a `node:sqlite` database: layers and file
 * trees are immutable and content-addressed, so they are written once and never updated, and the
 * only thing that changes is one small document, which a rename replaces atomically — SQLite's
 * transactions would buy nothing more here, while its module, its open and its page cache sit in
 * every command's start-up, and rows of nested trees would need a second encoding anyway. Files
 * also let a learner look at the state the way they would look at Docker's.
 *
 * Safety: every command holds the lock directory (`mkdir`, stale after 30 s or when its owner
 * died) from load to save, so invocations run one after another. Trees and blobs are written to a
 * temporary name and renamed, then `state.json` is replaced by rename: a crash at any point leaves
 * the previous `state.json` with every file it names, and loses nothing committed before. Files no
 * longer named by `state.json` are removed after it is replaced.
 *
 * Before this format, the state was a journal of commands replayed at every start (`journal.ts`);
 * a home holding one is migrated once: replayed, saved as a snapshot, and the journal renamed.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { createDaemon, exportDaemonState, restoreDaemon, type SimDaemon } from "../engine/docker/daemon.ts";
import type { ImageStoreKind } from "../engine/docker/profile.ts";
import { readJournal, replayJournal } from "./journal.ts";
import {
  decodeDaemonState,
  encodeDaemonState,
  forgetFiles,
  forgetKnownFiles,
  type StateDocument,
} from "./state-codec.ts";
import { StateError } from "./state-error.ts";

export { stateHome } from "./state-home.ts";
export { StateError };

/** The snapshot format this code writes and reads (the journal was format 1). */
export const STATE_FORMAT = 2;

const STALE_LOCK_MS = 30_000;

/** Takes `<home>/lock` (waiting up to `timeoutMs`); returns its release. */
export function acquireLock(home: string, timeoutMs = 20_000): () => void {
  mkdirSync(home, { recursive: true });
  const lock = join(home, "lock");
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  // The lock appears with its owner already inside (a directory renamed into place), so a process
  // killed while taking it never leaves a lock without an owner, which only age could free.
  const claim = `${lock}.${process.pid}.claim`;
  rmSync(claim, { recursive: true, force: true });
  mkdirSync(claim);
  writeFileSync(join(claim, "owner"), String(process.pid));
  for (;;) {
    try {
      renameSync(claim, lock);
      // What this process learnt of the files under an earlier hold of the lock may be stale now
      // (a long-lived process: the resident daemon, a test running many commands).
      forgetKnownFiles();
      return () => releaseLock(lock);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") {
        rmSync(claim, { recursive: true, force: true });
        throw error;
      }
    }
    if (isStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      rmSync(claim, { recursive: true, force: true });
      throw new StateError(
        `the state in ${home} is locked by another layercake (remove ${lock} if none runs)`,
      );
    }
    Atomics.wait(pause, 0, 0, 25);
  }
}

/** Removes the lock: its owner file, then the directory (a recursive removal costs more at every exit). */
function releaseLock(lock: string): void {
  try {
    unlinkSync(join(lock, "owner"));
    rmdirSync(lock);
  } catch {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    const age = Date.now() - statSync(lock).mtimeMs;
    const owner = Number(readFileSync(join(lock, "owner"), "utf8"));
    if (Number.isInteger(owner) && owner > 0) {
      try {
        process.kill(owner, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
      }
    }
    return age > STALE_LOCK_MS;
  } catch {
    // The owner file is not written yet (or the lock just went away): stale only when old.
    try {
      return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
    } catch {
      return false;
    }
  }
}

/** The snapshot's directory in a home, for one image store. */
export function snapshotDir(home: string, store: ImageStoreKind): string {
  return join(home, "state", store);
}

const MOVING = /^state-(overlay2|containerd)\.moving$/;

/**
 * Until the state was kept per image store, the snapshot sat in `<home>/state` itself. Such a
 * state moves once into the directory of the store daemon.json names now (the one it was last
 * used with): renamed aside, then into place, and a move a crash interrupted is finished here.
 */
function adoptUndividedState(home: string, store: ImageStoreKind): void {
  const root = join(home, "state");
  if (existsSync(join(root, "state.json"))) renameSync(root, join(home, `state-${store}.moving`));
  if (!existsSync(home)) return;
  for (const name of readdirSync(home)) {
    const match = MOVING.exec(name);
    if (match === null) continue;
    mkdirSync(root, { recursive: true });
    const target = join(root, match[1] as string);
    if (existsSync(target)) {
      throw new StateError(
        `${join(home, name)} is an older state that cannot move to ${target}, which exists: move or remove one of them, or start over with \`layercake docker system reset\``,
      );
    }
    renameSync(join(home, name), target);
  }
}

interface StateFile extends StateDocument {
  readonly format: number;
}

/**
 * The daemon saved in `home` for `store` (call with the lock held): the snapshot, else an old
 * journal migrated now, else a fresh daemon.
 */
export function loadDaemon(home: string, store: ImageStoreKind): SimDaemon {
  adoptUndividedState(home, store);
  const dir = snapshotDir(home, store);
  const path = join(dir, "state.json");
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // A fresh install lists no images: tiny:1 and the other catalog images come when first used.
  if (text === undefined) return migrateJournal(home, store) ?? createDaemon({ pulled: [] });
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
  } catch (error) {
    throw new StateError(
      `${path} is not valid JSON (${(error as Error).message}); start over with \`layercake docker system reset\``,
    );
  }
  if (typeof file.format !== "number" || file.format > STATE_FORMAT) {
    throw new StateError(
      `${path} was written by a newer layercake (state format ${String(file.format)}; this one reads format ${STATE_FORMAT}): update layercake, or start over with \`layercake docker system reset\``,
    );
  }
  return restoreDaemon(decodeDaemonState(file, dir));
}

/** Replays an old journal once and saves it as a snapshot; the journal is kept renamed. */
function migrateJournal(home: string, store: ImageStoreKind): SimDaemon | undefined {
  let daemon: SimDaemon;
  try {
    const entries = readJournal(home);
    if (entries === undefined) return undefined;
    daemon = replayJournal(home, entries);
  } catch (error) {
    throw new StateError(
      `${join(home, "journal.json")}: cannot migrate this older state (${(error as Error).message}); start over with \`layercake docker system reset\``,
    );
  }
  saveDaemon(home, store, daemon);
  renameSync(join(home, "journal.json"), join(home, "journal.json.migrated"));
  return daemon;
}

/**
 * Saves the daemon into `home` for `store` (call with the lock held), then removes files it no
 * longer names.
 */
export function saveDaemon(home: string, store: ImageStoreKind, daemon: SimDaemon): void {
  const dir = snapshotDir(home, store);
  const { document, trees } = encodeDaemonState(exportDaemonState(daemon), dir);
  const path = join(dir, "state.json");
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: STATE_FORMAT, ...document } satisfies StateFile));
  renameSync(temp, path);
  const blobs = new Set(Object.values(document.treeBlobs).flat());
  removeUnused(join(dir, "trees"), (name) => trees.has(name.slice(0, -".json".length)));
  removeUnused(join(dir, "blobs"), (name) => blobs.has(name));
}

/** Removes the files of `dir` that `isUsed` rejects (and temporary files a crash left behind). */
function removeUnused(dir: string, isUsed: (name: string) => boolean): void {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".tmp") && isUsed(name)) continue;
    const path = join(dir, name);
    try {
      unlinkSync(path);
      removed.push(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  forgetFiles(removed);
}

/**
 * `layercake docker system reset`: removes the simulated daemon's state (the snapshots of both
 * image stores and any old journal) from `home`, so the next command starts from a fresh daemon.
 * Quiz cards stay.
 */
export function resetState(home: string): void {
  const dir = join(home, "state");
  if (existsSync(dir)) {
    const files: string[] = [];
    for (const store of ["overlay2", "containerd"] as const) {
      for (const sub of ["trees", "blobs"]) {
        const path = join(snapshotDir(home, store), sub);
        if (existsSync(path)) for (const name of readdirSync(path)) files.push(join(path, name));
      }
    }
    forgetFiles(files);
    // Renamed first, so that an interrupted removal never leaves a state.json without its trees.
    const doomed = `${dir}.${process.pid}.removing`;
    renameSync(dir, doomed);
    rmSync(doomed, { recursive: true, force: true });
  }
  for (const name of [
    "journal.json",
    "journal.json.migrated",
    "blobs",
    "state-overlay2.moving",
    "state-containerd.moving",
  ]) {
    rmSync(join(home, name), { recursive: true, force: true });
  }
}
