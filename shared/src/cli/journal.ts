/**
 * The state format before issue 18 (node-only), kept to migrate it once: every command that could
 * change state was stored in `<home>/journal.json` with its start time and the answers to the host
 * reads it made (file bytes in `<home>/blobs`, by sha256), and loading replayed them all through
 * the deterministic engine. `state.ts` replays an old journal one last time and saves a snapshot.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SimDaemon } from "../engine/docker/daemon.ts";
import { DOCKER_20_10 } from "../engine/docker/profile.ts";
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

/** Where a journal lives in a state home. */
export function journalPath(home: string): string {
  return join(home, "journal.json");
}

/** Reads the journal (undefined when there is none). */
export function readJournal(home: string): JournalEntry[] | undefined {
  const path = journalPath(home);
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, "utf8")) as JournalFile;
  if (file.version !== 1) throw new Error(`${path}: unknown journal version ${String(file.version)}`);
  return [...file.entries];
}

/** The journal's file bytes, read from `<home>/blobs` by key. */
function journalBlobs(home: string): BlobStore {
  const dir = join(home, "blobs");
  return {
    put() {
      throw new Error("a journal replay records nothing");
    },
    get: (key) => new Uint8Array(readFileSync(join(dir, key))),
  };
}

/** Replays a journal into a fresh daemon. */
export function replayJournal(home: string, entries: readonly JournalEntry[]): SimDaemon {
  // The journal's clock: each command runs at the time it was recorded.
  let recordedAt = 0;
  const session = openDockerSession({ clock: { now: () => recordedAt }, profile: DOCKER_20_10 });
  const blobs = journalBlobs(home);
  for (const entry of entries) {
    recordedAt = entry.nowMs;
    session.docker(entry.argv, {
      host: createReplayIo(entry.reads, blobs),
      ...(entry.dockerBuildkit === undefined ? {} : { dockerBuildkit: entry.dockerBuildkit }),
    });
  }
  return session.daemon;
}
