/** legacy-experiments.md E9 (multi-stage, --target, COPY --from), E10 (.dockerignore), E11 (ONBUILD), E12 (directory COPY, LABEL). */
import { describe, expect, it } from "vitest";
import type { BuildResult } from "../../src/engine/builder/types.ts";
import { readImageDraft } from "../../src/engine/image/image.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

function steps(result: BuildResult): string[] {
  return result.steps.map((step) => `${step.stage} ${step.instruction}: ${step.cache}`);
}

const E9 = dockerfile(
  "FROM tiny:1 AS unused",
  "RUN echo unused > /u",
  "FROM tiny:1 AS build",
  "RUN echo prep > /prep",
  "RUN echo artifact > /artifact",
  "FROM tiny:1",
  "RUN echo final > /final",
  "COPY --from=build /artifact /artifact",
);

describe("E9: multi-stage builds", () => {
  const context = contextFromFiles({});

  it("builds every stage under the classic builder, even one nobody uses", () => {
    const { store } = createTestStore();
    const { result } = build(store, { dockerfile: E9, context, builder: "classic" });
    expect(result.builtStages).toEqual(["unused", "build", "2"]);
    expect(result.steps.map((step) => step.index)).toEqual([
      "Step 1/8",
      "Step 2/8",
      "Step 3/8",
      "Step 4/8",
      "Step 5/8",
      "Step 6/8",
      "Step 7/8",
      "Step 8/8",
    ]);
  });

  it("builds the stages up to the target in file order with --target build (M1)", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E9, context, builder: "classic" });
    const { result } = build(store, { dockerfile: E9, context, builder: "classic", target: "build" });
    expect(steps(result)).toEqual([
      "unused FROM tiny:1 AS unused: not-applicable",
      "unused RUN echo unused > /u: hit",
      "build FROM tiny:1 AS build: not-applicable",
      "build RUN echo prep > /prep: hit",
      "build RUN echo artifact > /artifact: hit",
    ]);
    expect(result.steps.map((step) => step.index).at(-1)).toBe("Step 5/5");
  });

  it("builds only the stages the target needs under BuildKit (M2)", () => {
    const { store } = createTestStore();
    const { result } = build(store, { dockerfile: E9, context, builder: "buildkit" });
    expect(result.builtStages).toEqual(["build", "2"]);
  });

  it("resets the miss flag at FROM and keys COPY --from on content: a changed prep misses its stage only (C2, C3)", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E9, context, builder: "classic" });
    const { result } = build(store, {
      dockerfile: E9.replace("echo prep", "echo prep2"),
      context,
      builder: "classic",
    });
    expect(steps(result).filter((line) => !line.includes("FROM"))).toEqual([
      "unused RUN echo unused > /u: hit",
      "build RUN echo prep2 > /prep: miss",
      "build RUN echo artifact > /artifact: miss",
      "2 RUN echo final > /final: hit",
      "2 COPY --from=build /artifact /artifact: hit",
    ]);
    // E9: the key of COPY --from is the content hash of /artifact as read from the stage's image.
    expect(readImageDraft(result.image as NonNullable<typeof result.image>).history.at(-1)?.created_by).toBe(
      "/bin/sh -c #(nop) COPY file:9e4686c84c187e5522e3a00bcd4ed0979adc51201f792842d47bce11c7cda342 in /artifact ",
    );
  });

  it("hits COPY --from and the steps after it under BuildKit when the stage re-ran with the same artifact (C3)", () => {
    const { store } = createTestStore();
    const text = `${E9}RUN cat /artifact > /copy\n`;
    build(store, { dockerfile: text, context, builder: "buildkit" });
    const { result } = build(store, {
      dockerfile: text.replace("echo prep", "echo prep2"),
      context,
      builder: "buildkit",
    });
    expect(steps(result).filter((line) => !line.includes("FROM"))).toEqual([
      "build RUN echo prep2 > /prep: miss",
      "build RUN echo artifact > /artifact: miss",
      "2 RUN echo final > /final: hit",
      "2 COPY --from=build /artifact /artifact: hit",
      "2 RUN cat /artifact > /copy: hit",
    ]);
    expect(result.steps.find((step) => step.keyword === "COPY")?.reasons.map((item) => item.rule)).toEqual([
      "R12",
      "C3",
    ]);
  });
});

