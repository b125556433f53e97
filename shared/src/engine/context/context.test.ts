import { describe, expect, it } from "vitest";
import type { DirNode, FsNode } from "../fs/types.ts";
import {
  contextFromFiles,
  filterContext,
  globToRegExp,
  matchContextSources,
  prepareContext,
} from "./context.ts";
import { parseDockerignore } from "./dockerignore.ts";

/** Every path of a tree with a kind marker: `dir/`, `file`, `link -> target`. */
function listing(tree: DirNode): string[] {
  const out: string[] = [];
  const walk = (dir: DirNode, prefix: string): void => {
    for (const [name, child] of dir.children as ReadonlyMap<string, FsNode>) {
      const path = `${prefix}${name}`;
      if (child.kind === "dir") {
        out.push(`${path}/`);
        walk(child, `${path}/`);
      } else if (child.kind === "symlink") out.push(`${path} -> ${child.target}`);
      else out.push(path);
    }
  };
  walk(tree, "");
  return out;
}

const files = {
  Dockerfile: "FROM tiny:1\nCOPY . /app\n",
  ".dockerignore": "*.log\nDockerfile\n",
  "debug.log": "noise",
  "keep.log": "keep",
  "src/app.js": "console.log(1)",
  "src/lib/util.js": "x",
  "logs/old.log": "old",
  "node_modules/x/index.js": "x",
};

describe("contextFromFiles", () => {
  it("builds a sorted tree with 0644 files, 0755 parents and the given mode", () => {
    const tree = contextFromFiles(
      { "b/c.txt": "hi", "a.sh": { content: "#!/bin/sh", mode: 0o755 }, "./l": { symlink: "a.sh" } },
      { mtime: 42 },
    );
    expect(listing(tree)).toEqual(["a.sh", "b/", "b/c.txt", "l -> a.sh"]);
    const script = tree.children.get("a.sh");
    expect(
      script?.kind === "file" ? [script.meta, script.content.text(), script.content.size] : undefined,
    ).toEqual([{ mode: 0o755, uid: 0, gid: 0, mtime: 42 }, "#!/bin/sh", 9]);
    expect(tree.children.get("b")?.kind === "dir" ? (tree.children.get("b") as DirNode).meta.mode : 0).toBe(
      0o755,
    );
  });
});

describe("filterContext", () => {
  it("drops ignored files, keeps the Dockerfile and .dockerignore unless listed (C8)", () => {
    const tree = contextFromFiles(files);
    const { dockerignore } = parseDockerignore("*.log\n!keep.log\nnode_modules\n");
    expect(listing(filterContext(tree, dockerignore))).toEqual([
      ".dockerignore",
      "Dockerfile",
      "keep.log",
      "logs/",
      "logs/old.log",
      "src/",
      "src/app.js",
      "src/lib/",
      "src/lib/util.js",
    ]);
    expect(
      listing(filterContext(tree, parseDockerignore("Dockerfile\n.dockerignore\n").dockerignore)),
    ).not.toContain("Dockerfile");
  });

  it("keeps an exception inside an excluded directory and drops the rest of it", () => {
    const tree = contextFromFiles({ "dir/a": "1", "dir/keep": "2", "dir/sub/b": "3", top: "4" });
    expect(listing(filterContext(tree, parseDockerignore("dir\n!dir/keep\n").dockerignore))).toEqual([
      "dir/",
      "dir/keep",
      "top",
    ]);
  });

  it("skips an excluded directory whole when no exception starts with it, as moby's tar walker does", () => {
    const tree = contextFromFiles({ "dir/keep.log": "1", "x.log": "2" });
    expect(listing(filterContext(tree, parseDockerignore("dir\n!*.log\n").dockerignore))).toEqual(["x.log"]);
  });

  it("returns untouched directories as the same objects", () => {
    const tree = contextFromFiles(files);
    const filtered = filterContext(tree, parseDockerignore("debug.log\n").dockerignore);
    expect(filtered).not.toBe(tree);
    expect(filtered.children.get("src")).toBe(tree.children.get("src"));
    expect(filterContext(tree, parseDockerignore("# nothing\n").dockerignore)).toBe(tree);
  });
});

