/**
 * The cache behaviour behind the build benchmark: a 30-instruction Dockerfile over a 2,000-file
 * context, rebuilt after one file changed, re-runs only the steps the edit reaches. The time is
 * measured by `npm run bench` (bench/run.ts), not asserted here. The context is
 * hashed once per build and memoised per content, so the rebuild only re-hashes the changed file.
 */
import { describe, expect, it } from "vitest";
import { createSimulatedClock } from "../../src/core/clock.ts";
import { buildImage } from "../../src/engine/builder/build.ts";
import type { BuilderKind } from "../../src/engine/builder/types.ts";
import { textContent } from "../../src/engine/fs/content.ts";
import { type FixtureEntry, treeFromPaths } from "../../src/engine/fs/tree.ts";
import type { DirNode, FsNode } from "../../src/engine/fs/types.ts";
import { createTestStore, testPorts } from "./support/fixtures.ts";

const FILES: Record<string, FixtureEntry> = {};
for (let index = 0; index < 2000; index += 1) {
  FILES[`src/module${index % 40}/file${index}.ts`] = {
    kind: "file",
    content: `export const value${index} = ${index};\n`,
  };
}

function thirtyInstructions(): string {
  const lines = [
    "FROM tiny:1",
    "ARG VERSION=1",
    "ENV APP=/app",
    "WORKDIR /app",
    "COPY src/module0 ./module0",
    "RUN echo deps > /deps",
  ];
  for (let index = 0; lines.length < 28; index += 1)
    lines.push(index % 2 === 0 ? `LABEL l${index}=v` : `ENV E${index}=x`);
  lines.push("COPY . .", "RUN ls > /listing");
  return `${lines.join("\n")}\n`;
}

/** The context after one file was edited: the unchanged subtrees are shared, as an editor's save would leave them. */
function withOneFileChanged(root: DirNode): DirNode {
  const replace = (dir: DirNode, path: readonly string[], node: FsNode): DirNode => {
    const [name, ...rest] = path as [string, ...string[]];
    const child = dir.children.get(name);
    const next = rest.length === 0 ? node : replace(child as DirNode, rest, node);
    return { ...dir, children: new Map(dir.children).set(name, next) };
  };
  const file: FsNode = {
    kind: "file",
    meta: { mode: 0o644, uid: 0, gid: 0, mtime: 1_800_000_000 },
    content: textContent("changed\n"),
    inode: 999_999,
  };
  return replace(root, ["src", "module7", "file7.ts"], file);
}

function buildAndRebuild(builder: BuilderKind): { rebuild: string } {
  const { store } = createTestStore();
  const before = treeFromPaths(FILES, { mtime: 1_700_000_000 });
  const after = withOneFileChanged(before);
  const dockerfile = thirtyInstructions();
  const now = createSimulatedClock(Date.UTC(2026, 0, 1), 1000);
  const first = buildImage({ dockerfile, context: before, builder, now }, store, testPorts);
  const second = buildImage({ dockerfile, context: after, builder, now }, store, testPorts);
  if (!first.ok || !second.ok) throw new Error(second.failure?.message ?? first.failure?.message);
  return { rebuild: second.steps.map((step) => step.cache[0]).join("") };
}

describe("rebuild scope", () => {
  it.each(["classic", "buildkit"] as const)(
    "rebuilds 30 instructions over 2,000 files re-running only what the edit reaches (%s)",
    (builder) => {
      const { rebuild } = buildAndRebuild(builder);
      // Only `COPY . .` and the RUN after it miss; BuildKit's metadata steps are no cache lookups (n).
      expect(rebuild).toBe(builder === "classic" ? `n${"h".repeat(27)}mm` : `nnnhhh${"n".repeat(22)}mm`);
    },
  );
});