describe("E10: COPY . and .dockerignore", () => {
  const text = dockerfile("FROM tiny:1", "COPY . /app", "RUN ls /app > /listing");

  it("misses COPY . when the Dockerfile changes, since it is part of the context (C8)", () => {
    const { store } = createTestStore();
    build(store, {
      dockerfile: text,
      context: contextFromFiles({ Dockerfile: text, "main.txt": "main\n" }),
      builder: "classic",
    });
    const changed = `${text}LABEL x=1\n`;
    const { result } = build(store, {
      dockerfile: changed,
      context: contextFromFiles({ Dockerfile: changed, "main.txt": "main\n" }),
      builder: "classic",
    });
    expect(result.steps[1]?.cache).toBe("miss");
    expect(result.steps[1]?.reasons.map((item) => item.message)).toContain(
      "the checksum of Dockerfile changed (R12)",
    );
  });

  it("hits when only files .dockerignore excludes change: they are never sent (R13)", () => {
    const { store } = createTestStore();
    // The context module applies .dockerignore ("*.log", "Dockerfile"): neither file reaches the builder.
    const context = contextFromFiles({ ".dockerignore": "*.log\nDockerfile\n", "main.txt": "main\n" });
    build(store, { dockerfile: text, context, builder: "classic" });
    const { result } = build(store, { dockerfile: `${text}LABEL y=2\n`, context, builder: "classic" });
    expect(result.steps.map((step) => step.cache)).toEqual(["not-applicable", "hit", "hit", "miss"]);
  });
});

describe("E11: ONBUILD", () => {
  it("runs the parent's triggers right after the child's FROM and does not pass them on", () => {
    const { store } = createTestStore();
    const context = contextFromFiles({ "a.txt": "hello\n" });
    build(store, {
      dockerfile: dockerfile("FROM tiny:1", "ONBUILD RUN echo trig > /trig"),
      context,
      builder: "classic",
      tags: ["exp:e11p"],
    });
    const { result, stdout } = build(store, {
      dockerfile: dockerfile("FROM exp:e11p", "LABEL child=1"),
      context,
      builder: "classic",
    });
    expect(stdout).toContain("Step 1/2 : FROM exp:e11p\n# Executing 1 build trigger\n ---> Running in ");
    const draft = readImageDraft(result.image as NonNullable<typeof result.image>);
    expect(draft.history.slice(-3).map((entry) => entry.created_by)).toEqual([
      "/bin/sh -c #(nop)  ONBUILD RUN echo trig > /trig",
      "/bin/sh -c echo trig > /trig",
      "/bin/sh -c #(nop)  LABEL child=1",
    ]);
    expect(draft.config.OnBuild).toBeNull();
  });
});

describe("E12: directory COPY and LABEL changes", () => {
  const text = dockerfile("FROM tiny:1", "LABEL v=1", "COPY src /src", "RUN echo r > /r");
  const context = (files: Record<string, string | { kind: "dir" }>) => contextFromFiles(files as never);

  it("misses COPY src after adding an empty sub-directory, and names it", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: text, context: context({ "src/f.txt": "f\n" }), builder: "classic" });
    const { result } = build(store, {
      dockerfile: text,
      context: context({ "src/f.txt": "f\n", "src/empty": { kind: "dir" } }),
      builder: "classic",
    });
    expect(result.steps.map((step) => step.cache).slice(1)).toEqual(["hit", "miss", "miss"]);
    expect(result.steps[2]?.reasons.map((item) => item.message)).toContain(
      "src/empty was added to the copied files (R12)",
    );
    const draft = readImageDraft(result.image as NonNullable<typeof result.image>);
    expect(draft.history.at(-2)?.created_by).toMatch(
      /^\/bin\/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in \/src $/,
    );
  });

  it("misses after renaming a file: the name is part of the hash", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: text, context: context({ "src/f.txt": "f\n" }), builder: "classic" });
    const { result } = build(store, {
      dockerfile: text,
      context: context({ "src/g.txt": "f\n" }),
      builder: "classic",
    });
    expect(result.steps[2]?.cache).toBe("miss");
  });

  it("misses every later step after LABEL v=1 → v=2 under classic, none under BuildKit (C4, R18)", () => {
    for (const builder of ["classic", "buildkit"] as const) {
      const { store } = createTestStore();
      const files = context({ "src/f.txt": "f\n" });
      build(store, { dockerfile: text, context: files, builder });
      const { result } = build(store, { dockerfile: text.replace("v=1", "v=2"), context: files, builder });
      expect(result.steps.map((step) => step.cache).slice(1)).toEqual(
        builder === "classic" ? ["miss", "miss", "miss"] : ["not-applicable", "hit", "hit"],
      );
    }
  });
});
