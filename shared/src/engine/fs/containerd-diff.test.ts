import { describe, expect, it } from "vitest";
import { containerdLayerChanges } from "./containerd-diff.ts";
import { textContent } from "./content.ts";
import { createOverlayMount } from "./overlay.ts";
import { encodeLayerTar, readTar } from "./tar.ts";
import { treeFromPaths } from "./tree.ts";
import type { DirNode } from "./types.ts";
import { applyChangeset } from "./union.ts";

const root = { uid: 0, gid: 0 };

/** The entries of a layer tar as `type mode path [=> link]`, in archive order. */
function archived(changes: DirNode): string[] {
  return readTar(encodeLayerTar(changes)).entries.map(
    (entry) =>
      `${entry.type} ${entry.mode.toString(8).padStart(3, "0")} ${entry.path}${entry.linkName ? ` => ${entry.linkName}` : ""}`,
  );
}

function lowerTree(): DirNode {
  return treeFromPaths(["/d/old1=a", "/d/sub/x=x", "/etc/passwd=root", "/keep/y=y\n", "/gone=g"], {
    mtime: 1_704_067_200,
  });
}

describe("containerd's differ (containerd image store layers)", () => {
  it("writes whiteouts as mode 0 files and a re-created directory as one whiteout per former child", () => {
    const lower = lowerTree();
    const mount = createOverlayMount(lower, { identity: root, now: 1_800_000_000 });
    mount.fs.unlink("/gone");
    mount.fs.unlink("/d/old1");
    mount.fs.unlink("/d/sub/x");
    mount.fs.rmdir("/d/sub");
    mount.fs.rmdir("/d");
    mount.fs.mkdir("/d");
    mount.fs.writeFile("/d/n", textContent("new\n"));
    const upper = mount.upper();
    // overlay2 archives the upper directory: an opaque marker.
    expect(archived(upper)).toContain("file 755 d/.wh..wh..opq");
    const changes = containerdLayerChanges(lower, upper, { differ: "walking", diffTime: 1_800_000_000 });
    // In walk order: a whiteout stands where the deleted name sorts.
    expect(archived(changes)).toEqual([
      "dir 755 d",
      "file 644 d/n",
      "file 000 d/.wh.old1",
      "file 000 d/.wh.sub",
      "file 000 .wh.gone",
    ]);
    const tar = readTar(encodeLayerTar(changes)).entries.find((entry) => entry.path === ".wh.gone");
    expect(tar?.mtime).toBe(1_800_000_000);
    // The union a container sees is the same either way.
    expect(applyChangeset(lower, changes)).toEqual(applyChangeset(lower, upper));
  });

  it("stamps a whiteout with the diff's time from the walking differ and with 0 from BuildKit's", () => {
    const lower = lowerTree();
    const mount = createOverlayMount(lower, { identity: root, now: 1_800_000_000 });
    mount.fs.unlink("/gone");
    const upper = mount.upper();
    const whiteoutMtime = (differ: "walking" | "overlay"): number | undefined =>
      readTar(
        encodeLayerTar(containerdLayerChanges(lower, upper, { differ, diffTime: 1_800_000_000 })),
      ).entries.find((entry) => entry.path === ".wh.gone")?.mtime;
    expect(whiteoutMtime("walking")).toBe(1_800_000_000);
    expect(whiteoutMtime("overlay")).toBe(0);
  });

  it("leaves out directories that were only copied up (mtime bumped), and an empty diff is empty", () => {
    const lower = lowerTree();
    const mount = createOverlayMount(lower, { identity: root, now: 1_800_000_000 });
    mount.fs.writeFile("/etc/big", textContent("x".repeat(100)));
    mount.fs.unlink("/etc/big");
    const upper = mount.upper();
    expect(archived(upper)).toEqual(["dir 755 etc"]);
    const changes = containerdLayerChanges(lower, upper, { differ: "overlay", diffTime: 1 });
    expect(changes.children.size).toBe(0);
  });

  it("leaves out a file copied up unchanged, writes a changed one with its parents", () => {
    const lower = lowerTree();
    const mount = createOverlayMount(lower, { identity: root, now: 1_800_000_000 });
    mount.fs.chown("/etc/passwd", 0, 0);
    mount.fs.chmod("/keep/y", 0o600);
    const changes = containerdLayerChanges(lower, mount.upper(), { differ: "walking", diffTime: 1 });
    expect(archived(changes)).toEqual(["dir 755 keep", "file 600 keep/y"]);
  });

  it("names a new hard link to a lower file as the file and the lower path as the link (walking differ)", () => {
    const lower = lowerTree();
    const mount = createOverlayMount(lower, { identity: root, now: 1_800_000_000 });
    mount.fs.link("/keep/y", "/keep/ylink");
    const upper = mount.upper();
    expect(archived(upper)).toEqual(["dir 755 keep", "file 644 keep/y", "hardlink 644 keep/ylink => keep/y"]);
    const walking = containerdLayerChanges(lower, upper, { differ: "walking", diffTime: 1 });
    expect(archived(walking)).toEqual([
      "dir 755 keep",
      "file 644 keep/ylink",
      "hardlink 644 keep/y => keep/ylink",
    ]);
    // BuildKit's overlayfs differ never visits the unchanged copied-up path.
    const overlay = containerdLayerChanges(lower, upper, { differ: "overlay", diffTime: 1 });
    expect(archived(overlay)).toEqual(["dir 755 keep", "file 644 keep/ylink"]);
    // Unpacked, both paths are one file again.
    const union = applyChangeset(lower, walking);
    const keep = union.children.get("keep");
    const [y, ylink] = keep?.kind === "dir" ? [keep.children.get("y"), keep.children.get("ylink")] : [];
    expect(y?.kind === "file" && ylink?.kind === "file" && y.inode === ylink.inode).toBe(true);
    expect(y).not.toHaveProperty("linkOnly");
  });
});
