/**
 * The disk usage of a layer unpacked as a containerd snapshot, as Docker 26.1 with the containerd
 * image store reports it for `docker history`, `docker images`, `system df` and `ps -s`: containerd
 * walks the snapshot directory and adds `st_blocks × 512` once per inode (continuity's
 * `fs.DiskUsage`). On ext4 with 4 KiB blocks, measured on the daemon (Debian 13 docker.io 26.1.5,
 * containerd 1.7.24; shared/test/docker/README.md "containerd image store"):
 *
 * - the snapshot's root directory and every directory in the changeset: one block each, while its
 *   entries fit in one block (each entry takes 8 + its name rounded up to 4 bytes; `.` and `..` take
 *   12 each); a larger directory is indexed (htree): one root block plus its leaf blocks;
 * - a regular file: one block per started 4 KiB of its size (unpacking a layer writes every byte, so
 *   there are no holes), 0 for an empty file; hard links count once;
 * - a symlink whose target is shorter than 60 bytes is stored in the inode (a fast symlink) and
 *   costs nothing; a longer one takes a block;
 * - whiteouts (character devices 0/0) cost nothing, and the opaque marker is an xattr kept in the
 *   inode;
 * - a container's writable snapshot is the overlay's upper directory, where the kernel keeps its own
 *   xattrs: a directory copied up from a lower layer carries `trusted.overlay.origin` (a 29-byte
 *   file handle), and one that then receives a copied-up or moved-in lower entry also
 *   `trusted.overlay.impure`. The two entries (64 + 36 bytes with their headers) no longer fit in
 *   the 96 bytes a 256-byte ext4 inode keeps for xattrs, so such a directory takes one more block
 *   (measured: `chmod 700 /bin/busybox` leaves / 4096, bin/ 8192, busybox 484 blocks = 1,994,752
 *   B; `rm /etc/passwd` leaves etc/ at 4096, a whiteout being no copy-up; the root's impure and
 *   uuid xattrs fit, as do a copied-up file's origin and an opaque directory's marker).
 */
import type { DirNode, FsNode } from "./types.ts";

/** ext4's block size on the machines Docker runs on. */
export const BLOCK_SIZE = 4096;
/** Targets shorter than this fit in the inode's block map (ext4 fast symlinks). */
const FAST_SYMLINK_LIMIT = 60;

/**
 * Bytes of disk a changeset takes as an unpacked snapshot (its root directory included), or as a
 * writable snapshot whose directories at `impureCopiedUpDirs` (absolute paths) hold the overlay's
 * origin and impure xattrs.
 */
export function snapshotDiskUsage(changes: DirNode, impureCopiedUpDirs: readonly string[] = []): number {
  const seenInodes = new Set<number>();
  const xattrBlockDirs = new Set(impureCopiedUpDirs);
  let blocks = 0;
  const visit = (node: FsNode, path: string): void => {
    switch (node.kind) {
      case "dir":
        blocks += directoryBlocks(node);
        if (xattrBlockDirs.has(path) && !node.opaque) blocks += 1;
        for (const [name, child] of node.children) {
          visit(child, xattrBlockDirs.size === 0 ? path : `${path === "/" ? "" : path}/${name}`);
        }
        return;
      case "file":
        if (seenInodes.has(node.inode)) return;
        seenInodes.add(node.inode);
        blocks += Math.ceil(node.content.size / BLOCK_SIZE);
        return;
      case "symlink":
        blocks += new TextEncoder().encode(node.target).length < FAST_SYMLINK_LIMIT ? 0 : 1;
        return;
      case "whiteout":
        return;
    }
  };
  visit(changes, "/");
  return blocks * BLOCK_SIZE;
}

/**
 * Blocks of one directory: its entries (`.` and `..`, 12 bytes each, then each child, whiteouts
 * included, 8 bytes + the name rounded up to 4) in one block, or, when they do not fit, an htree:
 * a root block and the leaves holding the entries. Measured: 150 entries of 24 bytes take one
 * block, 200 take three (root + 2 leaves), 300 take three. Leaves split in half when full, so in
 * a much larger directory the kernel may use a leaf more than this count, depending on the names'
 * hashes.
 */
function directoryBlocks(directory: DirNode): number {
  let bytes = 0;
  for (const name of directory.children.keys()) bytes += entryBytes(name);
  if (24 + bytes <= BLOCK_SIZE) return 1;
  return 1 + Math.ceil(bytes / BLOCK_SIZE);
}

function entryBytes(name: string): number {
  return 8 + Math.ceil(new TextEncoder().encode(name).length / 4) * 4;
}
