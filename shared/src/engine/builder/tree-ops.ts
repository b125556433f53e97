/**
 * Read-only lookups in union trees and construction of changeset trees for the steps that write
 * without a container (COPY, ADD, WORKDIR): the changeset is what the overlay's upper directory
 * would hold — every parent directory of a written entry (W5: copied up with its metadata when it
 * exists below, created 0755 otherwise) and the written entries themselves.
 */
import type { DirNode, FsNode, Metadata } from "../fs/types.ts";

export type PresentNode = Exclude<FsNode, { kind: "whiteout" }>;

const MAX_SYMLINKS = 40;

/** Splits an absolute or relative path into clean components (`.` dropped, `..` applied). */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out;
}

/** `path.Join("/", …)` then clean: always absolute, no trailing slash (except `/`). */
export function joinAbsolute(...parts: string[]): string {
  return `/${splitPath(parts.join("/")).join("/")}`;
}

export interface Resolved {
  /** The canonical components after following symlinks (scoped to the root, like FollowSymlinkInScope). */
  readonly components: readonly string[];
  /** The node there, when it exists. */
  readonly node: PresentNode | undefined;
}

/**
 * Resolves a path in a union tree, following symlinks in every component (and the last one when
 * `followLast`), never escaping the root.
 */
export function resolvePath(root: DirNode, path: string, followLast = true): Resolved {
  let pending = splitPath(path);
  const done: string[] = [];
  const stack: DirNode[] = [root];
  let links = 0;
  while (pending.length > 0) {
    const [name, ...rest] = pending;
    pending = rest;
    if (name === undefined) break;
    const parent = stack.at(-1) as DirNode;
    const child = parent.children.get(name);
    if (child === undefined || child.kind === "whiteout") {
      return { components: [...done, name, ...pending], node: undefined };
    }
    if (child.kind === "symlink" && (pending.length > 0 || followLast) && links < MAX_SYMLINKS) {
      links += 1;
      const target = splitPath(child.target);
      if (child.target.startsWith("/")) {
        done.length = 0;
        stack.length = 1;
      }
      pending = [...target, ...pending];
      // `..` inside a link target is applied against the link's directory.
      pending = normaliseAgainst(done, stack, pending);
      continue;
    }
    done.push(name);
    if (child.kind === "dir") stack.push(child);
    else if (pending.length > 0) return { components: [...done, ...pending], node: undefined };
    else return { components: done, node: child };
  }
  return { components: done, node: stack.at(-1) };
}

function normaliseAgainst(done: string[], stack: DirNode[], pending: string[]): string[] {
  const out: string[] = [];
  for (const part of pending) {
    if (part === ".." && out.length === 0) {
      if (done.length > 0) {
        done.pop();
        stack.pop();
      }
    } else if (part === "..") out.pop();
    else out.push(part);
  }
  return out;
}

/** Visits every entry below `dir` in name order, with its path relative to `dir`. */
export function walkEntries(
  dir: DirNode,
  visit: (relPath: string, node: PresentNode) => void,
  prefix = "",
): void {
  for (const name of [...dir.children.keys()].sort()) {
    const child = dir.children.get(name);
    if (child === undefined || child.kind === "whiteout") continue;
    const relPath = prefix === "" ? name : `${prefix}/${name}`;
    visit(relPath, child);
    if (child.kind === "dir") walkEntries(child, visit, relPath);
  }
}

/** A directory node. */
export function dirNode(meta: Metadata, children: ReadonlyMap<string, FsNode> = new Map()): DirNode {
  return { kind: "dir", meta, children, opaque: false };
}

/** Metadata of a directory Docker creates on the way (`MkdirAllAndChownNew(…, 0755, identity)`). */
export function newDirMeta(uid: number, gid: number, mtime: number): Metadata {
  return { mode: 0o755, uid, gid, mtime };
}

/**
 * A changeset that writes `node` at `components` (canonical, already resolved) over `lower`:
 * existing parent directories are copied up with their metadata, missing ones get `parentMeta`.
 * An existing directory at the destination is merged (the written directory's children are added
 * to it); anything else there is replaced.
 */
export function graftChangeset(
  lower: DirNode,
  components: readonly string[],
  node: PresentNode,
  parentMeta: Metadata,
): DirNode {
  return graftInto(dirNode(lower.meta), lower, components, node, parentMeta);
}

