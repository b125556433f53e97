import { describe, expect, it } from "vitest";
import { utf8ToBytes } from "../../core/hash.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import { copyChangeset, normalizeDest, resolveSources } from "./copy-files.ts";

function file(text: string, mode = 0o644): FsNode {
  const bytes = utf8ToBytes(text);
  return {
    kind: "file",
    meta: { mode, uid: 0, gid: 0, mtime: 1 },
    inode: 7,
    content: { size: bytes.length, key: text, bytes: () => bytes, text: () => text },
  };
}

function dir(children: Record<string, FsNode>, mode = 0o755): DirNode {
  return {
    kind: "dir",
    meta: { mode, uid: 0, gid: 0, mtime: 1 },
    opaque: false,
    children: new Map(Object.entries(children)),
  };
}

const context = dir({
  "a.txt": file("a"),
  "b.txt": file("b"),
  src: dir({ "f.txt": file("f"), sub: dir({ "g.txt": file("g") }) }),
});
const lower = dir({ etc: dir({ passwd: file("root") }, 0o700), app: dir({}) });
let inode = 100;
const options = {
  owner: { uid: 0, gid: 0 },
  parentOwner: { uid: 0, gid: 0 },
  mtime: 5,
  newInode: () => inode++,
};

function paths(tree: DirNode, prefix = ""): string[] {
  return [...tree.children].flatMap(([name, child]) => {
    const path = `${prefix}${name}`;
    return child.kind === "dir"
      ? [`${path}/ ${child.meta.mode.toString(8)}`, ...paths(child, `${path}/`)]
      : [path];
  });
}

describe("COPY sources and destinations", () => {
  it("matches wildcards like Go's filepath.Match: * stops at a slash", () => {
    const found = resolveSources({ root: context, flavour: "context" }, ["*.txt", "src/[a-f].txt"], true);
    expect(found.ok && found.value.map((item) => item.relPath)).toEqual(["a.txt", "b.txt", "src/f.txt"]);
  });

  it("refuses ../ sources under the legacy builder and cleans them under BuildKit", () => {
    expect(resolveSources({ root: context, flavour: "context" }, ["../a.txt"], true)).toEqual({
      ok: false,
      message: "forbidden path outside the build context: ../a.txt ()",
    });
    const cleaned = resolveSources({ root: context, flavour: "context" }, ["../a.txt"], false);
    expect(cleaned.ok && cleaned.value[0]?.relPath).toBe("a.txt");
  });

  it("joins a relative destination to WORKDIR and keeps its trailing slash", () => {
    expect(normalizeDest("/w", "rel")).toBe("/w/rel");
    expect(normalizeDest("/w", "rel/")).toBe("/w/rel/");
    expect(normalizeDest(undefined, "/abs")).toBe("/abs");
  });

  it("copies a directory's contents, not the directory itself", () => {
    const found = resolveSources({ root: context, flavour: "context" }, ["src"], true);
    if (!found.ok) throw new Error(found.message);
    expect(paths(copyChangeset(lower, found.value, "/dest", options))).toEqual([
      "dest/ 755",
      "dest/f.txt",
      "dest/sub/ 755",
      "dest/sub/g.txt",
    ]);
  });

  it("puts a file into an existing directory or one named with a trailing slash, copying parents up", () => {
    const found = resolveSources({ root: context, flavour: "context" }, ["a.txt"], true);
    if (!found.ok) throw new Error(found.message);
    expect(paths(copyChangeset(lower, found.value, "/app", options))).toEqual(["app/ 755", "app/a.txt"]);
    expect(paths(copyChangeset(lower, found.value, "/etc/new/", options))).toEqual([
      "etc/ 700",
      "etc/new/ 755",
      "etc/new/a.txt",
    ]);
    expect(paths(copyChangeset(lower, found.value, "/renamed", options))).toEqual(["renamed"]);
  });
});
