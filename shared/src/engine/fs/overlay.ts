/**
 * An overlay mount: a read-write view of a lower union tree, the way the kernel's overlayfs serves
 * a container or a RUN step (Documentation/filesystems/overlayfs.rst, mounted as Docker mounts
 * overlay2: index=off, redirect_dir=off, metacopy=off).
 *
 * Two immutable trees are kept in step: `upper`, the changeset the upper directory holds (what
 * `docker commit` and the builder turn into a layer), and `merged`, what processes see. Reads use
 * `merged`; every write decides what the upper directory must hold by the kernel's rules.
 * Those rules live in overlay-state.ts; this module is the syscalls built on them.
 */
import { concatContent } from "./content.ts";
import { createOverlayState, failure, type Parts, type Present, startsWith } from "./overlay-state.ts";
import { splitPath } from "./path.ts";
import { allocateInode, createDir, getNode, removeNode, setNode } from "./tree.ts";
import type { DirNode, FileNode, FsNode, FsResult, Identity, Metadata, MountedFs } from "./types.ts";
import { applyChangeset } from "./union.ts";

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
  /**
   * Upper directories that were copied up and then received a copied-up entry, as absolute paths:
   * their overlay xattrs (origin and impure) no longer fit in the inode (fs/disk-usage.ts).
   */
  impureCopiedUpDirs(): readonly string[];
}

const OK: FsResult = { ok: true, value: undefined };

/** Creates an overlay mount over `lower` (a union tree, never modified). */ export function createOverlayMount(
  lower: DirNode,
  options: OverlayOptions,
): OverlayMount {
  const state = createOverlayState(lower, options);
  const { identity, now, volumeMounts, time } = state;
  const {
    lowerUnderneath,
    lowerVisible,
    volumeFor,
    nodeAt,
    resolve,
    putUpper,
    putMerged,
    touchParent,
    modify,
    mayWrite,
    newMeta,
    create,
    remove,
    statOf,
  } = state;

  // --- volumes ----------------------------------------------------------------------------------

  for (const volumePath of options.volumes ?? []) {
    const parts = splitPath(volumePath);
    if (parts.length === 0) continue;
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const prefix = parts.slice(0, depth);
      const existing = getNode(state.merged, prefix);
      if (existing?.kind === "dir") continue;
      if (existing !== undefined) break;
      create(prefix, createDir({ mode: 0o755, uid: 0, gid: 0, mtime: time() }));
    }
    const mountpoint = getNode(state.merged, parts);
    if (mountpoint?.kind !== "dir") continue;
    const contents = options.volumeContents?.get(volumePath);
    volumeMounts.set(parts.join("/"), {
      parts,
      mount: createOverlayMount(contents ?? { ...mountpoint, opaque: false }, { identity, now }),
    });
  }

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
      const upperNode = getNode(state.upper, fromParts);
      let moved: FsNode;
      if (upperNode !== undefined && upperNode.kind !== "whiteout") moved = upperNode;
      else moved = node.kind === "file" ? { ...node, inode: allocateInode() } : node;
      remove(fromParts);
      if (existing !== undefined) {
        state.upper = removeNode(state.upper, toParts);
        putMerged(toParts, undefined);
      }
      const replacesLower = lowerUnderneath(toParts) !== undefined;
      const stored = moved.kind === "dir" && replacesLower ? { ...moved, opaque: true } : moved;
      putUpper(toParts, stored);
      if (upperNode === undefined || upperNode.kind === "whiteout") {
        // A lower entry is copied up where it is, then renamed: both parents hold a copied-up entry.
        state.copiedUpInto(fromParts.slice(0, -1));
        state.copiedUpInto(toParts.slice(0, -1));
      }
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
      const linked = getNode(state.merged, source.value) as Present;
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
    upper: () => state.upper,
    merged: () => {
      let view = state.merged;
      for (const volume of volumeMounts.values()) view = setNode(view, volume.parts, volume.mount.merged());
      return view;
    },
    volumeWrites: () => new Map([...volumeMounts].map(([key, volume]) => [`/${key}`, volume.mount.upper()])),
    volumeTrees: () => new Map([...volumeMounts].map(([key, volume]) => [`/${key}`, volume.mount.merged()])),
    impureCopiedUpDirs: () => [...state.impureCopiedUpDirs],
  };
}
