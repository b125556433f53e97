/**
 * ADD of a local archive: the entries `fs/tar.ts` reads, as a tree to merge into the destination
 * (owners and modes as stored in the archive: `UntarPath` ignores --chown).
 */
import { sha256Digest } from "../../core/hash.ts";
import type { TarEntry } from "../fs/tar.ts";
import type { DirNode, FileContent, FsNode } from "../fs/types.ts";
import { dirNode, graftInto, type PresentNode, splitPath } from "./tree-ops.ts";

function bytesContent(data: Uint8Array): FileContent {
  let key: string | undefined;
  return {
    size: data.length,
    get key() {
      key ??= sha256Digest(data);
      return key;
    },
    bytes: () => data,
    text: () => new TextDecoder().decode(data),
  };
}

/** The tree an archive's entries describe (hard links share an inode number with their target). */
export function treeFromTarEntries(entries: readonly TarEntry[]): DirNode {
  let tree = dirNode({ mode: 0o755, uid: 0, gid: 0, mtime: 0 });
  const inodes = new Map<string, number>();
  const files = new Map<string, Extract<FsNode, { kind: "file" }>>();
  let next = 1;
  for (const entry of entries) {
    const components = splitPath(entry.path);
    if (components.length === 0) continue;
    const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    let node: PresentNode | undefined;
    if (entry.type === "dir") node = dirNode(meta);
    else if (entry.type === "symlink") node = { kind: "symlink", meta, target: entry.linkName };
    else if (entry.type === "file") {
      const inode = next++;
      inodes.set(entry.path, inode);
      node = { kind: "file", meta, content: bytesContent(entry.data), inode };
      files.set(entry.path, node);
    } else if (entry.type === "hardlink") {
      const target = files.get(entry.linkName);
      if (target !== undefined) node = { ...target, meta };
    }
    if (node !== undefined) tree = graftInto(tree, undefined, components, node, meta);
  }
  return tree;
}
