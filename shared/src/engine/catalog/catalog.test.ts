import { describe, expect, it } from "vitest";
import { createOverlayMount } from "../fs/overlay.ts";
import type { DirNode } from "../fs/types.ts";
import { stackLayers } from "../fs/union.ts";
import { findCatalogEntry, findCatalogImage, listCatalogImages, normalizeCatalogReference } from "./index.ts";

function unionOf(reference: string): DirNode {
  const image = findCatalogImage(reference);
  if (!image) throw new Error(`no ${reference}`);
  return stackLayers(image.layers.map((layer) => layer.changes)).at(-1) as DirNode;
}

function imageSize(reference: string): number {
  return (findCatalogImage(reference)?.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
}

describe("simulated base images", () => {
  it("normalises references the way docker does", () => {
    expect(normalizeCatalogReference("ubuntu")).toBe("ubuntu:latest");
    expect(normalizeCatalogReference("docker.io/library/node:22")).toBe("node:22");
    expect(normalizeCatalogReference("alpine@sha256:abc")).toBeUndefined();
    expect(findCatalogEntry("UBUNTU:24.04")?.reference).toBe("ubuntu:24.04");
  });

  it("reproduces the experiments' tiny:1 exactly (1,982,349 bytes in one imported layer)", () => {
    const tiny = findCatalogImage("tiny:1");
    expect(tiny?.layers).toHaveLength(1);
    expect(imageSize("tiny:1")).toBe(1_982_349);
    expect(tiny?.config.history).toEqual([{ created: "2024-01-01T00:00:00Z", comment: "Imported from -" }]);
  });

  it.each([
    ["ubuntu:24.04", 1, 70e6, 85e6],
    ["debian:bookworm", 1, 105e6, 125e6],
    ["debian:bookworm-slim", 1, 65e6, 80e6],
    ["alpine:3.21", 1, 7e6, 9e6],
    ["busybox", 1, 3.5e6, 5e6],
    ["node:22", 8, 0.95e9, 1.2e9],
    ["node:22-alpine", 5, 140e6, 170e6],
    ["node:22-slim", 5, 200e6, 240e6],
    ["python:3.12-slim", 4, 110e6, 135e6],
    ["nginx:latest", 7, 180e6, 200e6],
  ])("gives %s %i layers of realistic size", (reference, layerCount, minimum, maximum) => {
    expect(findCatalogImage(reference)?.layers).toHaveLength(layerCount);
    const size = imageSize(reference);
    expect(size).toBeGreaterThan(minimum);
    expect(size).toBeLessThan(maximum);
  });

  it("keeps history and diff_ids consistent in every image (one non-empty history item per layer)", () => {
    for (const { name } of listCatalogImages()) {
      const image = findCatalogImage(name);
      const nonEmpty = image?.config.history.filter((entry) => !entry.empty_layer) ?? [];
      expect(nonEmpty.length, name).toBe(image?.config.rootfs.diff_ids.length);
    }
  });

  it("resolves /bin/sh and common commands in every image", () => {
    for (const { name } of listCatalogImages()) {
      const { fs } = createOverlayMount(unionOf(name), { identity: { uid: 0, gid: 0 }, now: 0 });
      for (const command of ["/bin/sh", "/bin/ls", "/bin/cat"]) {
        expect(fs.stat(command), `${name} ${command}`).toMatchObject({ ok: true, value: { kind: "file" } });
      }
    }
  });

  it("ships real os-release text", () => {
    const { fs } = createOverlayMount(unionOf("alpine:3.21"), { identity: { uid: 0, gid: 0 }, now: 0 });
    const release = fs.readFile("/etc/os-release");
    expect(release.ok && release.value.text()).toContain('PRETTY_NAME="Alpine Linux v3.21"');
    const ubuntu = createOverlayMount(unionOf("ubuntu"), {
      identity: { uid: 0, gid: 0 },
      now: 0,
    }).fs.readFile("/etc/os-release");
    expect(ubuntu.ok && ubuntu.value.text()).toContain("VERSION_CODENAME=noble");
  });

  it("shares base layers between images built on the same base (same Layer objects)", () => {
    const slim = findCatalogImage("debian:bookworm-slim");
    const nginx = findCatalogImage("nginx:latest");
    expect(nginx?.layers[0]).toBe(slim?.layers[0]);
  });
});
