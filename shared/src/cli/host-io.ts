/**
 * The Node side of `HostIo` (engine/docker/host-io.ts): the real file system, and for migrating an
 * old journal (`journal.ts`) the recorder that wrote one and the replay that answers its recorded
 * reads and writes nothing.
 */
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import type { HostIo } from "../engine/docker/host-io.ts";
import { bytesContent } from "../engine/fs/content.ts";
import { createDir, createFile, createSymlink } from "../engine/fs/tree.ts";
import type { DirNode, FsNode } from "../engine/fs/types.ts";

export type { HostIo };

/** One recorded context entry; file bytes live in the blob store under their key. */
export interface SnapshotEntry {
  readonly path: string;
  readonly type: "file" | "dir" | "symlink";
  readonly mode: number;
  readonly mtime: number;
  readonly blob?: string;
  readonly target?: string;
}

/** A recorded read: its answer, JSON-friendly (bytes as blob keys). */
export type RecordedRead =
  | { readonly op: "resolve"; readonly value: string | null }
  | { readonly op: "env"; readonly value: string | null }
  | { readonly op: "text"; readonly value: string | null }
  | { readonly op: "isDirectory"; readonly value: boolean }
  | { readonly op: "bytes"; readonly blob: string | null }
  | { readonly op: "context"; readonly entries: readonly SnapshotEntry[] };

/** Where file bytes are kept by content key. */
export interface BlobStore {
  put(bytes: Uint8Array): string;
  get(key: string): Uint8Array;
}

const decoder = new TextDecoder();

/** The host file system relative to `cwd`, recording each read into `reads`. */
export function createRecordingIo(
  cwd: string,
  environment: Readonly<Record<string, string | undefined>>,
  blobs: BlobStore,
  reads: RecordedRead[],
): HostIo {
  return {
    resolve(path) {
      const value = resolve(cwd, path);
      reads.push({ op: "resolve", value });
      return value;
    },
    isDirectory(path) {
      const value = existsSync(path) && statSync(path).isDirectory();
      reads.push({ op: "isDirectory", value });
      return value;
    },
    readText(path) {
      const bytes = readFileIfPresent(resolve(cwd, path));
      reads.push({ op: "text", value: bytes === undefined ? null : decoder.decode(bytes) });
      return bytes === undefined ? undefined : decoder.decode(bytes);
    },
    readBytes(path) {
      const bytes = readFileIfPresent(resolve(cwd, path));
      reads.push({ op: "bytes", blob: bytes === undefined ? null : blobs.put(bytes) });
      return bytes;
    },
    readContext(path) {
      const entries = snapshotDirectory(path, blobs);
      reads.push({ op: "context", entries });
      return treeFromSnapshot(entries, blobs);
    },
    writeFile(path, data) {
      writeFileSync(resolve(cwd, path), data);
    },
    env(name) {
      const value = environment[name];
      reads.push({ op: "env", value: value ?? null });
      return value;
    },
  };
}

/** The host file system relative to `cwd`, as `docker` reads it (nothing is recorded). */
export function createHostIo(cwd: string, environment: Readonly<Record<string, string | undefined>>): HostIo {
  const held = new Map<string, Uint8Array>();
  const blobs: BlobStore = {
    put(bytes) {
      const key = String(held.size);
      held.set(key, bytes);
      return key;
    },
    get(key) {
      const bytes = held.get(key);
      if (bytes === undefined) throw new Error(`no bytes read under ${key}`);
      return bytes;
    },
  };
  return {
    ...createRecordingIo(cwd, environment, blobs, []),
    readStandardInput: () => (isTerminal(0) ? undefined : new Uint8Array(readFileSync(0))),
    canWriteStandardOutput: () => !isTerminal(1),
    writeStandardOutput: (data) => writeAll(1, data),
  };
}

/** node:tty taken when first asked: it loads Node's streams, which no other command needs. */
function isTerminal(fd: number): boolean {
  return process.getBuiltinModule("node:tty").isatty(fd);
}

/**
 * Writes all of `data` to `fd`, waiting while a pipe its reader has not emptied answers EAGAIN (a
 * pipe a parent process left non-blocking): an archive is larger than a pipe holds.
 */
