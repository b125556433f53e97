import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dockerDiff } from "./changes.ts";
import { textContent, zeroContent } from "./content.ts";
import { createOverlayMount } from "./overlay.ts";
import { encodeLayerTar, readTar } from "./tar.ts";
import { createDir, createFile, getNode, setNode, treeFromPaths, walkTree } from "./tree.ts";
import type { DirNode, FsNode } from "./types.ts";
import { applyChangeset, bindMount, isMergedDir, lookupPath, stackLayers } from "./union.ts";

const root = { uid: 0, gid: 0 };

/** Describes a tree as sorted lines: `path/` dirs, `path` files, `path -> t`, `.wh.`, opaque markers. */
function describeTree(tree: DirNode): string[] {
  const lines: string[] = [];
  const visit = (dir: DirNode, prefix: string) => {
    if (dir.opaque) lines.push(`${prefix}.wh..wh..opq`);
    for (const name of [...dir.children.keys()].sort()) {
      const node = dir.children.get(name) as FsNode;
      if (node.kind === "whiteout") lines.push(`${prefix}.wh.${name}`);
      else if (node.kind === "dir") {
        lines.push(`${prefix}${name}/`);
        visit(node, `${prefix}${name}/`);
      } else if (node.kind === "symlink") lines.push(`${prefix}${name} -> ${node.target}`);
      else lines.push(`${prefix}${name}`);
    }
  };
  visit(tree, "");
  return lines;
}

/** exp:e4 from the experiments, on the tiny base. */
function e4Lower(): DirNode {
  let tree = treeFromPaths({
    "/bin/busybox": { kind: "file", content: zeroContent(1_982_256), mode: 0o755 },
    "/bin/sh": { kind: "symlink", target: "busybox" },
    "/etc/passwd": { kind: "file", content: "root:x:0:0:root:/root:/bin/sh\n" },
    "/d1/f1": { kind: "file", content: "1" },
    "/d1/sub/f2": { kind: "file", content: "2" },
    "/d2/f3": { kind: "file", content: "3" },
    "/d3/x": { kind: "file", content: "x" },
    "/d4/y": { kind: "file", content: "y\n" },
    "/big": { kind: "file", content: zeroContent(524_288) },
  });
  const shared = createFile("old");
  tree = setNode(setNode(tree, "/h/a", shared), "/h/b", shared);
  return tree;
}

