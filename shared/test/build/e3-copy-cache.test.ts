/** legacy-experiments.md E3: the COPY cache key and miss propagation, every row of the table. */
import { describe, expect, it } from "vitest";
import type { BuildResult } from "../../src/engine/builder/types.ts";
import type { FixtureEntry } from "../../src/engine/fs/tree.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

const E3 = dockerfile(
  "FROM tiny:1",
  "COPY a.txt /a.txt",
  "RUN echo step3 > /s3",
  "COPY b.txt /b.txt",
  "RUN echo step5 > /s5",
);
const FILES: Record<string, string | FixtureEntry> = { "a.txt": "aaa\n", "b.txt": "bbb\n", "c.txt": "ccc\n" };

/** `hit hit miss miss` for steps 2–5. */
function row(result: BuildResult): string {
  return result.steps
    .filter((step) => step.keyword !== "FROM")
    .map((step) => step.cache)
    .join(" ");
}

function rebuildAfter(
  builder: "classic" | "buildkit",
  change: { files?: Record<string, string | FixtureEntry>; dockerfile?: string; noCache?: boolean },
): BuildResult {
  const { store } = createTestStore();
  build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder });
  return build(store, {
    dockerfile: change.dockerfile ?? E3,
    context: contextFromFiles(change.files ?? FILES),
    builder,
    ...(change.noCache ? { noCache: true } : {}),
  }).result;
}

const file = (content: string, mode = 0o644, uid = 0): FixtureEntry => ({ kind: "file", content, mode, uid });

describe("E3 under the classic builder", () => {
  it("hits every step when nothing changed", () => {
    expect(row(rebuildAfter("classic", {}))).toBe("hit hit hit hit");
  });

  it("hits when only a.txt's mtime changed (tarsum v1 has no mtime)", () => {
    const touched = { ...FILES, "a.txt": { kind: "file", content: "aaa\n" } as FixtureEntry };
    const { store } = createTestStore();
    build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder: "classic" });
    const later = build(store, {
      dockerfile: E3,
      context: contextFromFilesAt(touched, 1_800_000_000),
      builder: "classic",
    });
    expect(row(later.result)).toBe("hit hit hit hit");
  });

  it("misses from COPY b on after chmod 600 b.txt", () => {
    const result = rebuildAfter("classic", { files: { ...FILES, "b.txt": file("bbb\n", 0o600) } });
    expect(row(result)).toBe("hit hit miss miss");
    expect(result.steps[3]?.reasons.map((item) => item.message)).toContain(
      "the checksum of b.txt changed (R12)",
    );
  });

  it("hits when a file that is not copied changed", () => {
    expect(row(rebuildAfter("classic", { files: { ...FILES, "c.txt": "changed\n" } }))).toBe(
      "hit hit hit hit",
    );
  });

  it("misses everything after a changed a.txt, b.txt's unchanged COPY included (C1)", () => {
    const result = rebuildAfter("classic", { files: { ...FILES, "a.txt": "AAA changed\n" } });
    expect(row(result)).toBe("miss miss miss miss");
    expect(result.steps[1]?.reasons.map((item) => item.message)).toContain(
      "the checksum of a.txt changed (R12)",
    );
    expect(result.steps[3]?.reasons.map((item) => item.rule)).toEqual(["C1"]);
  });

  it("misses everything with --no-cache and keeps the old images (R19)", () => {
    const result = rebuildAfter("classic", { noCache: true });
    expect(row(result)).toBe("miss miss miss miss");
    expect(result.createdImages).toHaveLength(4);
  });

  it("hits again after reverting a.txt: the old chain is still there (C6)", () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder: "classic" });
    build(store, {
      dockerfile: E3,
      context: contextFromFiles({ ...FILES, "a.txt": "AAA changed\n" }),
      builder: "classic",
    });
    const reverted = build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder: "classic" });
    expect(row(reverted.result)).toBe("hit hit hit hit");
  });

  it("hits after chown 1234:1234 b.txt: the CLI sends owners as 0:0", () => {
    expect(row(rebuildAfter("classic", { files: { ...FILES, "b.txt": file("bbb\n", 0o644, 1234) } }))).toBe(
      "hit hit hit hit",
    );
  });

  it("hits after adding a comment and a blank line to the Dockerfile", () => {
    const commented = `# a comment\n${E3.replace("COPY a.txt", "\nCOPY a.txt")}`;
    expect(row(rebuildAfter("classic", { dockerfile: commented }))).toBe("hit hit hit hit");
  });

  it("misses the last RUN when a space is added inside its command (C7)", () => {
    const result = rebuildAfter("classic", { dockerfile: E3.replace("echo step5", "echo  step5") });
    expect(row(result)).toBe("hit hit hit miss");
    expect(result.steps[4]?.reasons.map((item) => item.rule)).toContain("C7");
  });
});

describe("E3 under BuildKit", () => {
  it("keeps the unchanged b.txt COPY keyed by content but misses it through its changed input (R14)", () => {
    const result = rebuildAfter("buildkit", { files: { ...FILES, "a.txt": "AAA changed\n" } });
    expect(row(result)).toBe("miss miss miss miss");
    expect(result.steps[1]?.reasons.map((item) => item.message)).toEqual(["the checksum of a.txt changed"]);
    expect(result.steps[3]?.reasons.map((item) => item.rule)).toEqual(["R14"]);
  });

  it("hits every step after a mode change of a file nobody copies", () => {
    expect(row(rebuildAfter("buildkit", { files: { ...FILES, "c.txt": file("ccc\n", 0o600) } }))).toBe(
      "hit hit hit hit",
    );
  });
});

function contextFromFilesAt(files: Record<string, string | FixtureEntry>, mtime: number) {
  const context = contextFromFiles(files);
  const retime = (node: typeof context): typeof context => ({
    ...node,
    meta: { ...node.meta, mtime },
    children: new Map(
      [...node.children].map(([name, child]) => [
        name,
        child.kind === "dir"
          ? retime(child)
          : child.kind === "whiteout"
            ? child
            : { ...child, meta: { ...child.meta, mtime } },
      ]),
    ),
  });
  return retime(context);
}