function writeAll(fd: number, data: Uint8Array): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let written = 0;
  while (written < data.length) {
    try {
      written += writeSync(fd, data, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader went away (`| head -c 100`): the rest is not wanted.
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Answers the reads a command made when it first ran; writes nothing. */
export function createReplayIo(reads: readonly RecordedRead[], blobs: BlobStore): HostIo {
  let position = 0;
  const next = <Op extends RecordedRead["op"]>(op: Op): Extract<RecordedRead, { op: Op }> => {
    const read = reads[position];
    position += 1;
    if (read === undefined || read.op !== op) {
      throw new Error(`journal replay diverged: expected a ${op} read at ${position}`);
    }
    return read as Extract<RecordedRead, { op: Op }>;
  };
  return {
    resolve: () => next("resolve").value ?? "",
    isDirectory: () => next("isDirectory").value,
    readText: () => next("text").value ?? undefined,
    readBytes: () => {
      const { blob } = next("bytes");
      return blob === null ? undefined : blobs.get(blob);
    },
    readContext: () => treeFromSnapshot(next("context").entries, blobs),
    writeFile: () => {},
    env: () => next("env").value ?? undefined,
  };
}

function readFileIfPresent(path: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Every entry below `root`, sorted by path; symlinks are not followed. */
function snapshotDirectory(root: string, blobs: BlobStore): SnapshotEntry[] {
  const entries: SnapshotEntry[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = prefix === "" ? name : `${prefix}/${name}`;
      const stat = lstatSync(full);
      const base = { path, mode: stat.mode & 0o7777, mtime: Math.floor(stat.mtimeMs / 1000) };
      if (stat.isSymbolicLink()) entries.push({ ...base, type: "symlink", target: readlinkSync(full) });
      else if (stat.isDirectory()) {
        entries.push({ ...base, type: "dir" });
        walk(full, path);
      } else if (stat.isFile()) {
        entries.push({ ...base, type: "file", blob: blobs.put(new Uint8Array(readFileSync(full))) });
      }
    }
  };
  walk(root, "");
  const stat = statSync(root);
  entries.unshift({
    path: "",
    type: "dir",
    mode: stat.mode & 0o7777,
    mtime: Math.floor(stat.mtimeMs / 1000),
  });
  return entries;
}

/** Builds the context tree from snapshot entries (parents before children). */
export function treeFromSnapshot(entries: readonly SnapshotEntry[], blobs: BlobStore): DirNode {
  interface Building {
    meta: { mode: number; mtime: number; uid: number; gid: number };
    children: Map<string, Building | FsNode>;
  }
  const rootEntry = entries.find((entry) => entry.path === "");
  const root: Building = {
    meta: { mode: rootEntry?.mode ?? 0o755, mtime: rootEntry?.mtime ?? 0, uid: 0, gid: 0 },
    children: new Map(),
  };
  const dirs = new Map<string, Building>([["", root]]);
  for (const entry of entries) {
    if (entry.path === "") continue;
    const slash = entry.path.lastIndexOf("/");
    const parent = dirs.get(slash === -1 ? "" : entry.path.slice(0, slash));
    if (parent === undefined) continue;
    const name = entry.path.slice(slash + 1);
    const meta = { mode: entry.mode, mtime: entry.mtime, uid: 0, gid: 0 };
    if (entry.type === "dir") {
      const dir: Building = { meta, children: new Map() };
      dirs.set(entry.path, dir);
      parent.children.set(name, dir);
    } else if (entry.type === "symlink") parent.children.set(name, createSymlink(entry.target ?? "", meta));
    else parent.children.set(name, createFile(bytesContent(blobs.get(entry.blob ?? "")), meta));
  }
  const freeze = (dir: Building): DirNode => {
    const children = new Map<string, FsNode>();
    for (const name of [...dir.children.keys()].sort()) {
      const child = dir.children.get(name) as Building | FsNode;
      children.set(name, "kind" in child ? child : freeze(child));
    }
    return createDir(dir.meta, children);
  };
  return freeze(root);
}
