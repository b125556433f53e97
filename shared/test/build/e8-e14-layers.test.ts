/** legacy-experiments.md E8 (VOLUME then RUN/COPY), E13 (duplicate COPY) and E14 (create+delete in one RUN). */
import { describe, expect, it } from "vitest";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";
import { layerEntries } from "./support/layer-entries.ts";

describe("E8: VOLUME then RUN and COPY into it", () => {
  const E8 = dockerfile(
    "FROM tiny:1",
    "VOLUME /vol",
    "RUN echo x > /vol/fromrun && echo y > /outside",
    "COPY a.txt /vol/fromcopy",
  );

  it("drops the RUN's writes under the volume but keeps COPY's (classic, L7)", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: E8,
      context: contextFromFiles({ "a.txt": "hello\n" }),
      builder: "classic",
    });
    expect(result.image?.layers.slice(1).map(layerEntries)).toEqual([
      ["f 644 0:0 2 outside", "d 755 0:0 0 vol/"],
      ["d 755 0:0 0 vol/", "f 644 0:0 6 vol/fromcopy"],
    ]);
    expect(result.steps[2]?.layerReasons.map((item) => item.rule)).toContain("L7");
  });

  it("keeps the RUN's writes under BuildKit, which mounts no volume during the build", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: E8.replace("VOLUME /vol", "VOLUME /vol\nRUN mkdir /vol"),
      context: contextFromFiles({ "a.txt": "hello\n" }),
      builder: "buildkit",
    });
    expect(result.image?.layers.slice(1).map(layerEntries)[1]).toEqual([
      "f 644 0:0 2 outside",
      "d 755 0:0 0 vol/",
      "f 644 0:0 2 vol/fromrun",
    ]);
  });
});

describe("E13: the same COPY twice and a no-op mkdir -p", () => {
  it("adds two layers with the same content and an empty history item for mkdir -p (L6, L2)", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: dockerfile(
        "FROM tiny:1",
        "ENV E=1",
        "COPY a.txt /a.txt",
        "COPY a.txt /a.txt",
        "RUN mkdir -p /bin /etc",
      ),
      context: contextFromFiles({ "a.txt": "hello\n" }),
      builder: "classic",
    });
    const layers = result.image?.layers ?? [];
    expect(layers).toHaveLength(3);
    expect(layerEntries(layers[1] as (typeof layers)[number])).toEqual(
      layerEntries(layers[2] as (typeof layers)[number]),
    );
    expect(result.steps.map((step) => step.layer)).toEqual([
      "nothing",
      "history-only",
      "layer",
      "layer",
      "history-only",
    ]);
  });

  it("misses the ENV and everything after it when its value changes (C-ENV1)", () => {
    const { store } = createTestStore();
    const text = dockerfile("FROM tiny:1", "ENV E=1", "COPY a.txt /a.txt", "RUN echo r > /r");
    const context = contextFromFiles({ "a.txt": "hello\n" });
    build(store, { dockerfile: text, context, builder: "classic" });
    const { result } = build(store, { dockerfile: text.replace("E=1", "E=2"), context, builder: "classic" });
    expect(result.steps.slice(1).map((step) => step.cache)).toEqual(["miss", "miss", "miss"]);
  });
});

describe("E14: create and delete in the same RUN", () => {
  it("leaves nothing at /, the copied-up parent for /tmp, and a new directory for mkdir (L2, L3)", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: dockerfile(
        "FROM tiny:1",
        "RUN /bin/busybox dd if=/dev/zero of=/big bs=1024 count=256 && rm /big",
        "RUN mkdir /tmp && /bin/busybox dd if=/dev/zero of=/tmp/keep bs=1 count=1",
        "RUN /bin/busybox dd if=/dev/zero of=/tmp/big bs=1024 count=256 && rm /tmp/big",
        "RUN mkdir /newdir",
      ),
      context: contextFromFiles({}),
      builder: "classic",
    });
    expect(result.steps.slice(1).map((step) => step.layer)).toEqual([
      "history-only",
      "layer",
      "layer",
      "layer",
    ]);
    expect(result.image?.layers.slice(2).map(layerEntries)).toEqual([
      ["d 755 0:0 0 tmp/"],
      ["d 755 0:0 0 newdir/"],
    ]);
  });
});
