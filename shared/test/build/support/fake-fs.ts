/**
 * A test double for the overlay mount a RUN writes through, small enough to read: it stands in
 * until `fs/overlay.ts` is wired into `build/default-ports.ts`, and pins down what the builder needs
 * from it (copy-up of parents, whiteouts, opaque directories, volumes excluded from the upper
 * directory, write permission for non-root users).
 */
import type { MountOptions, StepMount } from "../../../src/engine/build/ports.ts";
import { concatContent } from "../../../src/engine/fs/content.ts";
import type {
  DirNode,
  FileContent,
  FsError,
  FsErrorCode,
  FsNode,
  FsResult,
  Identity,
  Metadata,
  MountedFs,
  Stat,
} from "../../../src/engine/fs/types.ts";

// ----- overlay mount -------------------------------------------------------------------------

type MutableNode =
  | { kind: "file"; meta: Metadata; content: FileContent; inode: number; lower?: FsNode | undefined }
  | {
      kind: "dir";
      meta: Metadata;
      children: Map<string, MutableNode>;
      lower?: FsNode | undefined;
      opaque: boolean;
      copiedUp: boolean;
    }
  | { kind: "symlink"; meta: Metadata; target: string; lower?: FsNode | undefined };

function fromLower(node: FsNode): MutableNode | undefined {
  if (node.kind === "whiteout") return undefined;
  if (node.kind === "dir") {
    const children = new Map<string, MutableNode>();
    for (const [name, child] of node.children) {
      const converted = fromLower(child);
      if (converted !== undefined) children.set(name, converted);
    }
    return { kind: "dir", meta: node.meta, children, lower: node, opaque: false, copiedUp: false };
  }
  if (node.kind === "file")
    return { kind: "file", meta: node.meta, content: node.content, inode: node.inode, lower: node };
  return { kind: "symlink", meta: node.meta, target: node.target, lower: node };
}

function failure(code: FsErrorCode, syscall: string, path: string): { ok: false; error: FsError } {
  return { ok: false, error: { code, syscall, path } };
}

