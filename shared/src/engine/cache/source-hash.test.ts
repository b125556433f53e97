import { describe, expect, it } from "vitest";
import { utf8ToBytes } from "../../core/hash.ts";
import type { DirNode, FileNode, FsNode } from "../fs/types.ts";
import { combineSourceHashes, hashCopySource, hashStringSlice } from "./source-hash.ts";

function file(text: string, mode = 0o644, uid = 0): FileNode {
  const bytes = utf8ToBytes(text);
  return {
    kind: "file",
    meta: { mode, uid, gid: uid, mtime: 1 },
    inode: 1,
    content: { size: bytes.length, key: `text:${text}`, bytes: () => bytes, text: () => text },
  };
}

function dir(children: Record<string, FsNode>, mode = 0o755): DirNode {
  return {
    kind: "dir",
    meta: { mode, uid: 0, gid: 0, mtime: 1 },
    children: new Map(Object.entries(children)),
    opaque: false,
  };
}

describe("legacy COPY source hashes", () => {
  it("hashes a context file like the CLI's tarsum (E1: hello\\n is file:00ec1633…cadda)", () => {
    expect(hashCopySource({ node: file("hello\n"), relPath: "a.txt" }, "context")).toBe(
      "file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda",
    );
  });

  it("hashes a file from a stage image with type bits and uname root (E9: file:9e4686c8…)", () => {
    expect(hashCopySource({ node: file("artifact\n"), relPath: "artifact" }, "image").slice(0, 13)).toBe(
      "file:9e4686c8",
    );
  });

  it("ignores mtime and, for the context, the owner", () => {
    const touched: FileNode = {
      ...file("hello\n", 0o644, 1234),
      meta: { mode: 0o644, uid: 1234, gid: 1234, mtime: 99 },
    };
    expect(hashCopySource({ node: touched, relPath: "a.txt" }, "context")).toBe(
      hashCopySource({ node: file("hello\n"), relPath: "a.txt" }, "context"),
    );
  });

  it("changes with the mode and the name", () => {
    const base = hashCopySource({ node: file("hello\n"), relPath: "a.txt" }, "context");
    expect(hashCopySource({ node: file("hello\n", 0o600), relPath: "a.txt" }, "context")).not.toBe(base);
    expect(hashCopySource({ node: file("hello\n"), relPath: "b.txt" }, "context")).not.toBe(base);
  });

  it("includes empty sub-directories in a directory hash (E12)", () => {
    const src = dir({ "f.txt": file("f\n") });
    const withEmpty = dir({ "f.txt": file("f\n"), empty: dir({}) });
    const before = hashCopySource({ node: src, relPath: "src" }, "context");
    expect(before.startsWith("dir:")).toBe(true);
    expect(hashCopySource({ node: withEmpty, relPath: "src" }, "context")).not.toBe(before);
  });

  it("combines several sources into multi: and keeps a single one as it is", () => {
    expect(combineSourceHashes(["file:a"])).toBe("file:a");
    expect(combineSourceHashes(["file:a", "file:b"])).toBe(hashStringSlice("multi", ["file:a", "file:b"]));
  });
});
