/**
 * The state of one overlay mount and the kernel's rules over it (overlay.ts builds the syscalls on
 * top): the lower tree, the upper directory and the merged view kept in step, how a path resolves,
 * what a write copies up (O3), when a removal leaves a whiteout or makes a directory opaque (O4,
 * W3), and the link counts `stat` reports.
 */

import type { OverlayMount, OverlayOptions } from "./overlay.ts";
import { splitPath } from "./path.ts";
import { allocateInode, createDir, getNode, removeNode, setNode, WHITEOUT } from "./tree.ts";
import type {
  DirNode,
  FileNode,
  FsError,
  FsErrorCode,
  FsNode,
  FsResult,
  Identity,
  Metadata,
  Stat,
} from "./types.ts";
import { applyChangeset, isMergedDir } from "./union.ts";

export type Present = Exclude<FsNode, { kind: "whiteout" }>;
export type Parts = readonly string[];

const MAX_SYMLINK_HOPS = 40;
const DIR_SIZE = 4096;

export function failure(code: FsErrorCode, syscall: string, parts: Parts): { ok: false; error: FsError } {
  return { ok: false, error: { code, syscall, path: `/${parts.join("/")}` } };
}

export function startsWith(parts: Parts, prefix: Parts): boolean {
  if (prefix.length > parts.length) return false;
  for (let index = 0; index < prefix.length; index += 1) if (parts[index] !== prefix[index]) return false;
  return true;
}

export interface VolumeMount {
  readonly parts: Parts;
  readonly mount: OverlayMount;
}

export interface OverlayState {
  readonly lower: DirNode;
  /** The upper directory as a changeset tree. */
  upper: DirNode;
  /** What processes see (volumes not included). */
  merged: DirNode;
  readonly identity: Identity;
  readonly now: () => number;
  readonly volumeMounts: Map<string, VolumeMount>;
  /** Seconds, for the mtimes the mount writes. */
  time(): number;
  lowerUnderneath(parts: Parts): Present | undefined;
  lowerVisible(parts: Parts): Present | undefined;
  volumeFor(parts: Parts): VolumeMount | undefined;
  nodeAt(parts: Parts): Present | undefined;
  resolve(path: string, followLast: boolean, syscall: string): FsResult<Parts>;
  ensureUpperParents(parts: Parts): void;
  putUpper(parts: Parts, node: FsNode): void;
  putMerged(parts: Parts, node: Present | undefined): void;
  touchParent(parts: Parts): void;
  modify(parts: Parts, update: (node: Present, copiedUp: boolean) => Present): void;
  syncHardLinks(inode: number, node: FileNode): void;
  mayWrite(node: FsNode): boolean;
  newMeta(mode: number): Metadata;
  create(parts: Parts, node: Present): void;
  remove(parts: Parts): void;
  directoryLinks(node: DirNode, parts: Parts): number;
  statOf(node: Present, parts: Parts): Stat;
  countLinks(inode: number): number;
  /** Notes that a lower entry at `parts` was copied up (or moved) into its parent directory. */
  copiedUpInto(parentParts: Parts): void;
  /**
   * Upper directories that were themselves copied up and then received a copied-up entry: the
   * kernel gives them `trusted.overlay.origin` and `trusted.overlay.impure` (fs/disk-usage.ts).
   */
  readonly impureCopiedUpDirs: ReadonlySet<string>;
}

