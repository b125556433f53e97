import { describe, expect, it } from "vitest";
import { sha256Digest, utf8ToBytes } from "../../core/hash.ts";
import {
  chainIds,
  computeDiffId,
  computeLayerSize,
  createLayer,
  EMPTY_LAYER_DIFF_ID,
} from "../image/layer.ts";
import { dockerDiff } from "./changes.ts";
import { zeroContent } from "./content.ts";
import { encodeLayerTar, readTar } from "./tar.ts";
import type { DirNode, FileContent, FsNode, Metadata } from "./types.ts";

// Plain literals keep these tests independent of the tree constructors.
const meta = (mode = 0o644, mtime = 100, uid = 0): Metadata => ({ mode, uid, gid: uid, mtime });
let nextInode = 1;
const text = (value: string): FileContent => {
  const bytes = utf8ToBytes(value);
  return { size: bytes.length, key: `text:${value}`, bytes: () => bytes, text: () => value };
};
const file = (value: string, mode = 0o644, mtime = 100, inode = nextInode++): FsNode => ({
  kind: "file",
  meta: meta(mode, mtime),
  content: text(value),
  inode,
});
const dir = (
  children: Record<string, FsNode>,
  options: { opaque?: boolean; mode?: number; mtime?: number } = {},
): DirNode => ({
  kind: "dir",
  meta: meta(options.mode ?? 0o755, options.mtime ?? 100),
  children: new Map(Object.entries(children)),
  opaque: options.opaque ?? false,
});
const link = (target: string): FsNode => ({ kind: "symlink", meta: meta(0o777), target });
const WH: FsNode = { kind: "whiteout" };

describe("layer tar encoding", () => {
  it("encodes the empty changeset as Docker's empty layer (D6)", () => {
    const tar = encodeLayerTar(dir({}));
    expect(tar).toEqual(new Uint8Array(1024));
    expect(sha256Digest(tar)).toBe(EMPTY_LAYER_DIFF_ID);
    expect(createLayer(dir({})).diffId).toBe(EMPTY_LAYER_DIFF_ID);
  });

  it("writes whiteouts as empty .wh. files and opaque markers after their directory (W2, W3)", () => {
    const changes = dir({
      big: file("x".repeat(10), 0o600),
      d1: dir({ f1: WH }),
      d2: WH,
      d3: dir({ n: file("new\n") }, { opaque: true }),
      d4: WH,
    });
    const { entries, diagnostics } = readTar(encodeLayerTar(changes));
    expect(diagnostics).toEqual([]);
    expect(entries.map((entry) => `${entry.path}${entry.type === "dir" ? "/" : ""}`)).toEqual([
      "big",
      "d1/",
      "d1/.wh.f1",
      ".wh.d2",
      "d3/",
      "d3/.wh..wh..opq",
      "d3/n",
      ".wh.d4",
    ]);
    const whiteout = entries.find((entry) => entry.path === ".wh.d2");
    expect(whiteout).toMatchObject({ type: "file", mode: 0o600, data: new Uint8Array() });
  });

  it("writes a second path to the same inode as a hard link (W7)", () => {
    const shared = file("abc", 0o644, 100, 4242);
    const { entries } = readTar(encodeLayerTar(dir({ h: dir({ a: shared, b: shared }) })));
    expect(entries.map((entry) => [entry.path, entry.type, entry.linkName])).toEqual([
      ["h", "dir", ""],
      ["h/a", "file", ""],
      ["h/b", "hardlink", "h/a"],
    ]);
  });

  it("round-trips long names through a PAX header", () => {
    const longName = "n".repeat(150);
    const { entries } = readTar(encodeLayerTar(dir({ [longName]: file("z") })));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.path).toBe(longName);
    expect(new TextDecoder().decode(entries[0]?.data)).toBe("z");
  });

  it("keeps the canonical bytes of every kind of entry (golden DiffID and tar digest)", async () => {
    // Fixed digests: any change to the encoding (header fields, ordering, PAX, padding, hard
    // links, whiteouts) changes every DiffID a learner has seen, so it must be deliberate.
    const hardLinked = file("linked\n", 0o4755, 7);
    const changes = dir({
      "a-file": file("x".repeat(512), 0o600, 1_700_000_000),
      empty: file("", 0o644, 0),
      "zeros.bin": { kind: "file", meta: meta(0o644, 5), content: zeroContent(100_000), inode: nextInode++ },
      "caf\u00e9-\u00fcber.txt": file("unicode name\n"),
      ["deep/".repeat(30).slice(0, -1)]: file("long path\n"),
      etc: dir({ hosts: file("127.0.0.1 localhost\n"), "gone.conf": WH, cron: dir({ one: file("1\n") }) }),
      opaque: dir({ kept: file("k\n") }, { opaque: true, mode: 0o700, mtime: 42 }),
      links: dir({ a: hardLinked, b: hardLinked, long: link("t".repeat(120)), short: link("../etc/hosts") }),
    });
    const tar = encodeLayerTar(changes);
    expect(tar.length % 512).toBe(0);
    expect(sha256Digest(tar)).toBe(computeDiffId(changes));
    expect(computeDiffId(changes)).toBe(
      "sha256:a47697d5d6a29710fd5f1f24cac823bb023b09e9c5f75ceeb21110c7d67cc2bc",
    );
    if (process.env.DUMP_TAR) (await import("node:fs")).writeFileSync(process.env.DUMP_TAR, tar);
    expect(readTar(tar).diagnostics).toEqual([]);
  });

  it("reports a damaged archive as a diagnostic naming the archive", () => {
    const tar = encodeLayerTar(dir({ a: file("hello") }));
    tar[0] = 0x41 ^ (tar[0] ?? 0);
    const result = readTar(tar, { path: "layer.tar" });
    expect(result.entries).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ name: "InvalidLayerArchive", path: "layer.tar" });
    expect(result.diagnostics[0]?.message).toContain("bad header checksum");
  });

  it("reports a truncated archive instead of throwing", () => {
    const tar = encodeLayerTar(dir({ a: file("y".repeat(2000)) }));
    const result = readTar(tar.subarray(0, 1024));
    expect(result.diagnostics[0]?.message).toContain("truncated");
  });
});

