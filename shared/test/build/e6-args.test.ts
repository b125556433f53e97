/** legacy-experiments.md E6, E19 and E18: build args and the cache. */
import { describe, expect, it } from "vitest";
import type { BuildResult } from "../../src/engine/builder/types.ts";
import { readImageDraft } from "../../src/engine/image/image.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

const E6 = dockerfile(
  "FROM tiny:1",
  "RUN echo before > /b",
  "ARG V=1",
  "RUN echo unrelated > /u",
  "RUN echo $V > /v",
  "ENV E=1",
  "RUN echo after-env > /e",
);

function cacheOf(result: BuildResult): string[] {
  return result.steps
    .filter((step) => step.keyword !== "FROM")
    .map((step) => `${step.instruction}: ${step.cache}`);
}

function createdBy(result: BuildResult): string[] {
  return result.image === undefined
    ? []
    : readImageDraft(result.image)
        .history.slice(1)
        .map((entry) => entry.created_by ?? "");
}

describe("E6: a build arg busts the cache at the first RUN after its ARG (classic)", () => {
  const context = contextFromFiles({});
  const run = (store: ReturnType<typeof createTestStore>["store"], buildArgs?: Record<string, string>) =>
    build(store, {
      dockerfile: E6,
      context,
      builder: "classic",
      ...(buildArgs === undefined ? {} : { buildArgs }),
    }).result;

  it("hits everything with --build-arg V=1, the default", () => {
    const { store } = createTestStore();
    run(store);
    expect(cacheOf(run(store, { V: "1" })).every((line) => line.endsWith("hit"))).toBe(true);
  });

  it("misses at RUN unrelated (which does not use $V), not at the ARG line (C-ARG1)", () => {
    const { store } = createTestStore();
    run(store);
    const result = run(store, { V: "2" });
    expect(cacheOf(result)).toEqual([
      "RUN echo before > /b: hit",
      "ARG V=1: hit",
      "RUN echo unrelated > /u: miss",
      "RUN echo $V > /v: miss",
      "ENV E=1: miss",
      "RUN echo after-env > /e: miss",
    ]);
    expect(result.steps[3]?.reasons.map((item) => item.message)).toContain(
      "build arg V changed and this RUN follows ARG V (C-ARG1)",
    );
    expect(createdBy(result)).toEqual([
      "/bin/sh -c echo before > /b",
      "/bin/sh -c #(nop)  ARG V=1",
      "|1 V=2 /bin/sh -c echo unrelated > /u",
      "|1 V=2 /bin/sh -c echo $V > /v",
      "/bin/sh -c #(nop)  ENV E=1",
      "|1 V=2 /bin/sh -c echo after-env > /e",
    ]);
  });

  it("adds |0 to RUNs without a declared ARG when a proxy arg is passed, then ignores its value (C-ARG3)", () => {
    const { store } = createTestStore();
    run(store);
    const first = run(store, { HTTP_PROXY: "http://x" });
    expect(cacheOf(first)[0]).toBe("RUN echo before > /b: miss");
    expect(createdBy(first)[0]).toBe("|0 /bin/sh -c echo before > /b");
    expect(cacheOf(run(store, { HTTP_PROXY: "http://y" })).every((line) => line.endsWith("hit"))).toBe(true);
  });

  it("warns about a build arg no ARG declares", () => {
    const { store } = createTestStore();
    const result = run(store, { UNDECLARED: "x" });
    expect(result.warnings).toEqual(["[Warning] One or more build-args [UNDECLARED] were not consumed"]);
  });
});

describe("E19: an ARG change does not miss a COPY; a proxy arg with a declared ARG in scope", () => {
  const E19 = dockerfile("FROM tiny:1", "ARG V=1", "COPY a /a", "RUN echo hi > /hi");
  const context = contextFromFiles({ a: "a\n" });

  it("hits the ARG and the COPY and misses the RUN with --build-arg V=2 (C-ARG2)", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E19, context, builder: "classic" });
    const result = build(store, {
      dockerfile: E19,
      context,
      builder: "classic",
      buildArgs: { V: "2" },
    }).result;
    expect(cacheOf(result)).toEqual(["ARG V=1: hit", "COPY a /a: hit", "RUN echo hi > /hi: miss"]);
  });

  it("hits everything with HTTP_PROXY when V is in scope: the key is |1 V=1 either way", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E19, context, builder: "classic" });
    const result = build(store, {
      dockerfile: E19,
      context,
      builder: "classic",
      buildArgs: { HTTP_PROXY: "http://p" },
    }).result;
    expect(cacheOf(result).every((line) => line.endsWith("hit"))).toBe(true);
  });

  it("misses only the RUN under BuildKit too, and proxy args never change a key", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E19, context, builder: "buildkit" });
    const changed = build(store, {
      dockerfile: E19,
      context,
      builder: "buildkit",
      buildArgs: { V: "2" },
    }).result;
    expect(cacheOf(changed)).toEqual([
      "ARG V=1: not-applicable",
      "COPY a /a: hit",
      "RUN echo hi > /hi: miss",
    ]);
    const proxied = build(store, {
      dockerfile: E19,
      context,
      builder: "buildkit",
      buildArgs: { V: "2", HTTP_PROXY: "http://p" },
    }).result;
    expect(cacheOf(proxied)).toEqual(["ARG V=1: not-applicable", "COPY a /a: hit", "RUN echo hi > /hi: hit"]);
  });
});

describe("E18: ARG before FROM", () => {
  it("expands FROM and adds no history item; the stage's ARG BASE inherits the value", () => {
    const { store } = createTestStore();
    const result = build(store, {
      dockerfile: dockerfile("ARG BASE=tiny:1", "FROM $BASE", "ARG BASE", "RUN echo $BASE > /base"),
      context: contextFromFiles({}),
      builder: "classic",
    }).result;
    expect(createdBy(result)).toEqual([
      "/bin/sh -c #(nop)  ARG BASE",
      "|1 BASE=tiny:1 /bin/sh -c echo $BASE > /base",
    ]);
    expect(result.steps[0]).toMatchObject({
      index: "Step 1/4",
      instruction: "ARG BASE=tiny:1",
      layer: "nothing",
    });
  });
});
