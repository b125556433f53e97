import { describe, expect, it } from "vitest";
import { createSimulatedClock } from "../../core/clock.ts";
import { contextFromFiles } from "../context/context.ts";
import { syntheticContent, zeroContent } from "../fs/content.ts";
import { snapshotDiskUsage } from "../fs/disk-usage.ts";
import { encodeLayerTar } from "../fs/tar.ts";
import { treeFromPaths } from "../fs/tree.ts";
import type { FileContent, FileNode } from "../fs/types.ts";
import { goGzip } from "../image/go-deflate.ts";
import { createImage, readImageDraft } from "../image/image.ts";
import type { Image, Layer } from "../image/types.ts";
import {
  containerdImageContent,
  containerdInspectSize,
  containerdManifestContentSize,
  containerdSnapshotChainUsage,
  initDirectoriesUnder,
  initSnapshotUsage,
  layerBlobSize,
} from "./containerd-sizes.ts";
import { DOCKER_26_1_CONTAINERD } from "./profile.ts";
import { openDockerSession } from "./session.ts";

/**
 * The daemon's numbers are from Docker 26.1.5 with the containerd image store (Debian 13 packages,
 * ext4), for `FROM tiny:1`, `ENV E=1`, `COPY a.txt /a.txt` (6 bytes), `RUN echo r > /r`, read
 * from `docker save` and `docker image inspect`: a.txt had mtime 2026-12-07T00:23:46Z and /r
 * 00:23:47, which the context and the clock reproduce here (the tars' mtimes move a blob's size by
 * a byte or two).
 */
const DOCKERFILE = "FROM tiny:1\nENV E=1\nCOPY a.txt /a.txt\nRUN echo r > /r\n";

function build(builder: "classic" | "buildkit"): Image {
  const session = openDockerSession({
    clock: createSimulatedClock(Date.parse("2026-12-07T00:23:45Z"), 1000),
    profile: DOCKER_26_1_CONTAINERD,
  });
  const context = contextFromFiles(
    { "a.txt": "hello\n" },
    { mtime: Date.parse("2026-12-07T00:23:46Z") / 1000 },
  );
  const result = session.build({ dockerfile: DOCKERFILE, context, builder });
  if (!result.ok || result.image === undefined) throw new Error(`the ${builder} build failed`);
  return result.image;
}

describe("the containerd image store's content", () => {
  it("counts tiny:1 as the daemon stores it after docker import: 1,064,659 + 291 + 405 bytes", () => {
    const session = openDockerSession({ clock: createSimulatedClock(), profile: DOCKER_26_1_CONTAINERD });
    const tiny = session.store.getImage("tiny:1") as Image;
    expect(containerdImageContent(tiny)).toMatchObject({
      index: 0,
      manifest: 405,
      config: 291,
      blobs: [1_064_659],
    });
    expect(containerdInspectSize(tiny)).toBe(1_065_355);
  });

  it("counts a classic build as the daemon does: manifest 963, config 878, blobs 107 and 97 bytes", () => {
    const image = build("classic");
    expect(containerdImageContent(image)).toMatchObject({
      index: 0,
      manifest: 963,
      config: 878,
      blobs: [1_064_659, 107, 97],
    });
    expect(containerdInspectSize(image)).toBe(1_066_704);
  });

  it("adds BuildKit's index (855 bytes) to inspect's size but not to the listed content", () => {
    const image = build("buildkit");
    const content = containerdImageContent(image);
    expect(content).toMatchObject({ index: 855, manifest: 856, config: 904 });
    // The COPY's blob is the daemon's; the RUN's depends on the mount stubs the layer keeps.
    expect(content.blobs.slice(0, 2)).toEqual([1_064_659, 107]);
    expect(containerdInspectSize(image) - containerdManifestContentSize(image)).toBe(855);
  });
});

