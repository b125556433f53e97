/**
 * The simulated daemon's state under `$LAYERCAKE_HOME` (default `~/.layercake`), kept as a journal:
 * every command that can change state is stored with its start time and the answers to the host
 * reads it made (the build context as a snapshot whose file bytes sit in a content-addressed blob
 * store). Loading replays the journal through the deterministic engine, which rebuilds images,
 * both build caches and containers exactly — the engine's trees, Maps and lazily computed IDs never
 * need their own serial form. The journal is rewritten atomically (temp file + rename) while a lock
 * directory (`mkdir`, stale after 30 s or when its owner died) is held.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { sha256Digest } from "../core/hash.ts";
import type { SimDaemon } from "../engine/docker/daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../engine/docker/profile.ts";
import { openDockerSession } from "../engine/docker/session.ts";
import { type BlobStore, createReplayIo, type RecordedRead } from "./host-io.ts";

/** One journaled command. */
export interface JournalEntry {
  readonly argv: readonly string[];
  readonly nowMs: number;
  readonly dockerBuildkit?: string;
  readonly reads: readonly RecordedRead[];
}

interface JournalFile {
  readonly version: 1;
  readonly entries: readonly JournalEntry[];
}

/** `$LAYERCAKE_HOME`, or `~/.layercake`. */
export function stateHome(environment: Readonly<Record<string, string | undefined>>): string {
  const configured = environment.LAYERCAKE_HOME;
  return configured !== undefined && configured !== "" ? configured : join(homedir(), ".layercake");
}

/** File bytes by sha256 under `<home>/blobs`. */
export function createBlobStore(home: string): BlobStore {
  const dir = join(home, "blobs");
  const cache = new Map<string, Uint8Array>();
  return {
    put(bytes) {
      const key = sha256Digest(bytes).slice(7);
      if (!cache.has(key)) {
        cache.set(key, bytes);
        const path = join(dir, key);
        if (!existsSync(path)) {
          mkdirSync(dir, { recursive: true });
          const temp = `${path}.${process.pid}.tmp`;
          writeFileSync(temp, bytes);
          renameSync(temp, path);
        }
      }
      return key;
    },
    get(key) {
      const known = cache.get(key);
      if (known !== undefined) return known;
      const bytes = new Uint8Array(readFileSync(join(dir, key)));
      cache.set(key, bytes);
      return bytes;
    },
  };
}

const STALE_LOCK_MS = 30_000;

/** Takes `<home>/lock` (waiting up to `timeoutMs`); returns its release. */
export function acquireLock(home: string, timeoutMs = 20_000): () => void {
  mkdirSync(home, { recursive: true });
  const lock = join(home, "lock");
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "owner"), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (isStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`the state in ${home} is locked by another layercake (remove ${lock} if none runs)`);
    }
    Atomics.wait(pause, 0, 0, 25);
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

/** Reads the journal (empty when there is none). */
export function readJournal(home: string): JournalEntry[] {
  const path = join(home, "journal.json");
  if (!existsSync(path)) return [];
  const file = JSON.parse(readFileSync(path, "utf8")) as JournalFile;
  if (file.version !== 1) throw new Error(`${path}: unknown journal version ${String(file.version)}`);
  return [...file.entries];
}

/** Writes the journal atomically. */
export function writeJournal(home: string, entries: readonly JournalEntry[]): void {
  const path = join(home, "journal.json");
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: 1, entries } satisfies JournalFile));
  renameSync(temp, path);
}

/** Replays a journal into a fresh daemon of `profile` (Docker 20.10 by default). */
export function replayJournal(
  entries: readonly JournalEntry[],
  blobs: BlobStore,
  profile: DaemonProfile = DOCKER_20_10,
): SimDaemon {
  // The journal's clock: each command runs at the time it was recorded.
  let recordedAt = 0;
  // A fresh install lists no images: tiny:1 and the other catalog images come when first used.
  const session = openDockerSession({ clock: { now: () => recordedAt }, profile, pulled: [] });
  for (const entry of entries) {
    recordedAt = entry.nowMs;
    session.docker(entry.argv, {
      host: createReplayIo(entry.reads, blobs),
      ...(entry.dockerBuildkit === undefined ? {} : { dockerBuildkit: entry.dockerBuildkit }),
    });
  }
  return session.daemon;
}
