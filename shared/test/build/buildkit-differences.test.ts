/** Where BuildKit differs from the classic builder (reference §1.1, §2.2, R5, R6, R2, R18, R20, C3–C5, C-ENV2). */
import { describe, expect, it } from "vitest";
import type { BuildResult } from "../../src/engine/builder/types.ts";
import { readImageDraft } from "../../src/engine/image/image.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";
import { layerEntries } from "./support/layer-entries.ts";

const EMPTY_TAR = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

function caches(result: BuildResult): string[] {
  return result.steps
    .filter((step) => step.keyword !== "FROM")
    .map((step) => `${step.instruction}: ${step.cache}`);
}

describe("BuildKit layers (L5)", () => {
  it("exports RUN true as the empty tar and WORKDIR on an existing directory as a layer (R5, R6)", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: dockerfile("FROM tiny:1", "RUN true", "WORKDIR /bin", "WORKDIR /", "ONBUILD RUN echo hi"),
      context: contextFromFiles({}),
      builder: "buildkit",
    });
    const image = result.image as NonNullable<typeof result.image>;
    expect(image.layers.slice(1).map((layer) => layer.diffId)).toEqual([EMPTY_TAR, EMPTY_TAR]);
    expect(
      readImageDraft(image)
        .history.slice(1)
        .map((entry) => `${entry.empty_layer === true} ${entry.created_by}`),
    ).toEqual(["false RUN /bin/sh -c true # buildkit", "false WORKDIR /bin", "true WORKDIR /"]);
    expect(result.steps.at(-1)?.layer).toBe("nothing");
  });

  it("leaves the 20.10 executor's mount stubs in RUN layers (docker-findings F1)", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: dockerfile("FROM tiny:1", "RUN true", "RUN true"),
      context: contextFromFiles({}),
      builder: "buildkit",
      buildkitFlavour: "engine-20.10",
    });
    expect(result.image?.layers.slice(1).map(layerEntries)).toEqual([
      ["d 755 0:0 0 dev/", "d 755 0:0 0 etc/", "d 755 0:0 0 proc/", "d 755 0:0 0 sys/"],
      ["d 755 0:0 0 etc/"],
    ]);
  });

  it("creates WORKDIR directories owned by USER, where the classic builder uses root (8.10)", () => {
    for (const [builder, owner] of [
      ["buildkit", "1000:1000"],
      ["classic", "0:0"],
    ] as const) {
      const { store } = createTestStore();
      const { result } = build(store, {
        dockerfile: dockerfile("FROM tiny:1", "USER 1000", "WORKDIR /work"),
        context: contextFromFiles({}),
        builder,
      });
      expect(
        layerEntries(result.image?.layers.at(-1) as NonNullable<typeof result.image>["layers"][number]),
      ).toEqual([`d 755 ${owner} 0 work/`]);
    }
  });
});

