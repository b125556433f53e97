import { describe, expect, it } from "vitest";
import { sha256Digest } from "../../core/hash.ts";
import { createImage } from "../image/image.ts";
import type { Image, Layer } from "../image/types.ts";
import { createImageStore } from "./image-store.ts";

function layer(name: string): Layer {
  return {
    changes: {
      kind: "dir",
      meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
      children: new Map(),
      opaque: false,
    },
    diffId: sha256Digest(name),
    size: 1,
  };
}

function image(created: string, layers: Layer[], parent?: Image): Image {
  return createImage({
    format: "moby",
    origin: "classic-build",
    layers,
    ...(parent === undefined ? {} : { parent }),
    document: {
      architecture: "amd64",
      os: "linux",
      created,
      config: {},
      history: [{ created, created_by: created }],
    },
  });
}

describe("the image store", () => {
  it("finds images by tag (normalised), full ID and unambiguous ID prefix", () => {
    const store = createImageStore();
    const base = store.addImage(image("2026-01-01T00:00:00Z", [layer("a")]));
    store.tagImage(base, "tiny");
    expect(store.getImage("tiny:latest")).toBe(base);
    expect(store.getImage(base.id)).toBe(base);
    expect(store.getImage(base.id.slice(7, 19))).toBe(base);
    expect(store.tagsOf(base)).toEqual(["tiny:latest"]);
  });

  it("returns the stored image when an equal one is added again (same config, same ID)", () => {
    const store = createImageStore();
    const layers = [layer("a")];
    const first = store.addImage(image("2026-01-01T00:00:00Z", layers));
    expect(store.addImage(image("2026-01-01T00:00:00Z", layers))).toBe(first);
    expect(store.listImages()).toHaveLength(1);
  });

  it("pulls from the catalog when the store lacks an image, and tags it", () => {
    const pulled = image("2025-01-01T00:00:00Z", [layer("busybox")]);
    const store = createImageStore({
      catalog: (reference) => (reference === "busybox" ? pulled : undefined),
    });
    expect(store.resolveBaseImage("busybox")).toBe(pulled);
    expect(store.tagsOf(pulled)).toEqual(["busybox:latest"]);
    expect(store.resolveBaseImage("nope")).toBeUndefined();
  });

  it("links children to parents for the legacy cache", () => {
    const store = createImageStore();
    const base = store.addImage(image("2026-01-01T00:00:00Z", [layer("a")]));
    const child = store.addImage(image("2026-01-01T00:00:01Z", [layer("a")], base));
    expect(store.childrenOf(base)).toEqual([child]);
    expect(store.parentOf(child)).toBe(base);
    expect(store.classicCacheCandidates(base).map((candidate) => candidate.image)).toEqual([child]);
  });
});

describe("docker rmi", () => {
  function chain() {
    const store = createImageStore();
    const base = store.addImage(image("2026-01-01T00:00:00Z", [layer("a")]));
    store.tagImage(base, "tiny:1");
    const middle = store.addImage(image("2026-01-01T00:00:01Z", [layer("a"), layer("b")], base));
    const top = store.addImage(image("2026-01-01T00:00:02Z", [layer("a"), layer("b"), layer("c")], middle));
    store.tagImage(top, "exp:one");
    return { store, base, middle, top };
  }

  it("only untags while another tag remains", () => {
    const { store, top } = chain();
    store.tagImage(top, "exp:two");
    expect(store.removeImage("exp:one")).toEqual({ ok: true, records: [{ untagged: "exp:one" }] });
    expect(store.hasImage(top)).toBe(true);
  });

  it("deletes the image, its untagged intermediate parents and their layers, and stops at a tagged parent", () => {
    const { store, base, middle, top } = chain();
    const result = store.removeImage("exp:one");
    expect(result.ok).toBe(true);
    const lines = result.records.map((record) =>
      "untagged" in record ? `Untagged: ${record.untagged}` : `Deleted: ${record.deleted}`,
    );
    expect(lines[0]).toBe("Untagged: exp:one");
    expect(lines).toContain(`Deleted: ${top.id}`);
    expect(lines).toContain(`Deleted: ${middle.id}`);
    expect(store.hasImage(middle)).toBe(false);
    expect(store.hasImage(base)).toBe(true);
  });

  it("refuses to delete an image with children, and one a running container uses", () => {
    const { store, middle, top } = chain();
    expect(store.removeImage(middle.id)).toMatchObject({
      ok: false,
      error: expect.stringContaining("image has dependent child images"),
    });
    const users = () => [{ id: "c".repeat(64), running: true }];
    expect(store.removeImage("exp:one", { containersUsing: users })).toMatchObject({
      ok: false,
      error: expect.stringContaining("(must force)"),
    });
    expect(store.removeImage("nope")).toEqual({
      ok: false,
      error: "Error: No such image: nope",
      records: [],
    });
    expect(store.hasImage(top)).toBe(true);
  });
});
