/**
 * An overlay mount: a read-write view of a lower union tree, the way the kernel's overlayfs serves
 * a container or a RUN step (Documentation/filesystems/overlayfs.rst, mounted as Docker mounts
 * overlay2: index=off, redirect_dir=off, metacopy=off).
 *
 * Two immutable trees are kept in step: `upper`, the changeset the upper directory holds (what
 * `docker commit` and the builder turn into a layer), and `merged`, what processes see. Reads use
 * `merged`; every write decides what the upper directory must hold by the kernel's rules.
 */
import { concatContent } from "./content.ts";
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
  MountedFs,
  Stat,
} from "./types.ts";
import { applyChangeset, isMergedDir } from "./union.ts";

export interface OverlayOptions {
  readonly identity: Identity;
  /** Seconds since the epoch, for the mtime of what the mount writes. */
  readonly now: number | (() => number);
  /**
   * Volume mountpoints (absolute paths). Writes below them go to the volume, not the upper
   * directory; the mountpoint directory itself is created in the upper directory when the lower
   * tree lacks it (L7, K5).
   */
  readonly volumes?: readonly string[];
  /**
   * What a volume holds when it is mounted, by mountpoint path (a BuildKit cache mount's kept
   * contents); a volume not listed starts with the mountpoint's contents from the lower tree.
   */
  readonly volumeContents?: ReadonlyMap<string, DirNode>;
  /**
   * An upper directory to resume from (a container started again keeps its writable layer, K2);
   * empty when absent.
   */
  readonly upper?: DirNode;
}

export interface OverlayMount {
  readonly fs: MountedFs;
  /** The upper directory as a changeset tree (whiteouts, opaque directories, copied-up parents). */
  upper(): DirNode;
  /** The union view the processes see (volume contents included at their mountpoints). */
  merged(): DirNode;
  /** What was written into each volume, as the volume's own tree. */
  volumeWrites(): ReadonlyMap<string, DirNode>;
  /** Each volume's whole contents now (its starting contents with the writes applied), by path. */
  volumeTrees(): ReadonlyMap<string, DirNode>;
}

type Present = Exclude<FsNode, { kind: "whiteout" }>;
type Parts = readonly string[];

const MAX_SYMLINK_HOPS = 40;
const DIR_SIZE = 4096;

function failure(code: FsErrorCode, syscall: string, parts: Parts): { ok: false; error: FsError } {
  return { ok: false, error: { code, syscall, path: `/${parts.join("/")}` } };
}

const OK: FsResult = { ok: true, value: undefined };

function startsWith(parts: Parts, prefix: Parts): boolean {
  if (prefix.length > parts.length) return false;
  for (let index = 0; index < prefix.length; index += 1) if (parts[index] !== prefix[index]) return false;
  return true;
}