/** Adds a graft to an existing changeset (several COPY sources, archive entries). */
export function graftInto(
  changes: DirNode,
  lower: DirNode | undefined,
  components: readonly string[],
  node: PresentNode,
  parentMeta: Metadata,
): DirNode {
  const [name, ...rest] = components;
  if (name === undefined) return mergeNodes(changes, node) as DirNode;
  const existingChange = changes.children.get(name);
  const lowerChild = lower?.children.get(name);
  const lowerDir = lowerChild?.kind === "dir" ? lowerChild : undefined;
  let next: FsNode;
  if (rest.length === 0) {
    next =
      existingChange !== undefined && existingChange.kind === "dir" ? mergeNodes(existingChange, node) : node;
  } else {
    const base =
      existingChange?.kind === "dir"
        ? existingChange
        : dirNode(lowerDir !== undefined ? lowerDir.meta : parentMeta);
    next = graftInto(base, lowerDir, rest, node, parentMeta);
  }
  const children = new Map(changes.children);
  children.set(name, next);
  return { ...changes, children };
}

/** A directory written over a directory: attributes from the new one, children merged. */
function mergeNodes(existing: FsNode, incoming: PresentNode): FsNode {
  if (existing.kind !== "dir" || incoming.kind !== "dir") return incoming;
  const children = new Map(existing.children);
  for (const [name, child] of incoming.children) {
    const current = children.get(name);
    children.set(
      name,
      current !== undefined && child.kind !== "whiteout" ? mergeNodes(current, child) : child,
    );
  }
  return { ...incoming, children, opaque: existing.opaque || incoming.opaque };
}

/**
 * `MkdirAll` as a changeset: the missing directories of `components` created with `meta`, the
 * existing ones on the way copied up (only when something new is created below them). Returns
 * undefined when the path already exists as a directory (nothing to do).
 */
export function mkdirAllChangeset(
  lower: DirNode,
  components: readonly string[],
  meta: Metadata,
): { changes: DirNode; created: string[] } | { error: "not-a-directory"; path: string } | undefined {
  let dir: DirNode = lower;
  let index = 0;
  for (; index < components.length; index += 1) {
    const child = dir.children.get(components[index] as string);
    if (child === undefined || child.kind === "whiteout") break;
    if (child.kind !== "dir")
      return { error: "not-a-directory", path: `/${components.slice(0, index + 1).join("/")}` };
    dir = child;
  }
  if (index === components.length) return undefined;
  let node: PresentNode = dirNode(meta);
  for (let position = components.length - 1; position > index; position -= 1) {
    node = dirNode(meta, new Map([[components[position] as string, node]]));
  }
  const created = components
    .slice(index)
    .map((_, offset) => `/${components.slice(0, index + offset + 1).join("/")}`);
  return { changes: graftChangeset(lower, components.slice(0, index + 1), node, meta), created };
}

/** Rewrites ownership (and optionally mode) of a subtree, sharing nothing that did not change. */
export function rewriteOwnership(
  node: PresentNode,
  owner: { uid: number; gid: number } | undefined,
  mode?: { file: number; dir: number },
): PresentNode {
  if (owner === undefined && mode === undefined) return node;
  const meta = adjustMeta(node, owner, mode);
  if (node.kind === "dir") {
    // Most copies change nothing (a context is already root-owned): make a map only on a change.
    let children: Map<string, FsNode> | undefined;
    let index = 0;
    for (const [name, child] of node.children) {
      const next = child.kind === "whiteout" ? child : rewriteOwnership(child, owner, mode);
      if (next !== child && children === undefined) {
        children = new Map();
        let copied = 0;
        for (const [earlierName, earlier] of node.children) {
          if (copied++ === index) break;
          children.set(earlierName, earlier);
        }
      }
      children?.set(name, next);
      index += 1;
    }
    if (children === undefined && meta === node.meta) return node;
    return { kind: "dir", meta, children: children ?? node.children, opaque: node.opaque };
  }
  return meta === node.meta ? node : { ...node, meta };
}

function adjustMeta(
  node: PresentNode,
  owner: { uid: number; gid: number } | undefined,
  mode: { file: number; dir: number } | undefined,
): Metadata {
  const uid = owner?.uid ?? node.meta.uid;
  const gid = owner?.gid ?? node.meta.gid;
  const newMode =
    mode === undefined || node.kind === "symlink"
      ? node.meta.mode
      : node.kind === "dir"
        ? mode.dir
        : mode.file;
  if (uid === node.meta.uid && gid === node.meta.gid && newMode === node.meta.mode) return node.meta;
  return { ...node.meta, uid, gid, mode: newMode };
}

/** True when the changeset has no entry at all (the empty tar). */
export function isEmptyTree(changes: DirNode): boolean {
  return changes.children.size === 0 && !changes.opaque;
}