/** An overlay over `lower`: writes copy up, deletions leave whiteouts, volumes are excluded. */
export function mountOverlay(lower: DirNode, options: MountOptions): StepMount {
  const root = fromLower(lower) as Extract<MutableNode, { kind: "dir" }>;
  const volumes = options.volumes.map((volume) => `/${volume.split("/").filter(Boolean).join("/")}`);
  const identity: Identity = options.identity;
  let nextInode = 10_000_000;

  const split = (path: string) => {
    const out: string[] = [];
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") out.pop();
      else out.push(part);
    }
    return out;
  };

  const walk = (
    path: string,
    follow: boolean,
  ): {
    parent?: Extract<MutableNode, { kind: "dir" }>;
    name?: string;
    node?: MutableNode;
    path: string[];
  } => {
    let parts = split(path);
    let depth = 0;
    let parent: Extract<MutableNode, { kind: "dir" }> = root;
    const done: string[] = [];
    let links = 0;
    while (parts.length > 0) {
      const [name, ...rest] = parts as [string, ...string[]];
      const node = parent.children.get(name);
      if (node?.kind === "symlink" && (rest.length > 0 || follow) && links < 40) {
        links += 1;
        parts = node.target.startsWith("/")
          ? [...split(node.target), ...rest]
          : [...done, ...split(node.target), ...rest];
        parent = root;
        done.length = 0;
        depth += 1;
        continue;
      }
      if (rest.length === 0)
        return { parent, name, ...(node === undefined ? {} : { node }), path: [...done, name] };
      if (node?.kind !== "dir") return { path: [...done, name, ...rest] };
      done.push(name);
      parent = node;
      parts = rest;
    }
    void depth;
    return { node: root, path: [] };
  };

  const markCopyUp = (path: string[]) => {
    let dir: MutableNode | undefined = root;
    for (const part of path) {
      dir = dir?.kind === "dir" ? dir.children.get(part) : undefined;
      if (dir?.kind === "dir") dir.copiedUp = true;
    }
  };

  const statOf = (node: MutableNode): Stat => ({
    kind: node.kind,
    mode: node.meta.mode,
    uid: node.meta.uid,
    gid: node.meta.gid,
    mtime: node.meta.mtime,
    size: node.kind === "file" ? node.content.size : node.kind === "symlink" ? node.target.length : 4096,
    inode: node.kind === "file" ? node.inode : 0,
    nlink: 1,
  });

  /** Write permission on a directory for the mount's identity (root may always write). */
  const canWrite = (dir: Extract<MutableNode, { kind: "dir" }>): boolean => {
    if (identity.uid === 0) return true;
    if (dir.meta.uid === identity.uid) return (dir.meta.mode & 0o200) !== 0;
    if (dir.meta.gid === identity.gid) return (dir.meta.mode & 0o020) !== 0;
    return (dir.meta.mode & 0o002) !== 0;
  };

  const touchParent = (path: string[]) => {
    markCopyUp(path.slice(0, -1));
  };

  const fs: MountedFs = {
    lstat(path) {
      const found = walk(path, false);
      return found.node === undefined
        ? failure("ENOENT", "lstat", path)
        : { ok: true, value: statOf(found.node) };
    },
    stat(path) {
      const found = walk(path, true);
      return found.node === undefined
        ? failure("ENOENT", "stat", path)
        : { ok: true, value: statOf(found.node) };
    },
    readdir(path) {
      const found = walk(path, true);
      if (found.node === undefined) return failure("ENOENT", "open", path);
      if (found.node.kind !== "dir") return failure("ENOTDIR", "open", path);
      return { ok: true, value: [...found.node.children.keys()].sort() };
    },
    readFile(path) {
      const found = walk(path, true);
      if (found.node === undefined) return failure("ENOENT", "open", path);
      if (found.node.kind !== "file") return failure("EISDIR", "read", path);
      return { ok: true, value: found.node.content };
    },
    readlink(path) {
      const found = walk(path, false);
      if (found.node?.kind !== "symlink") return failure("EINVAL", "readlink", path);
      return { ok: true, value: found.node.target };
    },
    writeFile(path, content, writeOptions) {
      const found = walk(path, true);
      if (found.parent === undefined || found.name === undefined) return failure("ENOENT", "open", path);
      if (found.node === undefined && !canWrite(found.parent))
        return failure("EACCES" as FsErrorCode, "open", path);
      const existing = found.node;
      if (existing?.kind === "dir") return failure("EISDIR", "open", path);
      const finalContent =
        writeOptions?.append && existing?.kind === "file"
          ? concatContent(existing.content, content)
          : content;
      const meta: Metadata =
        existing?.kind === "file"
          ? { ...existing.meta, mtime: options.now }
          : { mode: writeOptions?.mode ?? 0o644, uid: identity.uid, gid: identity.gid, mtime: options.now };
      const inode = existing?.kind === "file" ? existing.inode : nextInode++;
      found.parent.children.set(found.name, { kind: "file", meta, content: finalContent, inode });
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    mkdir(path, mkdirOptions) {
      const parts = split(path);
      for (let index = 1; index <= parts.length; index += 1) {
        const partial = `/${parts.slice(0, index).join("/")}`;
        const found = walk(partial, true);
        if (found.node !== undefined) {
          if (index === parts.length && !mkdirOptions?.parents) return failure("EEXIST", "mkdir", path);
          if (found.node.kind !== "dir") return failure("ENOTDIR", "mkdir", path);
          continue;
        }
        if (index < parts.length && !mkdirOptions?.parents) return failure("ENOENT", "mkdir", path);
        if (found.parent === undefined || found.name === undefined) return failure("ENOENT", "mkdir", path);
        const wasLowerDir =
          found.parent.lower?.kind === "dir" && found.parent.lower.children.get(found.name)?.kind === "dir";
        found.parent.children.set(found.name, {
          kind: "dir",
          meta: {
            mode: mkdirOptions?.mode ?? 0o755,
            uid: identity.uid,
            gid: identity.gid,
            mtime: options.now,
          },
          children: new Map(),
          opaque: wasLowerDir,
          copiedUp: true,
        });
        touchParent(found.path);
      }
      return { ok: true, value: undefined };
    },
    unlink(path) {
      const found = walk(path, false);
      if (found.node === undefined || found.parent === undefined || found.name === undefined)
        return failure("ENOENT", "unlink", path);
      if (found.node.kind === "dir") return failure("EISDIR", "unlink", path);
      found.parent.children.delete(found.name);
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    rmdir(path) {
      const found = walk(path, false);
      if (found.node === undefined || found.parent === undefined || found.name === undefined)
        return failure("ENOENT", "rmdir", path);
      if (found.node.kind !== "dir") return failure("ENOTDIR", "rmdir", path);
      if (found.node.children.size > 0) return failure("ENOTEMPTY", "rmdir", path);
      found.parent.children.delete(found.name);
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    rename(from, to) {
      const source = walk(from, false);
      const target = walk(to, false);
      if (source.node === undefined || source.parent === undefined || source.name === undefined)
        return failure("ENOENT", "rename", from);
      if (source.node.kind === "dir" && source.node.lower !== undefined)
        return failure("EXDEV", "rename", from);
      if (target.parent === undefined || target.name === undefined) return failure("ENOENT", "rename", to);
      source.parent.children.delete(source.name);
      target.parent.children.set(target.name, stripLower(source.node));
      touchParent(source.path);
      touchParent(target.path);
      return { ok: true, value: undefined };
    },
    symlink(target, path) {
      const found = walk(path, false);
      if (found.parent === undefined || found.name === undefined) return failure("ENOENT", "symlink", path);
      if (found.node !== undefined) return failure("EEXIST", "symlink", path);
      found.parent.children.set(found.name, {
        kind: "symlink",
        meta: { mode: 0o777, uid: identity.uid, gid: identity.gid, mtime: options.now },
        target,
      });
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    link(existingPath, newPath) {
      const source = walk(existingPath, false);
      const target = walk(newPath, false);
      if (source.node?.kind !== "file") return failure("ENOENT", "link", existingPath);
      if (target.parent === undefined || target.name === undefined) return failure("ENOENT", "link", newPath);
      source.node.lower = undefined;
      target.parent.children.set(target.name, source.node);
      touchParent(source.path);
      touchParent(target.path);
      return { ok: true, value: undefined };
    },
    chmod(path, mode) {
      return updateMeta(walk(path, true), "chmod", path, (meta) => ({ ...meta, mode }));
    },
    chown(path, uid, gid) {
      return updateMeta(walk(path, false), "chown", path, (meta) => ({ ...meta, uid, gid }));
    },
    utimes(path, mtime) {
      return updateMeta(walk(path, true), "utime", path, (meta) => ({ ...meta, mtime }));
    },
  };

  const updateMeta = (
    found: ReturnType<typeof walk>,
    syscall: string,
    path: string,
    change: (meta: Metadata) => Metadata,
  ): FsResult => {
    if (found.node === undefined) return failure("ENOENT", syscall, path);
    found.node.meta = change(found.node.meta);
    if (found.node.kind === "dir") found.node.copiedUp = true;
    else found.node.lower = undefined;
    markCopyUp(found.path.slice(0, -1));
    return { ok: true, value: undefined };
  };

  for (const volume of volumes) {
    if (fs.lstat(volume).ok) continue;
    fs.mkdir(volume, { parents: true, mode: 0o755 });
    fs.chown(volume, 0, 0);
  }

  const isVolumeContent = (path: string) => volumes.some((volume) => path.startsWith(`${volume}/`));

  const upper = (): DirNode => toChangeset(root, lower, "");

  const toChangeset = (
    node: Extract<MutableNode, { kind: "dir" }>,
    lowerDir: DirNode | undefined,
    path: string,
  ): DirNode => {
    const children = new Map<string, FsNode>();
    for (const [name, child] of node.children) {
      const childPath = `${path}/${name}`;
      if (isVolumeContent(childPath)) continue;
      const lowerChild = node.opaque ? undefined : lowerDir?.children.get(name);
      const lowerPresent =
        lowerChild !== undefined && lowerChild.kind !== "whiteout" ? lowerChild : undefined;
      if (child.kind === "dir") {
        const sub = toChangeset(child, lowerPresent?.kind === "dir" ? lowerPresent : undefined, childPath);
        if (
          lowerPresent?.kind !== "dir" ||
          child.copiedUp ||
          child.opaque ||
          sub.children.size > 0 ||
          child.meta !== lowerPresent.meta
        ) {
          children.set(name, { ...sub, opaque: child.opaque && lowerPresent?.kind === "dir" });
        }
      } else if (child.lower === undefined || lowerPresent === undefined || child.lower !== lowerPresent) {
        children.set(name, freeze(child));
      }
    }
    if (lowerDir !== undefined && !node.opaque) {
      for (const [name, lowerChild] of lowerDir.children) {
        if (lowerChild.kind === "whiteout" || node.children.has(name) || isVolumeContent(`${path}/${name}`))
          continue;
        children.set(name, { kind: "whiteout" });
      }
    }
    return { kind: "dir", meta: node.meta, children, opaque: false };
  };

  return { fs, upper };
}

function stripLower(node: MutableNode): MutableNode {
  if (node.kind === "dir") {
    const children = new Map<string, MutableNode>();
    for (const [name, child] of node.children) children.set(name, stripLower(child));
    return { ...node, children, lower: undefined, copiedUp: true };
  }
  return { ...node, lower: undefined };
}

function freeze(node: Exclude<MutableNode, { kind: "dir" }>): FsNode {
  if (node.kind === "file")
    return { kind: "file", meta: node.meta, content: node.content, inode: node.inode };
  return { kind: "symlink", meta: node.meta, target: node.target };
}
