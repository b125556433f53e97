/** Failing builds are results: the step, the exit code and Docker's own wording (docker-findings F4). */
import { describe, expect, it } from "vitest";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

const context = contextFromFiles({ "a.txt": "hello\n" });

describe("a failing RUN", () => {
  const text = dockerfile("FROM tiny:1", "RUN echo hi", "RUN false", "RUN echo after");

  it("stops the classic build with the command and its code", () => {
    const { store } = createTestStore();
    const { result, stdout, stderr } = build(store, { dockerfile: text, context, builder: "classic" });
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({
      kind: "step",
      step: 2,
      exitCode: 1,
      message: "The command '/bin/sh -c false' returned a non-zero code: 1",
    });
    expect(result.steps.map((step) => step.instruction)).toEqual(["FROM tiny:1", "RUN echo hi", "RUN false"]);
    expect(stdout.trimEnd().split("\n").slice(-2)[0]).toBe("Step 3/4 : RUN false");
    expect(stderr).toBe("The command '/bin/sh -c false' returned a non-zero code: 1\n");
    expect(result.diagnostics.map((item) => `${item.name} ${item.range.start.line}`)).toEqual([
      "BuildStepFailed 3",
    ]);
  });

  it("words BuildKit's error as current BuildKit and as Docker 20.10's", () => {
    const current = build(createTestStore().store, { dockerfile: text, context, builder: "buildkit" });
    expect(current.result.failure?.message).toBe(
      'process "/bin/sh -c false" did not complete successfully: exit code: 1',
    );
    expect(current.stderr.trimEnd().split("\n").at(-1)).toBe(
      'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    );
    const old = build(createTestStore().store, {
      dockerfile: text,
      context,
      builder: "buildkit",
      buildkitFlavour: "engine-20.10",
    });
    expect(old.stderr).toContain(
      "#6 ERROR: executor failed running [/bin/sh -c false]: exit code: 1\n\n------\n > [3/4] RUN false:\n------\n",
    );
  });

  it("keeps the steps before the failure cached for the next build", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: text, context, builder: "classic" });
    const { result } = build(store, {
      dockerfile: text.replace("RUN false", "RUN true"),
      context,
      builder: "classic",
    });
    expect(result.steps.map((step) => step.cache)).toEqual(["not-applicable", "hit", "miss", "miss"]);
  });
});

describe("other failures", () => {
  it("reports a missing COPY source as excluded or absent (classic) or as a cache-key failure (BuildKit)", () => {
    const text = dockerfile("FROM tiny:1", "COPY missing.txt /m");
    const classic = build(createTestStore().store, { dockerfile: text, context, builder: "classic" }).result;
    expect(classic.failure?.message).toBe(
      "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
    );
    expect(classic.diagnostics[0]).toMatchObject({
      name: "CopySourceNotFound",
      range: { start: { line: 2, column: 1 } },
    });
    const buildkit = build(createTestStore().store, {
      dockerfile: text,
      context,
      builder: "buildkit",
    }).result;
    expect(buildkit.failure?.message).toBe(
      'failed to compute cache key: "/missing.txt" not found: not found',
    );
    expect(buildkit.steps.at(-1)?.index).toBe("[2/2]");
  });

  it("rejects an unknown instruction before any step, with its position", () => {
    const { result, stderr } = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "RUN true", "FOO bar"),
      context,
      builder: "classic",
    });
    expect(result.steps).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({
      name: "UnknownInstruction",
      range: { start: { line: 3, column: 1 } },
    });
    expect(stderr).toBe(
      "Error response from daemon: dockerfile parse error line 3: unknown instruction: FOO\n",
    );
  });

  it("refuses ADD of a URL: the simulator is offline", () => {
    const { result } = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "ADD https://example.com/x.tgz /x"),
      context,
      builder: "classic",
    });
    expect(result.failure?.message).toMatch(
      /^ADD https:\/\/example.com\/x.tgz: downloading from a URL is not available offline/,
    );
  });

  it("refuses BuildKit-only flags under the classic builder", () => {
    const chmod = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "COPY --chmod=600 a.txt /a"),
      context,
      builder: "classic",
    });
    expect(chmod.result.failure?.message).toBe(
      "the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled",
    );
    const mount = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "RUN --mount=type=cache,target=/c true"),
      context,
      builder: "classic",
    });
    expect(mount.result.failure?.message).toMatch(/^the --mount option requires BuildKit/);
  });

  it("applies --chmod under BuildKit", () => {
    const { result } = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "COPY --chmod=600 a.txt /a"),
      context,
      builder: "buildkit",
    });
    const layer = result.image?.layers.at(-1);
    const file = layer?.changes.children.get("a");
    expect(file?.kind === "file" ? file.meta.mode : undefined).toBe(0o600);
  });

  it("stops at 125 layers (L10)", () => {
    const lines = [
      "FROM tiny:1",
      ...Array.from({ length: 125 }, (_, index) => `RUN echo ${index} > /f${index}`),
    ];
    const { result } = build(createTestStore().store, {
      dockerfile: dockerfile(...lines),
      context,
      builder: "classic",
    });
    expect(result.failure).toMatchObject({
      kind: "step",
      message: "failed to register layer: max depth exceeded",
    });
    expect(result.steps.at(-1)?.instruction).toBe("RUN echo 124 > /f124");
  });

  it("fails a RUN whose USER does not exist in the image", () => {
    const { result } = build(createTestStore().store, {
      dockerfile: dockerfile("FROM tiny:1", "USER bob", "RUN true"),
      context,
      builder: "classic",
    });
    expect(result.failure?.message).toBe("unable to find user bob: no matching entries in passwd file");
  });

  it("fails FROM on an image neither in the store nor in the catalog", () => {
    const { result } = build(createTestStore().store, {
      dockerfile: dockerfile("FROM nope:1"),
      context,
      builder: "classic",
    });
    expect(result.failure?.message).toMatch(/^pull access denied for nope/);
    expect(result.diagnostics[0]?.name).toBe("BaseImageNotFound");
  });
});
