/**
 * The union view: layers stacked bottom to top as OCI layer.md "Applying Changesets" and the
 * kernel's overlayfs lookup rules describe them (W6, O2).
 */
import { splitPath } from "./path.ts";
import { createDir } from "./tree.ts";
import type { DirNode, FsNode } from "./types.ts";

type Present = Exclude<FsNode, { kind: "whiteout" }>;

/** Drops whiteouts and opaque flags from a changeset subtree that lands on nothing below. */
function asUnion(node: Present): Present {
  if (node.kind === "file" && node.linkOnly) {
    // How a differ archived the path says nothing about the file a container sees.
    return { kind: "file", meta: node.meta, content: node.content, inode: node.inode };
  }
  if (node.kind !== "dir") return node;
  // Most subtrees have neither: a new map is made only from the first entry that changes.
  let children: Map<string, FsNode> | undefined;
  let index = 0;
  for (const [name, child] of node.children) {
    const converted = child.kind === "whiteout" ? undefined : asUnion(child);
    if (converted !== child && children === undefined) children = firstEntries(node.children, index);
    if (children !== undefined && converted !== undefined) children.set(name, converted);
    index += 1;
  }
  if (children === undefined && !node.opaque) return node;
  return { kind: "dir", meta: node.meta, children: children ?? node.children, opaque: false };
}

/** A new map with the first `count` entries of `map`. */
function firstEntries(map: ReadonlyMap<string, FsNode>, count: number): Map<string, FsNode> {
  const out = new Map<string, FsNode>();
  if (count === 0) return out;
  for (const [name, node] of map) {
    out.set(name, node);
    if (out.size === count) break;
  }
  return out;
}

/**
 * The union after applying `changes` on `lower` (W6):
 * - an opaque directory hides every lower child first, whatever the entry order (W3);
 * - a whiteout removes the lower entry and its whole subtree (W2);
 * - a directory over a directory merges the children and takes the upper's metadata (O2);
 * - anything else replaces the lower entry ("non-directories are always opaque").
 * Untouched lower subtrees are reused as they are.
 */
export function applyChangeset(lower: DirNode, changes: DirNode): DirNode {
  if (changes.children.size === 0 && !changes.opaque) {
    if (changes.meta === lower.meta && mergedDirs.has(lower)) return lower;
    return markMerged({ ...lower, meta: changes.meta });
  }
  const children = new Map<string, FsNode>(changes.opaque ? [] : lower.children);
  for (const [name, change] of changes.children) {
    if (change.kind === "whiteout") {
      children.delete(name);
      continue;
    }
    const below = changes.opaque ? undefined : lower.children.get(name);
    if (change.kind === "dir" && below?.kind === "dir") children.set(name, applyChangeset(below, change));
    else children.set(name, asUnion(change));
  }
  const result: DirNode = { kind: "dir", meta: changes.meta, children, opaque: false };
  // An opaque directory hides the ones below: overlayfs does not merge it with them.
  return changes.opaque ? result : markMerged(result);
}

/**
 * Union directories that exist in more than one layer. overlayfs reports a link count of 1 for
 * such a merged directory ("nlink=1 seems to pacify 'find'", fs/overlayfs/inode.c) and the real
 * count (2 + subdirectories) for a directory that comes from one layer only. Kept beside the trees
 * so that the nodes stay plain data.
 */
const mergedDirs = new WeakSet<DirNode>();

function markMerged(dir: DirNode): DirNode {
  mergedDirs.add(dir);
  return dir;
}

/** Whether a union directory is merged from more than one layer (see `mergedDirs`). */
export function isMergedDir(dir: DirNode): boolean {
  return mergedDirs.has(dir);
}

/**
 * The view with `node` bind-mounted at `path` (Docker's /etc/hosts and friends): not a layer, so
 * the directories on the way keep whether they are merged.
 */
export function bindMount(view: DirNode, path: string, node: FsNode): DirNode {
  const parts = splitPath(path);
  const place = (dir: DirNode, depth: number): DirNode => {
    const name = parts[depth] as string;
    const child = dir.children.get(name);
    const replaced =
      depth === parts.length - 1 ? node : place(child?.kind === "dir" ? child : createDir(), depth + 1);
    const children = new Map(dir.children);
    children.set(name, replaced);
    const copy: DirNode = { ...dir, children };
    return mergedDirs.has(dir) ? markMerged(copy) : copy;
  };
  return parts.length === 0 ? view : place(view, 0);
}

/** The union view after each layer: index i is layers 0…i stacked on an empty root. */
export function stackLayers(changesets: readonly DirNode[], base?: DirNode): DirNode[] {
  const views: DirNode[] = [];
  let current: DirNode = base ?? {
    kind: "dir",
    meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
    children: new Map(),
    opaque: false,
  };
  for (const changes of changesets) {
    current = applyChangeset(current, changes);
    views.push(current);
  }
  return views;
}

const MAX_SYMLINK_HOPS = 40;

/**
 * The node a path names in a union tree. With `followSymlinks`, symlinks in every component
 * (including the last) are resolved, absolute targets from the root and relative ones from their
 * directory, as the kernel does (ELOOP after 40 hops → `undefined`).
 */
export function lookupPath(
  root: DirNode,
  path: string,
  options: { followSymlinks?: boolean } = {},
): FsNode | undefined {
  const follow = options.followSymlinks ?? true;
  let pending = splitPath(path);
  let resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const [name, ...rest] = pending as [string, ...string[]];
    let dir: FsNode = root;
    for (const part of resolved) {
      if (dir.kind !== "dir") return undefined;
      const next: FsNode | undefined = dir.children.get(part);
      if (next === undefined) return undefined;
      dir = next;
    }
    if (dir.kind !== "dir") return undefined;
    const node = dir.children.get(name);
    if (node === undefined || node.kind === "whiteout") return undefined;
    if (node.kind === "symlink" && (rest.length > 0 || follow)) {
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) return undefined;
      // `..` in a relative target applies after the symlink's directory, so split only once joined.
      const base = node.target.startsWith("/") ? [] : resolved;
      pending = splitPath([...base, node.target, ...rest].join("/"));
      resolved = [];
      continue;
    }
    resolved.push(name);
    pending = rest;
  }
  let node: FsNode = root;
  for (const part of resolved) {
    if (node.kind !== "dir") return undefined;
    const next: FsNode | undefined = node.children.get(part);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}