describe("overlay mount", () => {
  it("reproduces E4's upper directory and docker diff", () => {
    const lower = e4Lower();
    const mount = createOverlayMount(lower, { identity: root, now: 1000, volumes: ["/vol"] });
    const { fs } = mount;
    expect(fs.unlink("/d1/f1").ok).toBe(true);
    for (const step of [() => fs.unlink("/d2/f3"), () => fs.rmdir("/d2")]) expect(step().ok).toBe(true);
    for (const step of [() => fs.unlink("/d3/x"), () => fs.rmdir("/d3"), () => fs.mkdir("/d3")])
      expect(step().ok).toBe(true);
    expect(fs.writeFile("/d3/n", textContent("new\n")).ok).toBe(true);
    expect(fs.chmod("/big", 0o600).ok).toBe(true);
    expect(fs.writeFile("/h/a", textContent("more\n"), { append: true }).ok).toBe(true);
    expect(fs.writeFile("/newfile", textContent("new\n")).ok).toBe(true);
    // mv /d4 /d4moved: EXDEV for a lower directory (O5), so mv copies and deletes.
    expect(fs.rename("/d4", "/d4moved")).toMatchObject({ ok: false, error: { code: "EXDEV" } });
    expect(fs.mkdir("/d4moved").ok).toBe(true);
    expect(fs.writeFile("/d4moved/y", textContent("y\n")).ok).toBe(true);
    expect(fs.unlink("/d4/y").ok).toBe(true);
    expect(fs.rmdir("/d4").ok).toBe(true);
    expect(fs.writeFile("/vol/v", textContent("v\n")).ok).toBe(true);

    expect(describeTree(mount.upper())).toEqual([
      "big",
      "d1/",
      "d1/.wh.f1",
      ".wh.d2",
      "d3/",
      "d3/.wh..wh..opq",
      "d3/n",
      ".wh.d4",
      "d4moved/",
      "d4moved/y",
      "h/",
      "h/a",
      "newfile",
      "vol/",
    ]);
    // Hard link broken by copy-up (O6): /h/a has the new text, /h/b the old one.
    expect(fs.readFile("/h/a")).toMatchObject({ ok: true });
    expect((fs.readFile("/h/a") as { value: { text(): string } }).value.text()).toBe("oldmore\n");
    expect((fs.readFile("/h/b") as { value: { text(): string } }).value.text()).toBe("old");
    expect(fs.stat("/h/b")).toMatchObject({ ok: true, value: { nlink: 2 } });
    expect(fs.stat("/h/a")).toMatchObject({ ok: true, value: { nlink: 1 } });
    // The volume's data is not in the upper directory (K5).
    expect(getNode(mount.upper(), "/vol/v")).toBeUndefined();
    expect(mount.volumeWrites().get("/vol")?.children.has("v")).toBe(true);
    const diff = dockerDiff({ parentView: lower, upper: mount.upper() }).map(
      (entry) => `${entry.kind} ${entry.path}`,
    );
    expect(new Set(diff)).toEqual(
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
    // The commit tar lists what E4's `docker commit` layer held.
    const entries = readTar(encodeLayerTar(mount.upper())).entries.map((entry) => entry.path);
    expect(entries).toEqual([
      "big",
      "d1",
      "d1/.wh.f1",
      ".wh.d2",
      "d3",
      "d3/.wh..wh..opq",
      "d3/n",
      ".wh.d4",
      "d4moved",
      "d4moved/y",
      "h",
      "h/a",
      "newfile",
      "vol",
    ]);
  });

  it("copies a whole file up on chmod (O3, L9)", () => {
    const mount = createOverlayMount(e4Lower(), { identity: root, now: 5 });
    expect(mount.fs.chmod("/bin/busybox", 0o700).ok).toBe(true);
    const copied = getNode(mount.upper(), "/bin/busybox");
    expect(copied).toMatchObject({ kind: "file", meta: { mode: 0o700 }, content: { size: 1_982_256 } });
  });

  it("leaves nothing when a file is created and deleted at / (L2) and only the parent in /tmp (L3)", () => {
    const lower = treeFromPaths(["/tmp/", "/bin/"]);
    const atRoot = createOverlayMount(lower, { identity: root, now: 5 });
    atRoot.fs.writeFile("/big", zeroContent(1024));
    atRoot.fs.unlink("/big");
    expect(describeTree(atRoot.upper())).toEqual([]);
    const inTmp = createOverlayMount(lower, { identity: root, now: 5 });
    inTmp.fs.writeFile("/tmp/big", zeroContent(1024));
    inTmp.fs.unlink("/tmp/big");
    expect(describeTree(inTmp.upper())).toEqual(["tmp/"]);
  });

  it("renames a lower file by copy-up plus whiteout (O5, E16) and links by copying the target up", () => {
    const lower = treeFromPaths(["/d1/sub/f2=2", "/d4/y=y"]);
    const mount = createOverlayMount(lower, { identity: root, now: 5 });
    expect(mount.fs.rename("/d1/sub/f2", "/d1/f2moved").ok).toBe(true);
    expect(mount.fs.link("/d4/y", "/d4/ylink").ok).toBe(true);
    expect(describeTree(mount.upper())).toEqual([
      "d1/",
      "d1/f2moved",
      "d1/sub/",
      "d1/sub/.wh.f2",
      "d4/",
      "d4/y",
      "d4/ylink",
    ]);
    const y = getNode(mount.upper(), "/d4/y");
    const ylink = getNode(mount.upper(), "/d4/ylink");
    expect(y).toBe(ylink);
    expect(mount.fs.stat("/d4/ylink")).toMatchObject({ ok: true, value: { nlink: 2 } });
  });

  it("renames a directory created in the upper layer", () => {
    const mount = createOverlayMount(treeFromPaths(["/a/"]), { identity: root, now: 5 });
    mount.fs.mkdir("/new");
    mount.fs.writeFile("/new/f", textContent("f"));
    expect(mount.fs.rename("/new", "/moved").ok).toBe(true);
    expect(describeTree(mount.upper())).toEqual(["moved/", "moved/f"]);
  });

  it("returns POSIX errors as values", () => {
    const mount = createOverlayMount(treeFromPaths(["/a/f=x", "/l -> /missing"]), { identity: root, now: 5 });
    expect(mount.fs.readFile("/nope")).toMatchObject({ ok: false, error: { code: "ENOENT", path: "/nope" } });
    expect(mount.fs.mkdir("/a")).toMatchObject({ ok: false, error: { code: "EEXIST" } });
    expect(mount.fs.rmdir("/a")).toMatchObject({ ok: false, error: { code: "ENOTEMPTY" } });
    expect(mount.fs.unlink("/a")).toMatchObject({ ok: false, error: { code: "EISDIR" } });
    expect(mount.fs.writeFile("/a/f/g", textContent(""))).toMatchObject({
      ok: false,
      error: { code: "ENOTDIR" },
    });
    expect(mount.fs.stat("/l")).toMatchObject({ ok: false, error: { code: "ENOENT" } });
    expect(mount.fs.lstat("/l")).toMatchObject({ ok: true, value: { kind: "symlink", size: 8 } });
  });

  it("refuses a non-root write into a directory it may not write, as the kernel does", () => {
    const mount = createOverlayMount(treeFromPaths(["/etc/", "/etc/passwd=root"]), {
      identity: { uid: 1000, gid: 1000 },
      now: 7,
    });
    expect(mount.fs.writeFile("/etc/new", textContent("x"))).toMatchObject({
      ok: false,
      error: { code: "EACCES" },
    });
    expect(mount.fs.writeFile("/etc/passwd", textContent("x"))).toMatchObject({
      ok: false,
      error: { code: "EACCES" },
    });
    expect(mount.fs.mkdir("/etc/d")).toMatchObject({ ok: false, error: { code: "EACCES" } });
    expect(mount.upper().children.size).toBe(0);
  });

  it("owns new files by the mount's identity and follows symlinks for writes", () => {
    const lower = setNode(treeFromPaths(["/link -> /etc/target"]), "/etc", createDir({ mode: 0o777 }));
    const mount = createOverlayMount(lower, {
      identity: { uid: 1000, gid: 1000 },
      now: 7,
    });
    expect(mount.fs.writeFile("/link", textContent("t")).ok).toBe(true);
    expect(mount.fs.stat("/etc/target")).toMatchObject({
      ok: true,
      value: { uid: 1000, gid: 1000, mtime: 7, size: 1 },
    });
  });
});

describe("union view", () => {
  it("applies an opaque directory before its new entries (W3)", () => {
    const lower = treeFromPaths(["/a/old=1", "/a/keep=2"]);
    const changes = treeFromPaths(["/a/.wh..wh..opq", "/a/new=3"]);
    expect(describeTree(applyChangeset(lower, changes))).toEqual(["a/", "a/new"]);
  });

  it("resolves symlinks across layers", () => {
    const [first, second] = stackLayers([
      treeFromPaths(["/usr/bin/tool=t"]),
      treeFromPaths(["/bin -> usr/bin"]),
    ]);
    expect(lookupPath(first as DirNode, "/bin/tool")).toBeUndefined();
    expect(lookupPath(second as DirNode, "/bin/tool")).toMatchObject({ kind: "file" });
  });

  it("shares untouched subtrees between views", () => {
    const [first, second] = stackLayers([
      treeFromPaths(["/big/a=1", "/big/b=2"]),
      treeFromPaths(["/other=3"]),
    ]);
    expect((second as DirNode).children.get("big")).toBe((first as DirNode).children.get("big"));
  });
});

type Operation =
  | { op: "write"; path: string; text: string; append: boolean }
  | { op: "mkdir"; path: string }
  | { op: "unlink"; path: string }
  | { op: "rmdir"; path: string }
  | { op: "rename"; from: string; to: string }
  | { op: "symlink"; target: string; path: string }
  | { op: "link"; from: string; to: string }
  | { op: "chmod"; path: string; mode: number }
  | { op: "utimes"; path: string; mtime: number };

const names = ["a", "b", "c"];
const pathArb = fc
  .array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join("/")}`);
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    op: fc.constant("write" as const),
    path: pathArb,
    text: fc.string({ maxLength: 4 }),
    append: fc.boolean(),
  }),
  fc.record({ op: fc.constant("mkdir" as const), path: pathArb }),
  fc.record({ op: fc.constant("unlink" as const), path: pathArb }),
  fc.record({ op: fc.constant("rmdir" as const), path: pathArb }),
  fc.record({ op: fc.constant("rename" as const), from: pathArb, to: pathArb }),
  fc.record({ op: fc.constant("symlink" as const), target: pathArb, path: pathArb }),
  fc.record({ op: fc.constant("link" as const), from: pathArb, to: pathArb }),
  fc.record({ op: fc.constant("chmod" as const), path: pathArb, mode: fc.constantFrom(0o600, 0o755) }),
  fc.record({ op: fc.constant("utimes" as const), path: pathArb, mtime: fc.integer({ min: 1, max: 9 }) }),
);
const lowerArb = fc
  .uniqueArray(fc.tuple(pathArb, fc.boolean()), { selector: ([path]) => path, maxLength: 8 })
  .map((entries) => {
    const lines = entries.map(([path, isDir]) => (isDir ? `${path}/` : `${path}=${path}`));
    return treeFromPaths(lines);
  });

function snapshot(tree: DirNode): string[] {
  return [...walkTree(tree)].map(({ path, node }) =>
    node.kind === "file"
      ? `${path} f ${node.meta.mode.toString(8)} ${node.meta.mtime} ${node.content.text()}`
      : node.kind === "symlink"
        ? `${path} -> ${node.target}`
        : node.kind === "dir"
          ? `${path}/ ${node.meta.mode.toString(8)}`
          : `${path} wh`,
  );
}

function apply(mount: ReturnType<typeof createOverlayMount>, operation: Operation): void {
  const { fs } = mount;
  switch (operation.op) {
    case "write":
      fs.writeFile(operation.path, textContent(operation.text), { append: operation.append });
      break;
    case "mkdir":
      fs.mkdir(operation.path);
      break;
    case "unlink":
      fs.unlink(operation.path);
      break;
    case "rmdir":
      fs.rmdir(operation.path);
      break;
    case "rename":
      fs.rename(operation.from, operation.to);
      break;
    case "symlink":
      fs.symlink(operation.target, operation.path);
      break;
    case "link":
      fs.link(operation.from, operation.to);
      break;
    case "chmod":
      fs.chmod(operation.path, operation.mode);
      break;
    case "utimes":
      fs.utimes(operation.path, operation.mtime);
      break;
  }
}

describe("overlay properties", () => {
  it("keeps the upper directory a true layer: lower + upper = merged, lower untouched", () => {
    fc.assert(
      fc.property(lowerArb, fc.array(operationArb, { maxLength: 12 }), (lower, operations) => {
        const before = snapshot(lower);
        const mount = createOverlayMount(lower, { identity: root, now: 3 });
        for (const operation of operations) apply(mount, operation);
        expect(snapshot(applyChangeset(lower, mount.upper()))).toEqual(snapshot(mount.merged()));
        expect(snapshot(lower)).toEqual(before);
        for (const { path, node } of walkTree(mount.upper())) {
          if (node.kind === "whiteout") continue;
          const parent = path.split("/").slice(0, -1).join("/") || "/";
          expect(getNode(mount.upper(), parent)?.kind).toBe("dir");
        }
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it("stacks layers one by one exactly as it stacks them all", () => {
    fc.assert(
      fc.property(fc.array(lowerArb, { minLength: 1, maxLength: 4 }), (layers) => {
        const views = stackLayers(layers);
        let current = treeFromPaths([]);
        layers.forEach((layer, index) => {
          current = applyChangeset(current, layer);
          expect(snapshot(views[index] as DirNode)).toEqual(snapshot(current));
        });
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});

describe("directory link counts (overlayfs reports 1 for a merged directory)", () => {
  it("counts 2 + subdirectories for a directory from one layer, 1 once a second layer or the upper has it", () => {
    const layers = [treeFromPaths(["/one/sub/", "/both/x/"]), treeFromPaths(["/both/y"])];
    const lower = stackLayers(layers).at(-1) as DirNode;
    const mount = createOverlayMount(lower, { identity: root, now: 1 });
    const links = (path: string) => {
      const stat = mount.fs.lstat(path);
      return stat.ok ? stat.value.nlink : undefined;
    };
    expect([links("/"), links("/one"), links("/one/sub"), links("/both")]).toEqual([1, 3, 2, 1]);
    mount.fs.mkdir("/new");
    mount.fs.mkdir("/new/a");
    mount.fs.mkdir("/one/other");
    expect([links("/new"), links("/one")]).toEqual([3, 1]);
  });

  it("keeps a directory merged when a file is bind-mounted below it", () => {
    const lower = stackLayers([treeFromPaths(["/etc/passwd=x"]), treeFromPaths(["/etc/hosts="])]).at(
      -1,
    ) as DirNode;
    const view = bindMount(lower, "/etc/hosts", createFile("127.0.0.1 localhost\n"));
    const mount = createOverlayMount(view, { identity: root, now: 1 });
    const etc = mount.fs.lstat("/etc");
    expect(etc.ok && etc.value.nlink).toBe(1);
    expect(mount.fs.readFile("/etc/hosts")).toMatchObject({ ok: true });
    expect(isMergedDir(lower)).toBe(true);
  });
});
