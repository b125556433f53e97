import { describe, expect, it } from "vitest";
import { createImage, readImageDraft } from "./image.ts";
import type { Layer } from "./types.ts";

describe("lazily identified images", () => {
  it("computes neither DiffIDs nor the ID until they are read", () => {
    let reads = 0;
    const layer: Layer = {
      changes: {
        kind: "dir",
        meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
        children: new Map(),
        opaque: false,
      },
      get diffId(): Layer["diffId"] {
        reads += 1;
        return "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
      },
      size: 0,
    };
    const parent = createImage({
      format: "moby",
      origin: "import",
      layers: [layer],
      document: {
        architecture: "amd64",
        os: "linux",
        created: "2026-01-01T00:00:00Z",
        config: {},
        history: [],
      },
    });
    const child = createImage({
      format: "moby",
      origin: "classic-build",
      layers: [layer],
      parent,
      linkImageFieldToParent: true,
      document: {
        architecture: "amd64",
        os: "linux",
        created: "2026-01-01T00:00:01Z",
        config: { Env: ["A=1"] },
        history: [],
      },
    });
    expect(readImageDraft(child).config).toEqual({ Env: ["A=1"] });
    expect(reads).toBe(0);
    expect(child.config.config.Image).toBe(parent.id);
    expect(child.parentId).toBe(parent.id);
    expect(child.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(reads).toBeGreaterThan(0);
  });
});
