/**
 * The layer containerd's differs write, for the containerd image store (Docker 26.1 with
 * `features.containerd-snapshotter`). Docker's overlay2 driver archives the container's upper
 * directory as it is (what the simulator's overlay mount leaves as its changeset); containerd
 * instead compares the snapshot with its parent, path by path, and writes what differs:
 *
 * - the classic builder and `docker commit` go through containerd 1.7's walking differ
 *   (`diff/walking`: `archive.WriteDiff` → continuity `fs.Changes`, a double walk of both trees);
 *   BuildKit v0.13 through its overlayfs differ (`util/overlay.Changes`), which walks the upper
 *   directory and compares each entry with the lower one, falling back to the double walk below an
 *   opaque directory. Both decide "changed" alike (continuity `sameFile`, BuildKit `sameDirent`):
 *   a directory only by type, mode, owner and the security.capability xattr (never its mtime), a
 *   file also by size, mtime and, when those agree, its bytes;
 * - so a directory only copied up (its mtime bumped by a file created and removed inside, a mount
 *   stub, a copied-up child) is not written unless something below it is: `includeParents` then
 *   writes every ancestor of a written entry (the root excepted) as it is now;
 * - a deleted path is a `.wh.<name>` regular file with mode 0, owner 0:0 and, from the walking
 *   differ, the time of the diff (changeWriter `whiteoutT`); BuildKit's differ writes it with mtime
 *   0 (measured: `RUN rm /x`'s blob holds `.wh.x` with a zero mtime field, 71 B where a diff-time
 *   stamp compresses to 84 B); there are no opaque markers: a directory removed and made again
 *   lists a whiteout per former child that is gone (the double walk), and children below a
 *   deleted directory are not listed;
 * - hard links: an entry whose inode has more than one link and is unchanged is remembered; the
 *   inode's first changed path is written as the file and the remembered paths as links to it
 *   (changeWriter `inodeSrc`/`inodeRefs`), so after `ln lower new` the tar holds `new` and `lower`
 *   as a link to `new`. BuildKit's differ never visits unchanged copied-up entries (`skipRecord`),
 *   so there the unchanged path is left out;
 * - an empty diff is an empty tar: BuildKit still exports it as a layer (`<empty-tar>`), the
 *   classic builder and commit record `empty_layer` (the caller decides).
 *
 * Measured on the containerd-store daemon (shared/test/docker/README.md) by `docker save` of the
 * transcripts' images (diff-directories, opaque-dir-recreate, container-rename-chown-link, …).
 */

import type { DirNode, FileNode, FsNode, Metadata } from "./types.ts";
import { applyChangeset } from "./union.ts";

export type ContainerdDiffer = "walking" | "overlay";

export interface ContainerdDiffOptions {
  /** `walking` for the classic builder and `docker commit`, `overlay` for BuildKit. */
  readonly differ: ContainerdDiffer;
  /** Seconds since the epoch: when the diff was taken (the walking differ's whiteouts' mtime). */
  readonly diffTime: number;
}

type Present = Exclude<FsNode, { kind: "whiteout" }>;

function capability(meta: Metadata): string {
  return meta.xattrs?.["security.capability"] ?? "";
}

/** continuity `compareSysStat` + capabilities: type, mode, owner (and rdev, never simulated). */
function sameStat(before: Present, after: Present): boolean {
  return (
    before.kind === after.kind &&
    before.meta.mode === after.meta.mode &&
    before.meta.uid === after.meta.uid &&
    before.meta.gid === after.meta.gid &&
    capability(before.meta) === capability(after.meta)
  );
}

/** continuity `sameFile`: for non-directories also size, mtime and, as they agree, the bytes. */
function sameEntry(before: Present, after: Present): boolean {
  if (before === after) return true;
  if (!sameStat(before, after)) return false;
  if (before.kind === "file" && after.kind === "file") {
    return (
      before.content.size === after.content.size &&
      before.meta.mtime === after.meta.mtime &&
      before.content.key === after.content.key
    );
  }
  if (before.kind === "symlink" && after.kind === "symlink") {
    return before.meta.mtime === after.meta.mtime && before.target === after.target;
  }
  return true;
}

