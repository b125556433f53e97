/**
 * Test doubles for the file-system modules the builder uses (union, layer, overlay mount), small
 * enough to read: they stand in until `fs/` is wired into `build/default-ports.ts`, and pin down
 * what the builder needs from it (W6 application, DiffID/size of a layer, copy-up, whiteouts,
 * opaque directories, volumes excluded from the upper directory).
 */
import { gunzipSync } from "fflate";
import { sha256Digest, utf8ToBytes } from "../../../src/core/hash.ts";
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
import type { Layer } from "../../../src/engine/image/types.ts";
import type { MountOptions, StepMount } from "../../../src/engine/build/ports.ts";

/** W6: a changeset over a union tree. */
export function applyChangeset(union: DirNode, changes: DirNode): DirNode {
  const children = new Map(changes.opaque ? [] : union.children);
  for (const [name, change] of changes.children) {
    const lower = children.get(name);
    if (change.kind === "whiteout") children.delete(name);
    else if (change.kind === "dir" && lower?.kind === "dir" && !change.opaque) children.set(name, applyChangeset(lower, change));
    else if (change.kind === "dir") children.set(name, applyChangeset(emptyDir(change.meta), { ...change, opaque: false }));
    else children.set(name, change);
  }
  return { kind: "dir", meta: changes.meta, children, opaque: false };
}

function emptyDir(meta: Metadata): DirNode {
  return { kind: "dir", meta, children: new Map(), opaque: false };
}

/** Builds a union tree from `path → entry` (dive-style fixtures). */
export type FixtureEntry =
  | { readonly kind: "file"; readonly content: string | FileContent; readonly mode?: number; readonly uid?: number; readonly gid?: number }
  | { readonly kind: "dir"; readonly mode?: number; readonly uid?: number }
  | { readonly kind: "symlink"; readonly target: string };

let inodes = 1;

export function textContent(text: string): FileContent {
  const bytes = utf8ToBytes(text);
  return { size: bytes.length, key: `sha256:${sha256Digest(bytes)}`, bytes: () => bytes, text: () => text };
}

/** A described payload of `size` zero bytes (busybox-sized fixtures without materialising them). */
export function zeroContent(size: number, label = "zero"): FileContent {
  return {
    size,
    key: `${label}:${size}`,
    bytes: () => new Uint8Array(size),
    text: () => "\u0000".repeat(size),
  };
}

export function treeFromPaths(entries: Readonly<Record<string, FixtureEntry>>, mtime = 0): DirNode {
  let root: DirNode = emptyDir({ mode: 0o755, uid: 0, gid: 0, mtime });
  for (const [path, entry] of Object.entries(entries)) {
    const parts = path.split("/").filter((part) => part !== "");
    let node: FsNode;
    if (entry.kind === "file") {
      const content = typeof entry.content === "string" ? textContent(entry.content) : entry.content;
      node = {
        kind: "file",
        meta: { mode: entry.mode ?? 0o644, uid: entry.uid ?? 0, gid: entry.gid ?? entry.uid ?? 0, mtime },
        content,
        inode: inodes++,
      };
    } else if (entry.kind === "dir") {
      node = emptyDir({ mode: entry.mode ?? 0o755, uid: entry.uid ?? 0, gid: entry.uid ?? 0, mtime });
    } else node = { kind: "symlink", meta: { mode: 0o777, uid: 0, gid: 0, mtime }, target: entry.target };
    root = setPath(root, parts, node, mtime);
  }
  return root;
}

function setPath(dir: DirNode, parts: string[], node: FsNode, mtime: number): DirNode {
  const [name, ...rest] = parts;
  if (name === undefined) return dir;
  const children = new Map(dir.children);
  if (rest.length === 0) {
    const existing = children.get(name);
    children.set(name, existing?.kind === "dir" && node.kind === "dir" ? { ...node, children: existing.children } : node);
  } else {
    const existing = children.get(name);
    const child = existing?.kind === "dir" ? existing : emptyDir({ mode: 0o755, uid: 0, gid: 0, mtime });
    children.set(name, setPath(child, rest, node, mtime));
  }
  return { ...dir, children };
}

