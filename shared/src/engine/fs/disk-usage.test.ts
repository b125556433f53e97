/**
 * Every expected number here was measured on Docker 26.1.5 with the containerd image store
 * (ext4, 4 KiB blocks): the `docker history` SIZE of the step that produced the changeset.
 */
import { describe, expect, it } from "vitest";
import { zeroContent } from "./content.ts";
import { snapshotDiskUsage } from "./disk-usage.ts";
import { createOverlayMount } from "./overlay.ts";
import { createDir, createFile, createSymlink, setNode, treeFromPaths } from "./tree.ts";
import type { DirNode } from "./types.ts";

const KIB4 = 4096;

function withFile(size: number, path = "/f"): DirNode {
  return setNode(createDir(), path, createFile(zeroContent(size)));
}

describe("snapshotDiskUsage (containerd snapshots on ext4)", () => {
  it("counts the snapshot root and every directory as one block each (RUN mkdir -p /srv/app: 12.3kB)", () => {
    expect(snapshotDiskUsage(treeFromPaths(["/srv/app/"]))).toBe(3 * KIB4);
  });

  it("costs nothing for a whiteout, only for the copied-up directory holding it (RUN rm /bin/cat: 8.19kB)", () => {
    expect(snapshotDiskUsage(treeFromPaths(["/bin/.wh.cat"]))).toBe(2 * KIB4);
    expect(snapshotDiskUsage(treeFromPaths(["/.wh.a"]))).toBe(KIB4);
  });

  it("counts every started 4 KiB block of file data, and none for an empty file", () => {
    expect(snapshotDiskUsage(withFile(0))).toBe(KIB4);
    expect(snapshotDiskUsage(withFile(5))).toBe(2 * KIB4);
    expect(snapshotDiskUsage(withFile(4096))).toBe(2 * KIB4);
    expect(snapshotDiskUsage(withFile(4097))).toBe(3 * KIB4);
    // dd … seek=1000000 count=1: unpacking writes the hole's zeros, 245 blocks.
    expect(snapshotDiskUsage(withFile(1_000_001))).toBe(1_007_616);
  });

  it("counts a hard-linked file once (echo hi > /h1 && ln /h1 /h2: 8.19kB)", () => {
    const file = createFile("hi\n");
    const changes = setNode(setNode(createDir(), "/h1", file), "/h2", file);
    expect(snapshotDiskUsage(changes)).toBe(2 * KIB4);
  });

  it("keeps symlink targets under 60 bytes in the inode and gives longer ones a block", () => {
    const link = (length: number) =>
      snapshotDiskUsage(setNode(createDir(), "/l", createSymlink(`/${"a".repeat(length - 1)}`)));
    expect(link(59)).toBe(KIB4);
    expect(link(60)).toBe(2 * KIB4);
  });

  it("gives a directory past one block an htree root and its leaves (150 entries: 1 block, 200 and 300: 3)", () => {
    const directory = (count: number) => {
      let tree = createDir();
      for (let index = 1; index <= count; index += 1) {
        tree = setNode(tree, `/d/file-number-${index}`, createFile(""));
      }
      return snapshotDiskUsage(tree);
    };
    expect(directory(150)).toBe(2 * KIB4);
    expect(directory(200)).toBe(4 * KIB4);
    expect(directory(300)).toBe(4 * KIB4);
  });

  it("reproduces tiny:1's snapshot: busybox, /etc/passwd, three directories, nine fast symlinks (1,998,848 B)", () => {
    const entries: Record<string, { kind: "symlink"; target: string }> = {};
    for (const applet of ["sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "mv", "ln"]) {
      entries[`/bin/${applet}`] = { kind: "symlink", target: "busybox" };
    }
    let tree = treeFromPaths(entries);
    tree = setNode(tree, "/bin/busybox", createFile(zeroContent(1_982_256)));
    tree = setNode(tree, "/etc/passwd", createFile("root:x:0:0:root:/root:/bin/sh\n"));
    expect(snapshotDiskUsage(tree)).toBe(1_998_848);
  });

  describe("a container's writable snapshot (docker ps -s SIZE on the containerd store)", () => {
    const lower = treeFromPaths({
      "/bin/busybox": { kind: "file", content: "b".repeat(5000) },
      "/etc/passwd": { kind: "file", content: "root:x:0:0:root:/root:/bin/sh\n" },
      "/d1/sub/f2": { kind: "file", content: "f2\n" },
      "/d4/y": { kind: "file", content: "y\n" },
    });
    const usage = (act: (mount: ReturnType<typeof createOverlayMount>) => void): number => {
      const mount = createOverlayMount(lower, { identity: { uid: 0, gid: 0 }, now: 1_800_000_000 });
      act(mount);
      return snapshotDiskUsage(mount.upper(), mount.impureCopiedUpDirs());
    };

    it("gives a copied-up directory that received a copied-up entry a block for the overlay xattrs", () => {
      // chmod copies busybox up into bin/: / 1, bin/ 2, the file's 2 blocks (measured 1,994,752 B
      // with the real 1,982,256-byte busybox: 1 + 2 + 484 blocks).
      expect(usage((mount) => mount.fs.chmod("/bin/busybox", 0o700))).toBe(5 * KIB4);
      // A whiteout is no copy-up: etc/ keeps one block (measured 8.19kB).
      expect(usage((mount) => mount.fs.unlink("/etc/passwd"))).toBe(2 * KIB4);
    });

    it("counts a rename and a hard link of lower files as copy-ups (E16: measured 49,152 B)", () => {
      const measured = usage((mount) => {
        mount.fs.rename("/d1/sub/f2", "/d1/f2moved");
        mount.fs.link("/d4/y", "/d4/ylink");
      });
      // / 1; d1/, d1/sub/, d4/ 2 each; f2moved and y (one inode with ylink) 1 each.
      expect(measured).toBe(9 * KIB4);
    });
  });
});
