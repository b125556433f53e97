import { describe, expect, it } from "vitest";
import type { DirNode, FileContent, FsNode } from "../fs/types.ts";
import { computeDiveEfficiency } from "./efficiency.ts";
import { computeWastedSpace } from "./wasted-space.ts";

let inode = 1;
const sized = (size: number): FsNode => {
  const content: FileContent = {
    size,
    key: `zero:${size}`,
    bytes: () => new Uint8Array(size),
    text: () => "\0".repeat(size),
  };
  return { kind: "file", meta: { mode: 0o644, uid: 0, gid: 0, mtime: 0 }, content, inode: inode++ };
};
const dir = (children: Record<string, FsNode>, opaque = false): DirNode => ({
  kind: "dir",
  meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
  children: new Map(Object.entries(children)),
  opaque,
});
const WH: FsNode = { kind: "whiteout" };

describe("dive efficiency (dive/filetree/efficiency.go)", () => {
  it("scores an image with no repeated paths as 1", () => {
    const result = computeDiveEfficiency([dir({ a: sized(100) }), dir({ b: sized(50) })]);
    expect(result).toMatchObject({ score: 1, wastedBytes: 0, inefficiencies: [] });
  });

  it("counts a file deleted later: cumulative size 1000 + 0, minimum 0", () => {
    // layer0 /base 500; layer1 /big 1000; layer2 whiteout /big
    const result = computeDiveEfficiency([
      dir({ base: sized(500) }),
      dir({ big: sized(1000) }),
      dir({ big: WH }),
    ]);
    // minimum: base 500 + big 0 = 500; discovered: 500 + 1000 = 1500
    expect(result.score).toBeCloseTo(500 / 1500, 12);
    expect(result.wastedBytes).toBe(1000);
    expect(result.wastedUserRatio).toBeCloseTo(1000 / 1000, 12);
    expect(result.inefficiencies).toEqual([{ path: "/big", cumulativeSize: 1000, occurrences: 2 }]);
  });

  it("counts a deleted directory's whole subtree at the whiteout", () => {
    const result = computeDiveEfficiency([dir({ d: dir({ x: sized(10), y: sized(20) }) }), dir({ d: WH })]);
    // /d/x and /d/y are leaves in layer 0; /d is a leaf (whiteout) in layer 1 with size 30.
    expect(result.inefficiencies).toEqual([]);
    expect(result.score).toBeCloseTo(60 / 60, 12);
  });

  it("ignores an opaque directory, so the bytes it hides are not counted", () => {
    const layers = [dir({ d: dir({ old: sized(4096) }) }), dir({ d: dir({ fresh: sized(8) }, true) })];
    const dive = computeDiveEfficiency(layers);
    expect(dive.wastedBytes).toBe(0);
    expect(dive.score).toBe(1);
    const layercake = computeWastedSpace(layers);
    expect(layercake.reclaimableBytes).toBe(4096);
    expect(layercake.files[0]).toMatchObject({
      path: "/d/old",
      addedInLayer: 0,
      hiddenInLayer: 1,
      hiddenBy: "opaque-directory",
    });
  });
});

describe("reclaimable bytes", () => {
  it("explains a file replaced by a later layer and one deleted by a whiteout", () => {
    const layers = [
      dir({ app: dir({ "a.js": sized(300) }) }),
      dir({ app: dir({ "a.js": sized(310) }), tmp: dir({ cache: sized(2000) }) }),
      dir({ tmp: dir({ cache: WH }) }),
    ];
    const wasted = computeWastedSpace(layers);
    expect(wasted.reclaimableBytes).toBe(2300);
    expect(
      wasted.files.map((file) => [
        file.path,
        file.bytes,
        file.addedInLayer,
        file.hiddenInLayer,
        file.hiddenBy,
      ]),
    ).toEqual([
      ["/app/a.js", 300, 0, 1, "replaced"],
      ["/tmp/cache", 2000, 1, 2, "whiteout"],
    ]);
    expect(wasted.files[1]?.reason.message).toContain("delete it in the same RUN");
  });

  it("finds nothing to reclaim when every stored byte is visible", () => {
    expect(computeWastedSpace([dir({ a: sized(1) }), dir({ b: sized(2) })]).reclaimableBytes).toBe(0);
  });
});

describe("image analysis", () => {
  it("lists per-layer changes of a built image and the bytes a rewrite reclaims (S3)", async () => {
    const { createSimulatedClock } = await import("../../core/clock.ts");
    const { buildImage } = await import("../builder/build.ts");
    const { findCatalogImage } = await import("../catalog/index.ts");
    const { contextFromFiles } = await import("../context/index.ts");
    const { createImageStore } = await import("../daemon/index.ts");
    const { analyzeImage } = await import("./layers.ts");
    const result = buildImage(
      {
        dockerfile: "FROM tiny:1\nRUN /bin/busybox dd if=/dev/zero of=/big bs=1024 count=1024\nRUN rm /big\n",
        context: contextFromFiles({}),
        builder: "classic",
        now: createSimulatedClock(Date.UTC(2026, 0, 1), 1000),
      },
      createImageStore({ catalog: findCatalogImage }),
    );
    expect(result.ok).toBe(true);
    const analysis = analyzeImage(result.image as NonNullable<typeof result.image>);
    expect(analysis.layers.map((layer) => [layer.size, layer.added.length, layer.removed.length])).toEqual([
      [1_982_349, 13, 0],
      [1_048_576, 1, 0],
      [0, 0, 1],
    ]);
    expect(analysis.imageSize).toBe(1_982_349 + 1_048_576);
    expect(analysis.wasted.reclaimableBytes).toBe(1_048_576);
    expect(analysis.wasted.files[0]?.reason.message).toContain("delete it in the same RUN");
    expect(analysis.dive.wastedBytes).toBe(1_048_576);
  });
});
