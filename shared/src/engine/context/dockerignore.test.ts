import { describe, expect, it } from "vitest";
import { cleanPath, parseDockerignore } from "./dockerignore.ts";

function ignored(patterns: string, paths: readonly string[]): string[] {
  const { dockerignore } = parseDockerignore(patterns);
  return paths.filter((path) => dockerignore.ignores(path));
}

describe("parseDockerignore", () => {
  it("cleans patterns like moby's ignorefile.ReadAll and skips comments and blank lines", () => {
    const { dockerignore, diagnostics } = parseDockerignore(
      "# comment\n\n  /foo/  \n!./bar/../baz\r\n./x/./y\n",
      {
        path: ".dockerignore",
      },
    );
    expect(diagnostics).toEqual([]);
    expect(dockerignore.patterns.map((p) => [p.exclusion, p.pattern, p.range.start.line])).toEqual([
      [false, "foo", 3],
      [true, "baz", 4],
      [false, "x/y", 5],
    ]);
  });

  it.each<[string, string, string[], string[]]>([
    [
      "**/*.log matches at any depth, root included",
      "**/*.log",
      ["a.log", "d/b.log", "d/e/c.log", "a.txt"],
      ["a.log", "d/b.log", "d/e/c.log"],
    ],
    [
      "!keep.log re-includes a file the previous pattern excluded",
      "**/*.log\n!keep.log",
      ["a.log", "keep.log", "d/keep.log"],
      ["a.log", "d/keep.log"],
    ],
    ["the last matching pattern wins", "!keep.log\n*.log", ["keep.log"], ["keep.log"]],
    [
      "Dockerfile excludes only the Dockerfile at the root",
      "Dockerfile",
      ["Dockerfile", "sub/Dockerfile", "Dockerfile.dev"],
      ["Dockerfile"],
    ],
    ["*.log matches only at the root", "*.log", ["debug.log", "logs/debug.log"], ["debug.log"]],
    ["a leading / is ignored", "/foo", ["foo", "foo/bar", "x/foo"], ["foo", "foo/bar"]],
    ["a trailing / is ignored", "foo/", ["foo", "foo/bar"], ["foo", "foo/bar"]],
    [
      "a directory pattern excludes everything below it",
      "node_modules",
      ["node_modules/a/b.js", "src/node_modules/c"],
      ["node_modules/a/b.js"],
    ],
    ["an exception inside an excluded directory", "dir\n!dir/keep", ["dir/a", "dir/keep"], ["dir/a"]],
    [
      "? and [a-c] are single characters",
      "?.md\n[a-c].txt",
      ["x.md", "xy.md", "b.txt", "d.txt"],
      ["x.md", "b.txt"],
    ],
    ["a # not in the first column is part of the pattern", " #x", ["#x", "x"], ["#x"]],
    ["** alone matches everything", "**", ["a", "a/b"], ["a", "a/b"]],
    ["a/**/b matches zero or more directories", "a/**/b", ["a/b", "a/x/y/b", "a/c"], ["a/b", "a/x/y/b"]],
  ])("%s", (_what, patterns, paths, expected) => {
    expect(ignored(patterns, paths)).toEqual(expected);
  });

  it("reports a lone ! and a malformed character class", () => {
    const { diagnostics } = parseDockerignore("!\n[a-\nok\n", { path: ".dockerignore" });
    expect(diagnostics.map((d) => [d.range.start.line, d.name, d.message, d.path])).toEqual([
      [1, "InvalidDockerignorePattern", 'illegal exclusion pattern: "!"', ".dockerignore"],
      [2, "InvalidDockerignorePattern", "syntax error in pattern", ".dockerignore"],
    ]);
  });

  it("knows when an excluded directory must still be walked for an exception", () => {
    const { dockerignore } = parseDockerignore("dir\n!dir/sub/keep\n*.md\n!README.md\n");
    expect([
      dockerignore.hasExceptionUnder("dir"),
      dockerignore.hasExceptionUnder("dir/sub"),
      dockerignore.hasExceptionUnder("other"),
    ]).toEqual([true, true, false]);
  });
});

describe("cleanPath", () => {
  it.each([
    ["a/../b", "b"],
    ["./a//b/", "a/b"],
    ["/../a", "/a"],
    ["../a", "../a"],
    ["", "."],
    ["/", "/"],
  ])("%s → %s", (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });
});
