import { describe, expect, it } from "vitest";
import { utf8ToBytes } from "../../core/hash.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import { transferContext } from "./context-transfer.ts";

function file(text: string, mtime: number, mode = 0o644): FsNode {
  const bytes = utf8ToBytes(text);
  return {
    kind: "file",
    meta: { mode, uid: 0, gid: 0, mtime },
    inode: 1,
    content: { size: bytes.length, key: text, bytes: () => bytes, text: () => text },
  };
}

function dir(children: Record<string, FsNode>, mtime = 1, mode = 0o755): DirNode {
  return {
    kind: "dir",
    meta: { mode, uid: 0, gid: 0, mtime },
    opaque: false,
    children: new Map(Object.entries(children)),
  };
}

function text(tree: DirNode, name: string): string {
  const node = tree.children.get(name);
  return node?.kind === "file" ? node.content.text() : "";
}

describe("BuildKit's incremental context transfer", () => {
  it("keeps the old content of a file whose size, mtime and mode did not change", () => {
    const sent = transferContext(dir({ "a.txt": file("aaa\n", 1) }), dir({ "a.txt": file("bbb\n", 1) }));
    expect(text(sent, "a.txt")).toBe("aaa\n");
  });

  it("keeps the daemon's own directory node when nothing in it was sent again (memoised checksums stay valid)", () => {
    const before = dir({ lib: dir({ "a.txt": file("a\n", 1) }), src: dir({ "b.txt": file("b\n", 1) }) });
    const next = dir({ lib: dir({ "a.txt": file("a\n", 1) }), src: dir({ "b.txt": file("bb\n", 2) }) });
    const sent = transferContext(before, next);
    expect(sent.children.get("lib")).toBe(before.children.get("lib"));
    expect(sent.children.get("src")).not.toBe(before.children.get("src"));
    expect(sent).not.toBe(before);
    expect(
      transferContext(
        before,
        dir({ lib: dir({ "a.txt": file("a\n", 1) }), src: dir({ "b.txt": file("b\n", 1) }) }),
      ),
    ).toBe(before);
    // A new or removed entry is a change, even when every kept entry is the old one.
    const fewer = transferContext(before, dir({ lib: dir({ "a.txt": file("a\n", 1) }) }));
    expect([...fewer.children.keys()]).toEqual(["lib"]);
  });

  it("sends a file again when its mtime, size or mode changed", () => {
    const before = dir({ "a.txt": file("aaa\n", 1) });
    expect(text(transferContext(before, dir({ "a.txt": file("bbb\n", 2) })), "a.txt")).toBe("bbb\n");
    expect(text(transferContext(before, dir({ "a.txt": file("bbbb\n", 1) })), "a.txt")).toBe("bbbb\n");
    expect(text(transferContext(before, dir({ "a.txt": file("bbb\n", 1, 0o600) })), "a.txt")).toBe("bbb\n");
  });

  it("keeps a directory's old mode when its mtime did not change", () => {
    const sent = transferContext(dir({ sub: dir({}, 1, 0o755) }), dir({ sub: dir({}, 1, 0o700) }));
    expect(sent.children.get("sub")?.kind === "dir" && (sent.children.get("sub") as DirNode).meta.mode).toBe(
      0o755,
    );
  });

  it("returns the new tree itself when nothing was stale", () => {
    const next = dir({ "a.txt": file("new\n", 5) });
    expect(transferContext(dir({ "a.txt": file("old\n", 1) }), next)).toBe(next);
  });
});
