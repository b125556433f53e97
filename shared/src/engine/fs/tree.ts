/**
 * Immutable file trees with structural sharing: every operation returns a new root and reuses
 * each subtree it did not touch, so many versions of a tree (one per layer, one per RUN step) cost
 * only what changed between them.
 */
import { textContent } from "./content.ts";
import { splitPath } from "./path.ts";
import type { DirNode, FileContent, FileNode, FsNode, Metadata, SymlinkNode, WhiteoutNode } from "./types.ts";
import { OPAQUE_WHITEOUT, whiteoutTarget } from "./whiteout.ts";

/** Root-owned defaults, mtime 0 (the epoch) unless given. */
export function createMetadata(overrides: Partial<Metadata> = {}): Metadata {
  return { mode: 0o644, uid: 0, gid: 0, mtime: 0, ...overrides };
}

let lastInode = 0;

/**
 * A fresh inode number. Inodes only need to be unique within a process (two file nodes share one
 * exactly when they are hard links), never stable across runs: nothing Docker prints depends on them.
 */
export function allocateInode(): number {
  lastInode += 1;
  return lastInode;
}

export const WHITEOUT: WhiteoutNode = Object.freeze({ kind: "whiteout" });

export function createDir(
  meta: Partial<Metadata> = {},
  children: ReadonlyMap<string, FsNode> = new Map(),
  opaque = false,
): DirNode {
  return { kind: "dir", meta: createMetadata({ mode: 0o755, ...meta }), children, opaque };
}

export function createFile(
  content: FileContent | string,
  meta: Partial<Metadata> = {},
  inode = allocateInode(),
): FileNode {
  return {
    kind: "file",
    meta: createMetadata(meta),
    content: typeof content === "string" ? textContent(content) : content,
    inode,
  };
}

export function createSymlink(target: string, meta: Partial<Metadata> = {}): SymlinkNode {
  return { kind: "symlink", meta: createMetadata({ mode: 0o777, ...meta }), target };
}

