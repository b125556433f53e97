import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

// The direction of dependencies (STYLE.md, shared/src/README.md): the pure folders never reach the
// Node adapters in cli/, and no two folders import each other, directly or around a longer loop.
// A "folder" is a top-level folder of src/, and each folder of src/engine/ on its own (engine/fs
// and engine/image are two rooms). Test files are left out: a test may read its neighbours.
const root = new URL("../src", import.meta.url).pathname;
const PURE_FOLDERS = ["core", "engine", "quiz", "scenario", "content"];

interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly target: string;
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

/** `engine/fs/tar.ts` → `engine/fs`; `quiz/grade.ts` → `quiz`; `engine/index.ts` → `engine`. */
function folderOf(pathInSrc: string): string {
  const parts = pathInSrc.split(sep);
  if (parts[0] === "engine" && parts.length > 2) return `engine/${parts[1]}`;
  return parts.length > 1 ? (parts[0] as string) : ".";
}

/** Every relative specifier a module imports or re-exports, statically or with `import()`. */
function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.[^"']+)["']/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] as string);
}

function folderEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    for (const specifier of importSpecifiers(readFileSync(file, "utf8"))) {
      const target = resolve(dirname(file), specifier);
      const from = folderOf(relative(root, file));
      const to = folderOf(relative(root, target));
      if (from !== to) edges.push({ from, to, file: relative(root, file), target: relative(root, target) });
    }
  }
  return edges;
}

/** The strongly connected groups of two or more folders (Tarjan): each one holds a loop. */
function folderLoops(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)?.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return loops;
}

describe("the import graph of shared/src", () => {
  const edges = folderEdges();

  it("is read from the sources (the engine's folders import each other)", () => {
    expect(edges.some((edge) => edge.from === "engine/builder" && edge.to === "engine/fs")).toBe(true);
    expect(edges.some((edge) => edge.from === "cli" && edge.to === "engine/docker")).toBe(true);
  });

  it("has no edge from engine, quiz, scenario, content or core into cli", () => {
    const intoCli = edges
      .filter((edge) => edge.to === "cli" && PURE_FOLDERS.some((pure) => edge.from.split("/")[0] === pure))
      .map((edge) => `${edge.file} imports ${edge.target}`);
    expect(intoCli).toEqual([]);
  });

  it("has no loop between folders", () => {
    const described = folderLoops(edges).map((group) => ({
      folders: group.join(" ↔ "),
      imports: edges
        .filter((edge) => group.includes(edge.from) && group.includes(edge.to))
        .map((edge) => `${edge.file} → ${edge.target}`),
    }));
    expect(described).toEqual([]);
  });
});

describe("the loop finder", () => {
  it("finds a two-folder loop and a longer one, and nothing in a chain", () => {
    const edge = (from: string, to: string) => ({ from, to });
    expect(folderLoops([edge("quiz", "scenario"), edge("scenario", "quiz")])).toEqual([["quiz", "scenario"]]);
    expect(folderLoops([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")])).toEqual([
      ["a", "b", "c"],
    ]);
    expect(folderLoops([edge("cli", "engine"), edge("engine", "core"), edge("cli", "core")])).toEqual([]);
  });

  it("reads static imports, re-exports and dynamic imports, not package imports", () => {
    const source = [
      'import { a } from "../engine/fs/tar.ts";',
      'import type { B } from "./b.ts";',
      'export * from "./c.ts";',
      'import "../platform/node.ts";',
      'const d = await import("../cli/d.ts");',
      'import { z } from "zod";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual([
      "../engine/fs/tar.ts",
      "./b.ts",
      "./c.ts",
      "../platform/node.ts",
      "../cli/d.ts",
    ]);
  });
});