describe("BuildKit cache keys (§2.2)", () => {
  const context = contextFromFiles({ "a.txt": "hello\n" });

  it("does not invalidate a later RUN when a LABEL, EXPOSE or CMD changes (C4, R18)", () => {
    const text = dockerfile("FROM tiny:1", "LABEL v=1", "EXPOSE 80", 'CMD ["sh"]', "RUN echo r > /r");
    const { store } = createTestStore();
    build(store, { dockerfile: text, context, builder: "buildkit" });
    const changed = text.replace("v=1", "v=2").replace("80", "81").replace('["sh"]', '["ls"]');
    const { result } = build(store, { dockerfile: changed, context, builder: "buildkit" });
    expect(caches(result).at(-1)).toBe("RUN echo r > /r: hit");
    expect(result.steps[1]?.reasons[0]?.rule).toBe("C4");
  });

  it("misses a RUN after an ENV change but keeps a COPY that does not use it (C-ENV2)", () => {
    const text = dockerfile("FROM tiny:1", "ENV E=1", "COPY a.txt /a.txt", "RUN echo r > /r");
    const { store } = createTestStore();
    build(store, { dockerfile: text, context, builder: "buildkit" });
    const { result } = build(store, { dockerfile: text.replace("E=1", "E=2"), context, builder: "buildkit" });
    expect(caches(result)).toEqual([
      "ENV E=2: not-applicable",
      "COPY a.txt /a.txt: hit",
      "RUN echo r > /r: miss",
    ]);
    expect(result.steps.at(-1)?.reasons.map((item) => item.message)).toEqual([
      "ENV E changed, and every later RUN sees the environment (C-ENV2)",
    ]);
  });

  it("reuses COPY --link even after an earlier step changed (C5)", () => {
    const text = dockerfile("FROM tiny:1", "RUN echo one > /one", "COPY --link a.txt /a.txt");
    const { store } = createTestStore();
    build(store, { dockerfile: text, context, builder: "buildkit" });
    const { result } = build(store, {
      dockerfile: text.replace("one >", "uno >"),
      context,
      builder: "buildkit",
    });
    expect(caches(result)).toEqual(["RUN echo uno > /one: miss", "COPY --link a.txt /a.txt: hit"]);
    expect(result.steps.at(-1)?.reasons.map((item) => item.rule)).toContain("C5");
  });

  it("rejects COPY --link under the classic builder and BuildKit 20.10, which predate it", () => {
    for (const [builder, flavour] of [
      ["classic", "current"],
      ["buildkit", "engine-20.10"],
    ] as const) {
      const { store } = createTestStore();
      const { result } = build(store, {
        dockerfile: dockerfile("FROM tiny:1", "COPY --link a.txt /a.txt"),
        context,
        builder,
        buildkitFlavour: flavour,
      });
      expect(result.failure).toEqual({
        kind: "definition",
        message: "dockerfile parse error line 2: Unknown flag: link",
      });
    }
  });

  it("reproduces the image ID when every step is cached, as the exporter reuses the records' times", () => {
    const text = dockerfile("FROM tiny:1", "LABEL a=1", "COPY a.txt /a.txt", "RUN echo r > /r");
    const { store } = createTestStore();
    const first = build(store, { dockerfile: text, context, builder: "buildkit" }).result;
    const second = build(store, { dockerfile: text, context, builder: "buildkit" }).result;
    expect(second.image).toBe(first.image);
  });
});

describe("BuildKit stages and the build context", () => {
  it("skips a stage the target does not need (M2) and fails on an unknown target", () => {
    const text = dockerfile("FROM tiny:1 AS a", "RUN echo a > /a", "FROM tiny:1 AS b", "RUN echo b > /b");
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: text,
      context: contextFromFiles({}),
      builder: "buildkit",
      target: "b",
    });
    expect(result.builtStages).toEqual(["b"]);
    const missing = build(store, {
      dockerfile: text,
      context: contextFromFiles({}),
      builder: "buildkit",
      target: "c",
    }).result;
    expect(missing.failure).toEqual({ kind: "definition", message: 'target stage "c" could not be found' });
  });

  it("does not see a same-size edit that kept its mtime: the context is sent incrementally", () => {
    const text = dockerfile("FROM tiny:1", "COPY a.txt /a.txt");
    const { store } = createTestStore();
    build(store, { dockerfile: text, context: contextFromFiles({ "a.txt": "aaa\n" }), builder: "buildkit" });
    const { result } = build(store, {
      dockerfile: text,
      context: contextFromFiles({ "a.txt": "bbb\n" }),
      builder: "buildkit",
    });
    expect(caches(result)).toEqual(["COPY a.txt /a.txt: hit"]);
    const classic = createTestStore();
    build(classic.store, {
      dockerfile: text,
      context: contextFromFiles({ "a.txt": "aaa\n" }),
      builder: "classic",
    });
    const seen = build(classic.store, {
      dockerfile: text,
      context: contextFromFiles({ "a.txt": "bbb\n" }),
      builder: "classic",
    }).result;
    expect(caches(seen)).toEqual(["COPY a.txt /a.txt: miss"]);
  });
});