/** The state of a mount over `lower` (never modified), resuming `options.upper` when given. */
export function createOverlayState(lower: DirNode, options: OverlayOptions): OverlayState {
  const now = typeof options.now === "function" ? options.now : () => options.now as number;
  const identity = options.identity;
  let upper: DirNode = options.upper ?? createDir(lower.meta);
  let merged: DirNode = options.upper ? applyChangeset(lower, options.upper) : lower;
  const volumeMounts = new Map<string, { parts: Parts; mount: OverlayMount }>();

  // --- lookups -------------------------------------------------------------------------------

  /**
   * Whether lower has an entry at `parts` that no upper *ancestor* hides (an opaque directory or a
   * non-directory above it): removing such an entry must leave a whiteout (O4).
   */
  const lowerUnderneath = (parts: Parts): Present | undefined => {
    let upperNode: FsNode | undefined = upper;
    for (let index = 0; index < parts.length; index += 1) {
      if (upperNode === undefined) break;
      if (upperNode.kind !== "dir" || upperNode.opaque) return undefined;
      upperNode = upperNode.children.get(parts[index] as string);
    }
    const node = getNode(lower, parts);
    return node === undefined || node.kind === "whiteout" ? undefined : node;
  };

  /** The lower entry merged into the view at `parts`, if any (O2). */
  const lowerVisible = (parts: Parts): Present | undefined => {
    const own = getNode(upper, parts);
    if (own !== undefined && (own.kind !== "dir" || own.opaque)) return undefined;
    return lowerUnderneath(parts);
  };

  const volumeFor = (parts: Parts): { parts: Parts; mount: OverlayMount } | undefined => {
    for (const volume of volumeMounts.values()) {
      if (parts.length > volume.parts.length && startsWith(parts, volume.parts)) return volume;
    }
    return undefined;
  };

  const nodeAt = (parts: Parts): Present | undefined => {
    const volume = volumeFor(parts);
    if (volume) {
      const node = getNode(volume.mount.merged(), parts.slice(volume.parts.length));
      return node === undefined || node.kind === "whiteout" ? undefined : node;
    }
    const node = getNode(merged, parts);
    return node === undefined || node.kind === "whiteout" ? undefined : node;
  };

  /**
   * Resolves symlinks in every component but the last (and in the last too with `followLast`).
   * Returns the canonical components; the last one may not exist.
   */
  const resolve = (path: string, followLast: boolean, syscall: string): FsResult<Parts> => {
    let pending = splitPath(path);
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const [name, ...rest] = pending as [string, ...string[]];
      const candidate = [...done, name];
      const node = nodeAt(candidate);
      if (node === undefined) {
        if (rest.length > 0) return failure("ENOENT", syscall, candidate);
        done.push(name);
        pending = rest;
        continue;
      }
      if (node.kind === "symlink" && (rest.length > 0 || followLast)) {
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) return failure("ELOOP", syscall, candidate);
        // Absolute targets restart at the root, relative ones at the symlink's directory.
        const base = node.target.startsWith("/") ? [] : [...done];
        pending = splitPath([...base, node.target, ...rest].join("/"));
        done.length = 0;
        continue;
      }
      if (rest.length > 0 && node.kind !== "dir") return failure("ENOTDIR", syscall, candidate);
      done.push(name);
      pending = rest;
    }
    return { ok: true, value: done };
  };

  // --- writing the upper directory ------------------------------------------------------------

  const time = () => Math.floor(now());

  /** Copies up every directory on the way to `parts` (exclusive) that is not in upper yet (O3). */
  const ensureUpperParents = (parts: Parts) => {
    for (let depth = 0; depth < parts.length; depth += 1) {
      const prefix = parts.slice(0, depth);
      const existing = getNode(upper, prefix);
      if (existing?.kind === "dir") continue;
      const view = getNode(merged, prefix);
      const meta = view?.kind === "dir" ? view.meta : createDir().meta;
      upper = setNode(upper, prefix, createDir(meta));
      if (depth > 0) copiedUpInto(prefix.slice(0, -1));
    }
  };

  const impureCopiedUpDirs = new Set<string>();
  /**
   * The kernel marks the upper parent of every copy-up "impure" (`ovl_set_impure` in
   * fs/overlayfs/copy_up.c), and a directory that was itself copied up carries its origin; only
   * the root (never copied up) and directories made in this mount have no origin.
   */
  const copiedUpInto = (parentParts: Parts) => {
    if (parentParts.length === 0) return;
    const own = getNode(upper, parentParts);
    if (own?.kind !== "dir" || own.opaque || lowerUnderneath(parentParts)?.kind !== "dir") return;
    impureCopiedUpDirs.add(`/${parentParts.join("/")}`);
  };

  /** Sets `node` at `parts` in both trees (the caller decides what upper must hold). */
  const putUpper = (parts: Parts, node: FsNode) => {
    ensureUpperParents(parts);
    upper = setNode(upper, parts, node);
  };

  const putMerged = (parts: Parts, node: Present | undefined) => {
    merged = node === undefined ? removeNode(merged, parts) : setNode(merged, parts, node);
  };

  /** Creating or removing an entry updates the parent directory's mtime (in upper and merged). */
  const touchParent = (parts: Parts) => {
    const parentParts = parts.slice(0, -1);
    const parent = getNode(merged, parentParts);
    if (parent?.kind !== "dir") return;
    const meta: Metadata = { ...parent.meta, mtime: time() };
    ensureUpperParents(parentParts.length > 0 ? [...parentParts, "x"] : ["x"]);
    const upperParent = getNode(upper, parentParts);
    if (upperParent?.kind === "dir") upper = setNode(upper, parentParts, { ...upperParent, meta });
    merged = setNode(merged, parentParts, { ...parent, meta });
  };

  /** Replaces the node at `parts` in merged, copying it up if it came from lower (O3, O6). */
  const modify = (parts: Parts, update: (node: Present, copiedUp: boolean) => Present) => {
    const current = getNode(merged, parts) as Present;
    const inUpper = getNode(upper, parts);
    const fromLower = inUpper === undefined || inUpper.kind === "whiteout";
    let next = update(current, fromLower);
    if (fromLower && next.kind === "file") {
      // Copy-up gives the upper file its own inode: hard links to the lower file break (O6).
      next = { ...next, inode: allocateInode() };
    }
    if (next.kind === "dir") {
      // Copy-up of a directory copies only the directory itself; its children stay where they are.
      const upperDir = inUpper?.kind === "dir" ? inUpper : undefined;
      putUpper(parts, { ...(upperDir ?? createDir(next.meta)), meta: next.meta });
    } else {
      putUpper(parts, next);
      if (!fromLower && next.kind === "file" && current.kind === "file") {
        syncHardLinks(current.inode, next);
      }
    }
    putMerged(parts, next);
    if (fromLower) copiedUpInto(parts.slice(0, -1));
  };

  /** Hard links made in this mount share an inode: a change through one path shows in all. */
  const syncHardLinks = (inode: number, node: FileNode) => {
    const paths: string[][] = [];
    const visit = (dir: DirNode, prefix: string[]) => {
      for (const [name, child] of dir.children) {
        if (child.kind === "dir") visit(child, [...prefix, name]);
        else if (child.kind === "file" && child.inode === inode) paths.push([...prefix, name]);
      }
    };
    visit(upper, []);
    for (const path of paths) {
      upper = setNode(upper, path, node);
      merged = setNode(merged, path, node);
    }
  };

  // The kernel's DAC check for writing a file or creating an entry in a directory; root bypasses it.
  const mayWrite = (node: FsNode): boolean => {
    if (identity.uid === 0 || node.kind === "whiteout") return true;
    const { mode, uid, gid } = node.meta;
    if (uid === identity.uid) return (mode & 0o200) !== 0;
    if (gid === identity.gid || (identity.groups ?? []).includes(gid)) return (mode & 0o020) !== 0;
    return (mode & 0o002) !== 0;
  };
  const newMeta = (mode: number): Metadata => ({ mode, uid: identity.uid, gid: identity.gid, mtime: time() });

  /** Puts a brand-new entry at `parts` (which does not exist in merged). */
  const create = (parts: Parts, node: Present) => {
    // W3/O4: a directory created where a lower one was deleted hides the old children (opaque).
    const hadWhiteout = getNode(upper, parts)?.kind === "whiteout";
    const stored: FsNode = node.kind === "dir" && hadWhiteout ? { ...node, opaque: true } : node;
    putUpper(parts, stored);
    putMerged(parts, node.kind === "dir" ? { ...node, opaque: false } : node);
    touchParent(parts);
  };

  /** Removes the entry at `parts`: a whiteout when lower has it, nothing when it was upper-only (O4). */
  const remove = (parts: Parts) => {
    if (lowerUnderneath(parts) !== undefined) putUpper(parts, WHITEOUT);
    else upper = removeNode(upper, parts);
    putMerged(parts, undefined);
    touchParent(parts);
  };

  // A merged directory (in the upper directory and a lower layer, or in several lower layers)
  // reports one link; one that comes from a single layer, or lives in a volume, 2 + subdirectories.
  const directoryLinks = (node: DirNode, parts: Parts): number => {
    let subdirectories = 0;
    for (const child of node.children.values()) if (child.kind === "dir") subdirectories += 1;
    const plain = 2 + subdirectories;
    if (volumeFor(parts) !== undefined) return plain;
    // The root is in the upper directory and every lower layer.
    if (parts.length === 0) return 1;
    const upperNode = getNode(upper, parts);
    if (upperNode?.kind === "dir") {
      return !upperNode.opaque && lowerUnderneath(parts)?.kind === "dir" ? 1 : plain;
    }
    const lowerNode = getNode(lower, parts);
    return lowerNode?.kind === "dir" && isMergedDir(lowerNode) ? 1 : plain;
  };

  const statOf = (node: Present, parts: Parts): Stat => ({
    kind: node.kind,
    mode: node.meta.mode,
    uid: node.meta.uid,
    gid: node.meta.gid,
    mtime: node.meta.mtime,
    size: node.kind === "file" ? node.content.size : node.kind === "symlink" ? node.target.length : DIR_SIZE,
    inode: node.kind === "file" ? node.inode : 0,
    // Counting links walks the lower tree once per mount: only `ls -l`/`stat` readers pay for it.
    get nlink() {
      return node.kind === "file"
        ? countLinks(node.inode)
        : node.kind === "dir"
          ? directoryLinks(node, parts)
          : 1;
    },
  });

  let lowerLinkCounts: Map<number, number> | undefined;
  const countLinks = (inode: number): number => {
    if (lowerLinkCounts === undefined) {
      lowerLinkCounts = new Map();
      const visit = (dir: DirNode) => {
        for (const child of dir.children.values()) {
          if (child.kind === "dir") visit(child);
          else if (child.kind === "file")
            lowerLinkCounts?.set(child.inode, (lowerLinkCounts.get(child.inode) ?? 0) + 1);
        }
      };
      visit(lower);
    }
    const inLower = lowerLinkCounts.get(inode);
    if (inLower !== undefined) return inLower;
    let count = 0;
    const visit = (dir: DirNode) => {
      for (const child of dir.children.values()) {
        if (child.kind === "dir") visit(child);
        else if (child.kind === "file" && child.inode === inode) count += 1;
      }
    };
    visit(upper);
    return Math.max(1, count);
  };

  return {
    lower,
    get upper() {
      return upper;
    },
    set upper(next: DirNode) {
      upper = next;
    },
    get merged() {
      return merged;
    },
    set merged(next: DirNode) {
      merged = next;
    },
    identity,
    now,
    volumeMounts,
    lowerUnderneath,
    lowerVisible,
    volumeFor,
    nodeAt,
    resolve,
    time,
    ensureUpperParents,
    putUpper,
    putMerged,
    touchParent,
    modify,
    syncHardLinks,
    mayWrite,
    newMeta,
    create,
    remove,
    directoryLinks,
    statOf,
    countLinks,
    copiedUpInto,
    impureCopiedUpDirs,
  };
}