/** A canonical ustar of a changeset (sorted paths, whiteouts as `.wh.` files), for DiffIDs. */
export function layerTar(changes: DirNode): Uint8Array {
  const blocks: Uint8Array[] = [];
  const visit = (dir: DirNode, prefix: string) => {
    if (dir.opaque && prefix !== "") blocks.push(header(`${prefix}.wh..wh..opq`, "0", 0o600, 0, 0, 0, 0, ""));
    for (const name of [...dir.children.keys()].sort()) {
      const child = dir.children.get(name) as FsNode;
      const path = `${prefix}${name}`;
      if (child.kind === "whiteout") blocks.push(header(`${prefix}.wh.${name}`, "0", 0o600, 0, 0, 0, 0, ""));
      else if (child.kind === "dir") {
        blocks.push(header(`${path}/`, "5", child.meta.mode, child.meta.uid, child.meta.gid, 0, child.meta.mtime, ""));
        visit(child, `${path}/`);
      } else if (child.kind === "symlink") {
        blocks.push(header(path, "2", child.meta.mode, child.meta.uid, child.meta.gid, 0, child.meta.mtime, child.target));
      } else {
        blocks.push(header(path, "0", child.meta.mode, child.meta.uid, child.meta.gid, child.content.size, child.meta.mtime, ""));
        const data = child.content.bytes();
        const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
        padded.set(data);
        blocks.push(padded);
      }
    }
  };
  visit(changes, "");
  blocks.push(new Uint8Array(1024));
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

function header(name: string, type: string, mode: number, uid: number, gid: number, size: number, mtime: number, link: string): Uint8Array {
  const block = new Uint8Array(512);
  const put = (offset: number, length: number, text: string) => block.set(utf8ToBytes(text).slice(0, length), offset);
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\u0000`;
  put(0, 100, name);
  put(100, 8, octal(mode & 0o7777, 8));
  put(108, 8, octal(uid, 8));
  put(116, 8, octal(gid, 8));
  put(124, 12, octal(size, 12));
  put(136, 12, octal(mtime, 12));
  put(148, 8, "        ");
  put(156, 1, type);
  put(157, 100, link);
  put(257, 6, "ustar\u0000");
  put(263, 2, "00");
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(148, 8, `${sum.toString(8).padStart(6, "0")}\u0000 `);
  return block;
}

/** S1: file bytes (hard links once) plus symlink target lengths. */
export function layerSize(changes: DirNode): number {
  const seen = new Set<number>();
  let size = 0;
  const visit = (dir: DirNode) => {
    for (const child of dir.children.values()) {
      if (child.kind === "dir") visit(child);
      else if (child.kind === "symlink") size += child.target.length;
      else if (child.kind === "file" && !seen.has(child.inode)) {
        seen.add(child.inode);
        size += child.content.size;
      }
    }
  };
  visit(changes);
  return size;
}

export function createLayer(changes: DirNode): Layer {
  let diffId: Layer["diffId"] | undefined;
  let size: number | undefined;
  return {
    changes,
    get diffId() {
      diffId ??= sha256Digest(layerTar(changes));
      return diffId;
    },
    get size() {
      size ??= layerSize(changes);
      return size;
    },
  };
}

// ----- overlay mount -------------------------------------------------------------------------

type MutableNode =
  | { kind: "file"; meta: Metadata; content: FileContent; inode: number; lower?: FsNode | undefined }
  | { kind: "dir"; meta: Metadata; children: Map<string, MutableNode>; lower?: FsNode | undefined; opaque: boolean; copiedUp: boolean }
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
  if (node.kind === "file") return { kind: "file", meta: node.meta, content: node.content, inode: node.inode, lower: node };
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

  const walk = (path: string, follow: boolean): { parent?: Extract<MutableNode, { kind: "dir" }>; name?: string; node?: MutableNode; path: string[] } => {
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
        parts = node.target.startsWith("/") ? [...split(node.target), ...rest] : [...done, ...split(node.target), ...rest];
        parent = root;
        done.length = 0;
        depth += 1;
        continue;
      }
      if (rest.length === 0) return { parent, name, ...(node === undefined ? {} : { node }), path: [...done, name] };
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
      return found.node === undefined ? failure("ENOENT", "lstat", path) : { ok: true, value: statOf(found.node) };
    },
    stat(path) {
      const found = walk(path, true);
      return found.node === undefined ? failure("ENOENT", "stat", path) : { ok: true, value: statOf(found.node) };
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
      if (found.node === undefined && !canWrite(found.parent)) return failure("EACCES" as FsErrorCode, "open", path);
      const existing = found.node;
      if (existing?.kind === "dir") return failure("EISDIR", "open", path);
      const finalContent =
        writeOptions?.append && existing?.kind === "file" ? concatContent(existing.content, content) : content;
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
        const wasLowerDir = found.parent.lower?.kind === "dir" && found.parent.lower.children.get(found.name)?.kind === "dir";
        found.parent.children.set(found.name, {
          kind: "dir",
          meta: { mode: mkdirOptions?.mode ?? 0o755, uid: identity.uid, gid: identity.gid, mtime: options.now },
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
      if (found.node === undefined || found.parent === undefined || found.name === undefined) return failure("ENOENT", "unlink", path);
      if (found.node.kind === "dir") return failure("EISDIR", "unlink", path);
      found.parent.children.delete(found.name);
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    rmdir(path) {
      const found = walk(path, false);
      if (found.node === undefined || found.parent === undefined || found.name === undefined) return failure("ENOENT", "rmdir", path);
      if (found.node.kind !== "dir") return failure("ENOTDIR", "rmdir", path);
      if (found.node.children.size > 0) return failure("ENOTEMPTY", "rmdir", path);
      found.parent.children.delete(found.name);
      touchParent(found.path);
      return { ok: true, value: undefined };
    },
    rename(from, to) {
      const source = walk(from, false);
      const target = walk(to, false);
      if (source.node === undefined || source.parent === undefined || source.name === undefined) return failure("ENOENT", "rename", from);
      if (source.node.kind === "dir" && source.node.lower !== undefined) return failure("EXDEV", "rename", from);
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
      found.parent.children.set(found.name, { kind: "symlink", meta: { mode: 0o777, uid: identity.uid, gid: identity.gid, mtime: options.now }, target });
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

  const toChangeset = (node: Extract<MutableNode, { kind: "dir" }>, lowerDir: DirNode | undefined, path: string): DirNode => {
    const children = new Map<string, FsNode>();
    for (const [name, child] of node.children) {
      const childPath = `${path}/${name}`;
      if (isVolumeContent(childPath)) continue;
      const lowerChild = node.opaque ? undefined : lowerDir?.children.get(name);
      const lowerPresent = lowerChild !== undefined && lowerChild.kind !== "whiteout" ? lowerChild : undefined;
      if (child.kind === "dir") {
        const sub = toChangeset(child, lowerPresent?.kind === "dir" ? lowerPresent : undefined, childPath);
        if (lowerPresent?.kind !== "dir" || child.copiedUp || child.opaque || sub.children.size > 0 || child.meta !== lowerPresent.meta) {
          children.set(name, { ...sub, opaque: child.opaque && lowerPresent?.kind === "dir" });
        }
      } else if (child.lower === undefined || lowerPresent === undefined || child.lower !== lowerPresent) {
        children.set(name, freeze(child));
      }
    }
    if (lowerDir !== undefined && !node.opaque) {
      for (const [name, lowerChild] of lowerDir.children) {
        if (lowerChild.kind === "whiteout" || node.children.has(name) || isVolumeContent(`${path}/${name}`)) continue;
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
  if (node.kind === "file") return { kind: "file", meta: node.meta, content: node.content, inode: node.inode };
  return { kind: "symlink", meta: node.meta, target: node.target };
}

function concatContent(left: FileContent, right: FileContent): FileContent {
  const bytes = new Uint8Array(left.size + right.size);
  bytes.set(left.bytes());
  bytes.set(right.bytes(), left.size);
  return {
    size: bytes.length,
    key: `concat:${left.key}+${right.key}`,
    bytes: () => bytes,
    text: () => new TextDecoder().decode(bytes),
  };
}

/** ADD's archive detection and extraction (plain or gzip tar) as a tree, for the test ports. */
export function readTarArchive(input: Uint8Array): DirNode | undefined {
  let bytes = input;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return undefined;
    }
  }
  if (bytes.length < 512 || new TextDecoder().decode(bytes.slice(257, 262)) !== "ustar") return undefined;
  const entries: Record<string, FixtureEntry> = {};
  const metas = new Map<string, { mode: number; uid: number; gid: number; mtime: number }>();
  let offset = 0;
  const text = (start: number, length: number) => new TextDecoder().decode(bytes.slice(start, start + length)).replace(/\0.*$/s, "");
  const octal = (start: number, length: number) => Number.parseInt(text(start, length).trim() || "0", 8);
  while (offset + 512 <= bytes.length) {
    const name = text(offset, 100);
    if (name === "") break;
    const prefix = text(offset + 345, 155);
    const path = (prefix === "" ? name : `${prefix}/${name}`).replace(/^\.\//, "").replace(/\/$/, "");
    const size = octal(offset + 124, 12);
    const type = text(offset + 156, 1) || "0";
    const meta = { mode: octal(offset + 100, 8), uid: octal(offset + 108, 8), gid: octal(offset + 116, 8), mtime: octal(offset + 136, 12) };
    const data = bytes.slice(offset + 512, offset + 512 + size);
    if (path !== "" && path !== ".") {
      if (type === "5") entries[path] = { kind: "dir", mode: meta.mode, uid: meta.uid };
      else if (type === "2") entries[path] = { kind: "symlink", target: text(offset + 157, 100) };
      else entries[path] = { kind: "file", content: { size: data.length, key: `tar:${sha256Digest(data)}`, bytes: () => data, text: () => new TextDecoder().decode(data) }, mode: meta.mode, uid: meta.uid, gid: meta.gid };
      metas.set(path, meta);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return treeFromPaths(entries, metas.values().next().value?.mtime ?? 0);
}