/** A subtree as an addition: every entry written, no hard-link deferral left over from a union. */
function asAdded(node: Present): Present {
  if (node.kind === "file") return plainFile(node);
  if (node.kind !== "dir") return node;
  const children = new Map<string, FsNode>();
  for (const [name, child] of node.children)
    if (child.kind !== "whiteout") children.set(name, asAdded(child));
  return { kind: "dir", meta: node.meta, children, opaque: false };
}

function plainFile(file: FileNode): FileNode {
  if (!file.linkOnly) return file;
  return { kind: "file", meta: file.meta, content: file.content, inode: file.inode };
}

/**
 * The changeset containerd writes for a snapshot whose parent is `lower` (a union tree) and whose
 * upper directory holds `upper` (the overlay changeset a RUN, COPY or container left).
 */
export function containerdLayerChanges(
  lower: DirNode,
  upper: DirNode,
  options: ContainerdDiffOptions,
): DirNode {
  const after = applyChangeset(lower, upper);
  const marker: Metadata = {
    mode: 0,
    uid: 0,
    gid: 0,
    mtime: options.differ === "walking" ? options.diffTime : 0,
  };
  // Links per inode among the entries the walk visits: an unchanged file shares its inode only
  // with entries the snapshot touched (copy-up gives the upper copy an inode of its own).
  const links = new Map<number, number>();
  const countLinks = (before: DirNode | undefined, now: DirNode): void => {
    for (const [name, child] of now.children) {
      if (child.kind === "whiteout") continue;
      const old = before?.children.get(name);
      if (old === child) continue;
      if (child.kind === "file") links.set(child.inode, (links.get(child.inode) ?? 0) + 1);
      else if (child.kind === "dir") countLinks(old?.kind === "dir" ? old : undefined, child);
    }
  };
  countLinks(lower, after);
  // The inodes whose first changed path has been met (the rest wait as link-only entries).
  const changedInodes = new Set<number>();

  const visit = (before: DirNode, now: DirNode): Map<string, FsNode> => {
    const out = new Map<string, FsNode>();
    const names = [...new Set([...before.children.keys(), ...now.children.keys()])].sort(byBytes);
    for (const name of names) {
      const old = before.children.get(name);
      const child = now.children.get(name);
      if (old === child) continue;
      if (child === undefined || child.kind === "whiteout") {
        if (old !== undefined && old.kind !== "whiteout") out.set(name, { kind: "whiteout", marker });
        continue;
      }
      if (old === undefined || old.kind === "whiteout") {
        out.set(name, noteChanged(asAdded(child)));
        continue;
      }
      if (old.kind === "dir" && child.kind === "dir") {
        const below = visit(old, child);
        if (below.size > 0 || !sameStat(old, child)) {
          out.set(name, { kind: "dir", meta: child.meta, children: below, opaque: false });
        }
        continue;
      }
      if (old.kind === "dir" || child.kind === "dir") {
        out.set(name, noteChanged(asAdded(child)));
        continue;
      }
      if (!sameEntry(old, child)) {
        out.set(name, noteChanged(asAdded(child)));
        continue;
      }
      // Unchanged: the walking differ writes it only as a hard link to a changed path of its
      // inode (one met later makes it wait); BuildKit's differ skips it.
      if (options.differ === "overlay" || child.kind !== "file" || (links.get(child.inode) ?? 0) < 2)
        continue;
      out.set(
        name,
        changedInodes.has(child.inode) ? plainFile(child) : { ...plainFile(child), linkOnly: true },
      );
    }
    return out;
  };
  const noteChanged = (node: Present): Present => {
    if (node.kind === "file") changedInodes.add(node.inode);
    else if (node.kind === "dir")
      for (const child of node.children.values()) if (child.kind !== "whiteout") noteChanged(child);
    return node;
  };

  const children = visit(lower, after);
  // The root is never written, changed or not; its metadata is the snapshot's.
  return { kind: "dir", meta: after.meta, children, opaque: false };
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