describe("layer blobs of generated payloads", () => {
  const layerOf = (content: FileContent): Layer => {
    const changes = treeFromPaths(["/payload"], { mtime: 1_796_603_027 });
    const file = changes.children.get("payload") as FileNode;
    const withContent = { ...changes, children: new Map([["payload", { ...file, content }]]) };
    return { changes: withContent, diffId: "sha256:payload", size: content.size };
  };
  const compressed = (layer: Layer) => goGzip(encodeLayerTar(layer.changes)).length;

  it("counts simulated noise as Go's stored blocks, within 0.1% of compressing it", () => {
    const layer = layerOf(syntheticContent("bench", 300_000));
    // A block that follows a slide of the window cannot be stored and is Huffman-coded, a little longer.
    expect(Math.abs(layerBlobSize(layer) - compressed(layer))).toBeLessThanOrEqual(300);
  });

  it("counts zeros over 1 MiB at Go's rate for zeros, within a few bytes of compressing them", () => {
    const layer = layerOf(zeroContent(3 << 20));
    expect(Math.abs(layerBlobSize(layer) - compressed(layer))).toBeLessThanOrEqual(16);
  });
});

describe("layer blobs holding a copy of tiny:1's busybox", () => {
  /** `RUN /bin/busybox chmod 700 /bin/busybox` over tiny:1: its layer's blob, as the daemon wrote 1,064,329 and 1,064,420 B. */
  const chmodLayerBlob = (builder: "classic" | "buildkit"): number => {
    const session = openDockerSession({
      clock: createSimulatedClock(Date.parse("2026-12-07T01:10:00Z"), 1000),
      profile: DOCKER_26_1_CONTAINERD,
    });
    const result = session.build({
      dockerfile: "FROM tiny:1\nRUN /bin/busybox chmod 700 /bin/busybox\n",
      context: contextFromFiles({}),
      builder,
    });
    const layer = result.image?.layers[1];
    if (!result.ok || layer === undefined) throw new Error(`the ${builder} build made no layer`);
    return layerBlobSize(layer);
  };

  it("sizes a layer of the copy alone as the daemon's blob (the copy compresses as the real busybox does)", () => {
    // Simulated noise in stored blocks would be 1,982,861 B: the catalog's busybox is not real content.
    expect(Math.abs(chmodLayerBlob("classic") - 1_064_329)).toBeLessThanOrEqual(16);
  });

  it("estimates a layer with entries after the copy within 60 bytes under the daemon's (BuildKit's stubs)", () => {
    const estimate = chmodLayerBlob("buildkit");
    expect(estimate).toBeLessThanOrEqual(1_064_420);
    expect(1_064_420 - estimate).toBeLessThanOrEqual(60);
  });
});

describe("the containerd snapshot chain", () => {
  it("makes seven directories of a container's init snapshot over tiny:1 and three over a chain that has one", () => {
    expect(initSnapshotUsage(new Set())).toBe(28_672);
    expect(initSnapshotUsage(new Set(["dev/pts", "dev/shm", "proc", "sys"]))).toBe(12_288);
  });

  it("puts an init snapshot under a classic RUN's layer but not under its COPY's", () => {
    const classic = build("classic");
    // tiny:1 1,998,848 + init 28,672 + COPY (root, a.txt) 8,192 + RUN (root, r) 8,192.
    expect(containerdSnapshotChainUsage(classic)).toBe(1_998_848 + 28_672 + 8_192 + 8_192);
    expect([...initDirectoriesUnder(classic)].sort()).toEqual(["dev/pts", "dev/shm", "proc", "sys"]);
  });

  it("puts none under a loaded image's layers, which the daemon unpacks one on another", () => {
    const classic = build("classic");
    const loaded = createImage({
      format: "moby",
      origin: "load",
      layers: classic.layers,
      document: readImageDraft(classic),
    });
    // Measured: a classic `RUN echo r > /r` image lists 28,672 B less after save, rmi and load.
    expect(containerdSnapshotChainUsage(classic) - containerdSnapshotChainUsage(loaded)).toBe(28_672);
    expect([...initDirectoriesUnder(loaded)]).toEqual([]);
  });

  it("puts none under BuildKit's layers, whose RUN snapshot holds its own mount stubs", () => {
    const buildkit = build("buildkit");
    const layersOnly = buildkit.layers.reduce((sum, layer) => sum + snapshotDiskUsage(layer.changes), 0);
    expect(containerdSnapshotChainUsage(buildkit)).toBe(layersOnly);
    expect([...initDirectoriesUnder(buildkit)].sort()).toEqual(["proc", "sys"]);
  });
});