/** The node at `path`, without following symlinks; `undefined` when absent. */
export function getNode(root: DirNode, path: string | readonly string[]): FsNode | undefined {
  const parts = typeof path === "string" ? splitPath(path) : path;
  let node: FsNode = root;
  for (const part of parts) {
    if (node.kind !== "dir") return undefined;
    const next = node.children.get(part);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

/**
 * A new root with `node` at `path`. Missing parents are created as directories with
 * `parentMeta`; an existing non-directory on the way is replaced by such a directory.
 */
export function setNode(
  root: DirNode,
  path: string | readonly string[],
  node: FsNode,
  parentMeta: Partial<Metadata> = {},
): DirNode {
  const parts = typeof path === "string" ? splitPath(path) : path;
  if (parts.length === 0) {
    if (node.kind !== "dir") throw new Error("setNode: the root must stay a directory");
    return node;
  }
  const place = (dir: DirNode, index: number): DirNode => {
    const name = parts[index] as string;
    const children = new Map(dir.children);
    if (index === parts.length - 1) children.set(name, node);
    else {
      const existing = dir.children.get(name);
      const next = existing?.kind === "dir" ? existing : createDir(parentMeta);
      children.set(name, place(next, index + 1));
    }
    return { ...dir, children };
  };
  return place(root, 0);
}

/** A new root without the entry at `path` (unchanged root when it is absent). */
export function removeNode(root: DirNode, path: string | readonly string[]): DirNode {
  const parts = typeof path === "string" ? splitPath(path) : path;
  if (parts.length === 0) return root;
  const remove = (dir: DirNode, index: number): DirNode => {
    const name = parts[index] as string;
    const existing = dir.children.get(name);
    if (existing === undefined) return dir;
    const children = new Map(dir.children);
    if (index === parts.length - 1) children.delete(name);
    else if (existing.kind === "dir") {
      const updated = remove(existing, index + 1);
      if (updated === existing) return dir;
      children.set(name, updated);
    } else return dir;
    return { ...dir, children };
  };
  return remove(root, 0);
}

export interface TreeEntry {
  /** Absolute path (`/` for the root). */
  readonly path: string;
  readonly node: FsNode;
}

/** Every entry below `root` (not the root itself), depth first, children sorted by name. */
export function* walkTree(root: DirNode, prefix = ""): Generator<TreeEntry> {
  for (const name of [...root.children.keys()].sort()) {
    const node = root.children.get(name) as FsNode;
    const path = `${prefix}/${name}`;
    yield { path, node };
    if (node.kind === "dir") yield* walkTree(node, path);
  }
}

/** A fixture entry in object form: `{ "/bin/busybox": { kind: "file", content, mode } }`. */
export type FixtureEntry =
  | {
      readonly kind: "file";
      readonly content: string | FileContent;
      readonly mode?: number;
      readonly uid?: number;
      readonly gid?: number;
      readonly mtime?: number;
    }
  | {
      readonly kind: "dir";
      readonly mode?: number;
      readonly uid?: number;
      readonly gid?: number;
      readonly mtime?: number;
    }
  | { readonly kind: "symlink"; readonly target: string }
  | { readonly kind: "whiteout" };

function entryFromLine(line: string): [string, FixtureEntry] {
  const arrow = line.indexOf(" -> ");
  if (arrow !== -1) return [line.slice(0, arrow), { kind: "symlink", target: line.slice(arrow + 4) }];
  const equals = line.indexOf("=");
  if (equals !== -1) return [line.slice(0, equals), { kind: "file", content: line.slice(equals + 1) }];
  if (line.endsWith("/")) return [line, { kind: "dir" }];
  return [line, { kind: "file", content: "" }];
}

/**
 * A changeset (or union) tree from a short description, the way dive's tests build fixtures:
 * `"/a/"` a directory, `"/a/b.txt"` an empty file, `"/f=hello"` a file with that text,
 * `"/l -> /a/b.txt"` a symlink, `"/a/.wh.c"` a whiteout of c, `"/d/.wh..wh..opq"` an opaque d.
 * The object form takes explicit kinds, modes and owners. Parents are created as 0755 directories.
 */
export function treeFromPaths(
  entries: readonly string[] | Readonly<Record<string, FixtureEntry>>,
  options: { mtime?: number } = {},
): DirNode {
  const mtime = options.mtime ?? 0;
  const pairs: [string, FixtureEntry][] = Array.isArray(entries)
    ? (entries as readonly string[]).map(entryFromLine)
    : Object.entries(entries as Record<string, FixtureEntry>);
  let root = createDir({ mtime });
  for (const [rawPath, entry] of pairs) {
    const parts = splitPath(rawPath);
    const name = parts.at(-1);
    if (name === undefined) continue;
    const parentParts = parts.slice(0, -1);
    if (name === OPAQUE_WHITEOUT) {
      const existing = getNode(root, parentParts);
      const dir = existing?.kind === "dir" ? existing : createDir({ mtime });
      root = setNode(root, parentParts, { ...dir, opaque: true }, { mtime });
      continue;
    }
    const deleted = whiteoutTarget(name);
    if (deleted !== undefined) {
      root = setNode(root, [...parentParts, deleted], WHITEOUT, { mtime });
      continue;
    }
    let node: FsNode;
    if (entry.kind === "whiteout") node = WHITEOUT;
    else if (entry.kind === "symlink") node = createSymlink(entry.target, { mtime });
    else if (entry.kind === "dir") {
      const existing = getNode(root, parts);
      node = createDir(
        {
          mode: entry.mode ?? 0o755,
          uid: entry.uid ?? 0,
          gid: entry.gid ?? entry.uid ?? 0,
          mtime: entry.mtime ?? mtime,
        },
        existing?.kind === "dir" ? existing.children : new Map(),
        existing?.kind === "dir" ? existing.opaque : false,
      );
    } else {
      node = createFile(entry.content, {
        mode: entry.mode ?? 0o644,
        uid: entry.uid ?? 0,
        gid: entry.gid ?? entry.uid ?? 0,
        mtime: entry.mtime ?? mtime,
      });
    }
    root = setNode(root, parts, node, { mtime });
  }
  return root;
}