describe("layer size and ids", () => {
  it("sums file bytes and symlink targets, counting a hard-linked inode once (S1, E2)", () => {
    const busybox: FsNode = {
      kind: "file",
      meta: meta(0o755),
      content: {
        size: 1_982_256,
        key: "zero:1982256",
        bytes: () => new Uint8Array(1_982_256),
        text: () => "",
      },
      inode: 1,
    };
    const applets = Object.fromEntries(
      ["sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "mv", "ln"].map((name) => [name, link("busybox")]),
    );
    const base = dir({
      bin: dir({ busybox, ...applets }),
      etc: dir({ passwd: file("root:x:0:0:root:/root:/bin/sh\n") }),
    });
    expect(computeLayerSize(base)).toBe(1_982_349);
    const shared = file("12345", 0o644, 1, 77);
    expect(computeLayerSize(dir({ a: shared, b: shared, gone: WH }))).toBe(5);
  });

  it("computes ChainIDs by the OCI formula (D3)", () => {
    const a = sha256Digest("a");
    const b = sha256Digest("b");
    const c = sha256Digest("c");
    const ab = sha256Digest(`${a} ${b}`);
    expect(chainIds([a, b, c])).toEqual([a, ab, sha256Digest(`${ab} ${c}`)]);
  });

  it("gives byte-identical layers the same DiffID (L6)", () => {
    const one = createLayer(dir({ "a.txt": file("hello\n", 0o644, 5) }));
    const two = createLayer(dir({ "a.txt": file("hello\n", 0o644, 5) }));
    expect(one.diffId).toBe(two.diffId);
    expect(one.diffId).not.toBe(EMPTY_LAYER_DIFF_ID);
  });
});

describe("docker diff (O8)", () => {
  // The lower view of E4: image exp:e4 on tiny:1 plus the init layer.
  const hardLinked = file("old", 0o644, 100, 900);
  const parentView = dir({
    big: file("b".repeat(64), 0o644),
    d1: dir({ f1: file("1"), sub: dir({ f2: file("2") }) }),
    d2: dir({ f3: file("3") }),
    d3: dir({ x: file("x") }),
    d4: dir({ y: file("y\n") }),
    h: dir({ a: hardLinked, b: hardLinked }),
    etc: dir({ hosts: file("127.0.0.1 localhost\n") }),
  });

  it("reproduces E4's docker diff from the container's upper directory", () => {
    const upper = dir({
      big: file("b".repeat(64), 0o600),
      d1: dir({ f1: WH }),
      d2: WH,
      d3: dir({ n: file("new\n", 0o644, 200) }, { opaque: true, mtime: 200 }),
      d4: WH,
      d4moved: dir({ y: file("y\n") }),
      h: dir({ a: file("oldmore\n", 0o644, 200) }),
      newfile: file("new\n", 0o644, 200),
      vol: dir({}),
    });
    const lines = dockerDiff({ parentView, upper }).map((entry) => `${entry.kind} ${entry.path}`);
    expect(new Set(lines)).toEqual(
      new Set([
        "A /newfile",
        "A /d4moved",
        "A /d4moved/y",
        "C /h",
        "C /h/a",
        "C /d1",
        "D /d1/f1",
        "C /d3",
        "A /d3/n",
        "D /d3/x",
        "A /vol",
        "C /big",
        "D /d2",
        "D /d4",
      ]),
    );
    expect(lines).toHaveLength(14);
  });

  it("does not list a hard-link target copied up with unchanged stat (E16)", () => {
    const y = file("y\n", 0o644, 100, 5000);
    const upper = dir({
      d1: dir({ f2moved: file("2", 0o644, 100), sub: dir({ f2: WH }, { mtime: 300 }) }, { mtime: 300 }),
      d2: dir({
        f3: {
          ...(file("3") as Extract<FsNode, { kind: "file" }>),
          meta: { ...meta(), uid: 1000, gid: 1000 },
        },
      }),
      d4: dir({ y, ylink: y }, { mtime: 300 }),
      vol: dir({}),
    });
    const lines = dockerDiff({ parentView, upper }).map((entry) => `${entry.kind} ${entry.path}`);
    expect(new Set(lines)).toEqual(
      new Set([
        "A /d1/f2moved",
        "A /d4/ylink",
        "A /vol",
        "C /d1",
        "C /d1/sub",
        "C /d2",
        "C /d2/f3",
        "C /d4",
        "D /d1/sub/f2",
      ]),
    );
  });

  it("reports nothing for an empty writable layer (K1)", () => {
    expect(dockerDiff({ parentView, upper: dir({}) })).toEqual([]);
  });
});

describe("decoding layer archives", () => {
  it("turns whiteout files and opaque markers back into a changeset tree", async () => {
    const { treeFromPaths } = await import("./tree.ts");
    const { decodeLayerTar } = await import("./tar.ts");
    const original = treeFromPaths(["/a/", "/a/.wh.gone", "/d/.wh..wh..opq", "/d/n=new", "/l -> /a"]);
    const { changes, diagnostics } = decodeLayerTar(encodeLayerTar(original));
    expect(diagnostics).toEqual([]);
    expect(encodeLayerTar(changes as DirNode)).toEqual(encodeLayerTar(original));
  });

  it("keeps hard links as one inode", async () => {
    const { decodeLayerTar } = await import("./tar.ts");
    const shared = file("abc", 0o644, 100, 31337);
    const { changes } = decodeLayerTar(encodeLayerTar(dir({ a: shared, b: shared })));
    const a = changes?.children.get("a");
    const b = changes?.children.get("b");
    expect(a?.kind === "file" && b?.kind === "file" && a.inode === b.inode).toBe(true);
  });
});