describe("prepareContext", () => {
  it("filters the tree by the .dockerignore at its root and keeps the Dockerfile unless excluded", () => {
    const tree = contextFromFiles({
      Dockerfile: "FROM tiny:1\n",
      ".dockerignore": "*.log\nbuild/\n",
      "app.log": "x",
      "build/out": "y",
      "src/a.log": "z",
      "src/a.js": "1",
    });
    const { context, diagnostics } = prepareContext(tree);
    expect(diagnostics).toEqual([]);
    expect([...context.children.keys()]).toEqual([".dockerignore", "Dockerfile", "src"]);
    const src = context.children.get("src");
    expect(src?.kind === "dir" ? [...src.children.keys()] : []).toEqual(["a.js", "a.log"]);
  });

  it("returns the tree unchanged without a .dockerignore", () => {
    const tree = contextFromFiles({ "a.log": "x" });
    expect(prepareContext(tree).context).toBe(tree);
  });

  it("reports a .dockerignore that does not parse, with its position", () => {
    const { diagnostics } = prepareContext(contextFromFiles({ ".dockerignore": "ok\n!\n" }));
    expect(diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.range.start.line])).toEqual([
      ['illegal exclusion pattern: "!"', 2],
    ]);
  });
});

describe("matchContextSources", () => {
  const tree = contextFromFiles({
    "a.txt": "",
    "b.txt": "",
    "c.md": "",
    "dir/a.txt": "",
    "dir/sub/z.txt": "",
    "x[1]": "",
  });

  it.each<[string[], string[]]>([
    [["a.txt"], ["a.txt"]],
    [
      ["/a.txt", "./c.md"],
      ["a.txt", "c.md"],
    ],
    [["*.txt"], ["a.txt", "b.txt"]],
    [["?.md"], ["c.md"]],
    [["[a-b].txt"], ["a.txt", "b.txt"]],
    [["[^a].txt"], ["b.txt"]],
    [["dir/*"], ["dir/a.txt", "dir/sub"]],
    [["*/a.txt"], ["dir/a.txt"]],
    [["x\\[1\\]"], ["x[1]"]],
    [["."], ["."]],
    [["dir"], ["dir"]],
  ])("%j matches %j", (sources, expected) => {
    const result = matchContextSources(tree, sources);
    expect(result.diagnostics).toEqual([]);
    expect(result.paths).toEqual(expected);
  });

  it("does not treat ** as crossing directories", () => {
    expect(matchContextSources(tree, ["**/z.txt"]).paths).toEqual([]);
  });

  it("reports a missing file and an empty wildcard in the classic builder's words", () => {
    const range = { start: { line: 2, column: 1 }, end: { line: 2, column: 20 } };
    const result = matchContextSources(tree, ["missing.txt", "*.go"], { range, path: "Dockerfile" });
    expect(result.diagnostics).toEqual([
      {
        name: "CopySourceNotFound",
        severity: "error",
        message:
          "file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
        range,
        path: "Dockerfile",
      },
      {
        name: "CopySourceNotFound",
        severity: "error",
        message: "no source files were specified",
        range,
        path: "Dockerfile",
      },
    ]);
  });

  it("reports a source outside the context", () => {
    expect(matchContextSources(tree, ["../etc/passwd"]).diagnostics.map((d) => [d.name, d.message])).toEqual([
      ["CopySourceOutsideContext", "forbidden path outside the build context: ../etc/passwd ()"],
    ]);
  });

  it("sees only what .dockerignore let through", () => {
    const sent = filterContext(tree, parseDockerignore("*.txt\n").dockerignore);
    expect(matchContextSources(sent, ["a.txt"]).diagnostics.map((d) => d.name)).toEqual([
      "CopySourceNotFound",
    ]);
  });
});

describe("globToRegExp", () => {
  it("rejects malformed patterns like filepath.Match's ErrBadPattern", () => {
    expect([globToRegExp("[a-"), globToRegExp("a\\"), globToRegExp("[z-a]")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("matchContextSources for BuildKit", () => {
  const tree = contextFromFiles({ "a.txt": "", x: "" });

  it("uses BuildKit's words, scopes ../ to the root and accepts an empty wildcard", () => {
    const result = matchContextSources(tree, ["missing.txt", "../x", "*.none"], { builder: "buildkit" });
    expect(result.diagnostics.map((d) => [d.name, d.message])).toEqual([
      ["CopySourceNotFound", 'failed to compute cache key: "/missing.txt" not found: not found'],
    ]);
    expect(result.matches).toEqual([
      { source: "missing.txt", paths: [] },
      { source: "../x", paths: ["x"] },
      { source: "*.none", paths: [] },
    ]);
  });
});