/** Creates an overlay mount over `lower` (a union tree, never modified). */
export function createOverlayMount(lower: DirNode, options: OverlayOptions): OverlayMount {
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
    }
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

  // --- volumes ----------------------------------------------------------------------------------

  for (const volumePath of options.volumes ?? []) {
    const parts = splitPath(volumePath);
    if (parts.length === 0) continue;
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const prefix = parts.slice(0, depth);
      const existing = getNode(merged, prefix);
      if (existing?.kind === "dir") continue;
      if (existing !== undefined) break;
      create(prefix, createDir({ mode: 0o755, uid: 0, gid: 0, mtime: time() }));
    }
    const mountpoint = getNode(merged, parts);
    if (mountpoint?.kind !== "dir") continue;
    const contents = options.volumeContents?.get(volumePath);
    volumeMounts.set(parts.join("/"), {
      parts,
      mount: createOverlayMount(contents ?? { ...mountpoint, opaque: false }, { identity, now }),
    });
  }

  // --- the MountedFs operations ---------------------------------------------------------------

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

  /** Runs `operation` on a volume's own mount when `parts` lies inside a volume. */
  const inVolume = <Value>(
    parts: Parts,
    operation: (fs: MountedFs, path: string) => FsResult<Value>,
  ): FsResult<Value> | undefined => {
    const volume = volumeFor(parts);
    if (!volume) return undefined;
    const result = operation(volume.mount.fs, `/${parts.slice(volume.parts.length).join("/")}`);
    if (!result.ok) return { ok: false, error: { ...result.error, path: `/${parts.join("/")}` } };
    return result;
  };

  const fs: MountedFs = {
    lstat(path) {
      const resolved = resolve(path, false, "lstat");
      if (!resolved.ok) return resolved;
      const node = nodeAt(resolved.value);
      return node
        ? { ok: true, value: statOf(node, resolved.value) }
        : failure("ENOENT", "lstat", resolved.value);
    },
    stat(path) {
      const resolved = resolve(path, true, "stat");
      if (!resolved.ok) return resolved;
      const node = nodeAt(resolved.value);
      return node
        ? { ok: true, value: statOf(node, resolved.value) }
        : failure("ENOENT", "stat", resolved.value);
    },
    readdir(path) {
      const resolved = resolve(path, true, "scandir");
      if (!resolved.ok) return resolved;
      const node = nodeAt(resolved.value);
      if (!node) return failure("ENOENT", "scandir", resolved.value);
      if (node.kind !== "dir") return failure("ENOTDIR", "scandir", resolved.value);
      const names = [...node.children].filter(([, child]) => child.kind !== "whiteout").map(([name]) => name);
      return { ok: true, value: names.sort() };
    },
    readFile(path) {
      const resolved = resolve(path, true, "open");
      if (!resolved.ok) return resolved;
      const node = nodeAt(resolved.value);
      if (!node) return failure("ENOENT", "open", resolved.value);
      if (node.kind === "dir") return failure("EISDIR", "read", resolved.value);
      if (node.kind !== "file") return failure("EINVAL", "read", resolved.value);
      return { ok: true, value: node.content };
    },
    readlink(path) {
      const resolved = resolve(path, false, "readlink");
      if (!resolved.ok) return resolved;
      const node = nodeAt(resolved.value);
      if (!node) return failure("ENOENT", "readlink", resolved.value);
      if (node.kind !== "symlink") return failure("EINVAL", "readlink", resolved.value);
      return { ok: true, value: node.target };
    },
    writeFile(path, content, writeOptions = {}) {
      const resolved = resolve(path, true, "open");
      if (!resolved.ok) return resolved;
      const parts = resolved.value;
      const delegated = inVolume(parts, (volumeFs, inner) =>
        volumeFs.writeFile(inner, content, writeOptions),
      );
      if (delegated) return delegated;
      if (parts.length === 0) return failure("EISDIR", "open", parts);
      const parent = nodeAt(parts.slice(0, -1));
      if (parent === undefined) return failure("ENOENT", "open", parts);
      if (parent.kind !== "dir") return failure("ENOTDIR", "open", parts);
      const existing = nodeAt(parts);
      if (existing?.kind === "dir") return failure("EISDIR", "open", parts);
      if (!mayWrite(existing ?? parent)) return failure("EACCES", "open", parts);
      if (existing?.kind === "file") {
        modify(parts, (node) => {
          const file = node as FileNode;
          return {
            ...file,
            content: writeOptions.append ? concatContent(file.content, content) : content,
            meta: { ...file.meta, mtime: time() },
          };
        });
        return OK;
      }
      create(parts, {
        kind: "file",
        meta: newMeta(writeOptions.mode ?? 0o644),
        content,
        inode: allocateInode(),
      });
      return OK;
    },
    mkdir(path, mkdirOptions = {}) {
      const parts = splitPath(path);
      if (mkdirOptions.parents) {
        for (let depth = 1; depth <= parts.length; depth += 1) {
          const resolved = resolve(`/${parts.slice(0, depth).join("/")}`, true, "mkdir");
          if (!resolved.ok) return resolved;
          const existing = nodeAt(resolved.value);
          if (existing?.kind === "dir") continue;
          if (existing !== undefined) return failure("EEXIST", "mkdir", resolved.value);
          const made = fs.mkdir(`/${resolved.value.join("/")}`, { mode: mkdirOptions.mode ?? 0o755 });
          if (!made.ok) return made;
        }
        return OK;
      }
      const resolved = resolve(path, false, "mkdir");
      if (!resolved.ok) return resolved;
      const target = resolved.value;
      const delegated = inVolume(target, (volumeFs, inner) => volumeFs.mkdir(inner, mkdirOptions));
      if (delegated) return delegated;
      if (nodeAt(target) !== undefined || target.length === 0) return failure("EEXIST", "mkdir", target);
      const parent = nodeAt(target.slice(0, -1));
      if (parent === undefined) return failure("ENOENT", "mkdir", target);
      if (parent.kind !== "dir") return failure("ENOTDIR", "mkdir", target);
      if (!mayWrite(parent)) return failure("EACCES", "mkdir", target);
      create(target, createDir(newMeta(mkdirOptions.mode ?? 0o755)));
      return OK;
    },
    unlink(path) {
      const resolved = resolve(path, false, "unlink");
      if (!resolved.ok) return resolved;
      const parts = resolved.value;
      const delegated = inVolume(parts, (volumeFs, inner) => volumeFs.unlink(inner));
      if (delegated) return delegated;
      const node = nodeAt(parts);
      if (!node) return failure("ENOENT", "unlink", parts);
      if (node.kind === "dir") return failure("EISDIR", "unlink", parts);
      remove(parts);
      return OK;
    },
    rmdir(path) {
      const resolved = resolve(path, false, "rmdir");
      if (!resolved.ok) return resolved;
      const parts = resolved.value;
      const delegated = inVolume(parts, (volumeFs, inner) => volumeFs.rmdir(inner));
      if (delegated) return delegated;
      if (volumeMounts.has(parts.join("/"))) return failure("EBUSY", "rmdir", parts);
      const node = nodeAt(parts);
      if (!node) return failure("ENOENT", "rmdir", parts);
      if (node.kind !== "dir") return failure("ENOTDIR", "rmdir", parts);
      if (parts.length === 0) return failure("EBUSY", "rmdir", parts);
      if ([...node.children.values()].some((child) => child.kind !== "whiteout")) {
        return failure("ENOTEMPTY", "rmdir", parts);
      }
      remove(parts);
      return OK;
    },
    rename(from, to) {
      const source = resolve(from, false, "rename");
      if (!source.ok) return source;
      const target = resolve(to, false, "rename");
      if (!target.ok) return target;
      const fromParts = source.value;
      const toParts = target.value;
      const fromVolume = volumeFor(fromParts);
      const toVolume = volumeFor(toParts);
      if (fromVolume !== toVolume) return failure("EXDEV", "rename", fromParts);
      if (fromVolume) {
        const base = fromVolume.parts.length;
        return fromVolume.mount.fs.rename(
          `/${fromParts.slice(base).join("/")}`,
          `/${toParts.slice(base).join("/")}`,
        );
      }
      const node = nodeAt(fromParts);
      if (!node) return failure("ENOENT", "rename", fromParts);
      // The kernel's lock_rename traps: a source inside the target, or a target inside the source.
      if (startsWith(fromParts, toParts) && fromParts.length > toParts.length)
        return failure("ENOTEMPTY", "rename", toParts);
      if (startsWith(toParts, fromParts) && toParts.length > fromParts.length) {
        return failure("EINVAL", "rename", fromParts);
      }
      if (fromParts.join("/") === toParts.join("/")) return OK;
      const parent = nodeAt(toParts.slice(0, -1));
      if (parent === undefined) return failure("ENOENT", "rename", toParts);
      if (parent.kind !== "dir") return failure("ENOTDIR", "rename", toParts);
      const existing = nodeAt(toParts);
      if (node.kind === "dir") {
        // O5: with redirect_dir off, a directory that has any lower part cannot be renamed.
        if (existing && existing.kind !== "dir") return failure("ENOTDIR", "rename", toParts);
        // The VFS checks the types first; overlayfs then refuses to move a lower directory (O5)
        // before it looks at the target's contents.
        if (lowerVisible(fromParts)?.kind === "dir") return failure("EXDEV", "rename", fromParts);
        if (existing?.kind === "dir" && existing.children.size > 0)
          return failure("ENOTEMPTY", "rename", toParts);
      } else if (existing?.kind === "dir") return failure("EISDIR", "rename", toParts);
      // The moved entry: a lower file is copied up under its new name (O5, E16).
      const upperNode = getNode(upper, fromParts);
      let moved: FsNode;
      if (upperNode !== undefined && upperNode.kind !== "whiteout") moved = upperNode;
      else moved = node.kind === "file" ? { ...node, inode: allocateInode() } : node;
      remove(fromParts);
      if (existing !== undefined) {
        upper = removeNode(upper, toParts);
        putMerged(toParts, undefined);
      }
      const replacesLower = lowerUnderneath(toParts) !== undefined;
      const stored = moved.kind === "dir" && replacesLower ? { ...moved, opaque: true } : moved;
      putUpper(toParts, stored);
      putMerged(
        toParts,
        moved.kind === "dir" ? applyChangeset(createDir(moved.meta), moved) : (moved as Present),
      );
      touchParent(toParts);
      return OK;
    },
    symlink(target, path) {
      const resolved = resolve(path, false, "symlink");
      if (!resolved.ok) return resolved;
      const parts = resolved.value;
      const delegated = inVolume(parts, (volumeFs, inner) => volumeFs.symlink(target, inner));
      if (delegated) return delegated;
      if (nodeAt(parts) !== undefined) return failure("EEXIST", "symlink", parts);
      const parent = nodeAt(parts.slice(0, -1));
      if (parent === undefined) return failure("ENOENT", "symlink", parts);
      if (parent.kind !== "dir") return failure("ENOTDIR", "symlink", parts);
      // O3: creating a symlink needs no copy-up of its target.
      create(parts, { kind: "symlink", meta: newMeta(0o777), target });
      return OK;
    },
    link(existingPath, newPath) {
      const source = resolve(existingPath, false, "link");
      if (!source.ok) return source;
      if (nodeAt(source.value) === undefined) return failure("ENOENT", "link", source.value);
      const target = resolve(newPath, false, "link");
      if (!target.ok) return target;
      if (volumeFor(source.value) !== volumeFor(target.value)) return failure("EXDEV", "link", source.value);
      const volume = volumeFor(source.value);
      if (volume) {
        const base = volume.parts.length;
        return volume.mount.fs.link(
          `/${source.value.slice(base).join("/")}`,
          `/${target.value.slice(base).join("/")}`,
        );
      }
      const node = nodeAt(source.value);
      if (!node) return failure("ENOENT", "link", source.value);
      const parent = nodeAt(target.value.slice(0, -1));
      if (parent === undefined) return failure("ENOENT", "link", target.value);
      if (nodeAt(target.value) !== undefined) return failure("EEXIST", "link", target.value);
      if (node.kind === "dir") return failure("EPERM", "link", source.value);
      // O3: a hard link to a lower file first copies the file up; the link shares the upper inode.
      modify(source.value, (current) => current);
      const linked = getNode(merged, source.value) as Present;
      create(target.value, linked);
      return OK;
    },
    chmod(path, mode) {
      return changeMeta(path, "chmod", (meta) => ({ ...meta, mode: mode & 0o7777 }));
    },
    chown(path, uid, gid) {
      return changeMeta(path, "chown", (meta) => ({ ...meta, uid, gid }));
    },
    utimes(path, mtime) {
      return changeMeta(path, "utimes", (meta) => ({ ...meta, mtime: Math.floor(mtime) }));
    },
  };

  /** chmod/chown/touch: any metadata change copies the whole file up (O3, L9). */
  function changeMeta(path: string, syscall: string, update: (meta: Metadata) => Metadata): FsResult {
    const resolved = resolve(path, true, syscall);
    if (!resolved.ok) return resolved;
    const parts = resolved.value;
    const delegated = inVolume(parts, (volumeFs, inner) =>
      syscall === "chmod"
        ? volumeFs.chmod(inner, update(createDir().meta).mode)
        : syscall === "chown"
          ? volumeFs.chown(inner, update(createDir().meta).uid, update(createDir().meta).gid)
          : volumeFs.utimes(inner, update(createDir().meta).mtime),
    );
    if (delegated) return delegated;
    const node = nodeAt(parts);
    if (!node) return failure("ENOENT", syscall, parts);
    modify(parts, (current) => ({ ...current, meta: update(current.meta) }) as Present);
    return OK;
  }

  return {
    fs,
    upper: () => upper,
    merged: () => {
      let view = merged;
      for (const volume of volumeMounts.values()) view = setNode(view, volume.parts, volume.mount.merged());
      return view;
    },
    volumeWrites: () => new Map([...volumeMounts].map(([key, volume]) => [`/${key}`, volume.mount.upper()])),
    volumeTrees: () => new Map([...volumeMounts].map(([key, volume]) => [`/${key}`, volume.mount.merged()])),
  };
}
