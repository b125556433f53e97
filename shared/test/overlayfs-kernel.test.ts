/**
 * Differential test of the overlay mount against the kernel's overlayfs: the same random lower
 * layers (one or two) and the same random file operations, applied to a real `mount -t overlay` (mounted as
 * Docker's overlay2 mounts it: index=off, redirect_dir=off, metacopy=off) and to the simulator;
 * then every operation's result, the merged view (link counts included) and the upper directory
 * must agree.
 */
import { execFileSync } from "node:child_process";
import * as nodeFs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { textContent } from "../src/engine/fs/content.ts";
import { createOverlayMount } from "../src/engine/fs/overlay.ts";
import { treeFromPaths } from "../src/engine/fs/tree.ts";
import type { DirNode, FsNode, MountedFs } from "../src/engine/fs/types.ts";
import { stackLayers } from "../src/engine/fs/union.ts";

const MOUNT_OPTIONS = ["index=off", "redirect_dir=off", "metacopy=off"];

function probeOverlay(): { available: true; options: string[] } | { available: false; why: string } {
  if (process.platform !== "linux") return { available: false, why: "not Linux" };
  if (process.getuid?.() !== 0) return { available: false, why: "not root (mount needs it)" };
  try {
    execFileSync("getfattr", ["--version"], { stdio: "pipe" });
  } catch (error) {
    // The upper directory's opaque markers are read with it (package attr).
    return { available: false, why: `getfattr does not run (apt-get install attr): ${String(error)}` };
  }
  if (!nodeFs.readFileSync("/proc/filesystems", "utf8").includes("overlay")) {
    return { available: false, why: "the kernel has no overlay file system (modprobe overlay)" };
  }
  const base = nodeFs.mkdtempSync(join(tmpdir(), "layercake-ovl-probe-"));
  const options = [...MOUNT_OPTIONS];
  try {
    for (const dir of ["l", "u", "w", "m"]) nodeFs.mkdirSync(join(base, dir));
    // Drop an option this kernel rejects, and say so, rather than testing nothing.
    while (true) {
      try {
        mountOverlay(base, options);
        execFileSync("umount", [join(base, "m")]);
        return { available: true, options };
      } catch (error) {
        if (options.length === 0)
          return { available: false, why: `mount -t overlay failed: ${String(error)}` };
        options.pop();
      }
    }
  } finally {
    nodeFs.rmSync(base, { recursive: true, force: true });
  }
}

/** Mounts `base/m` with `base/l` as the lower directory, or `base/l2` over `base/l` when given. */
function mountOverlay(base: string, options: readonly string[], twoLowers = false): void {
  const data = [
    `lowerdir=${twoLowers ? `${join(base, "l2")}:` : ""}${join(base, "l")}`,
    `upperdir=${join(base, "u")}`,
    `workdir=${join(base, "w")}`,
    ...options,
  ];
  execFileSync("mount", ["-t", "overlay", "overlay", "-o", data.join(","), join(base, "m")], {
    stdio: "pipe",
  });
}

const probe = probeOverlay();
if (!probe.available && process.env.CI) {
  throw new Error(`overlayfs differential test cannot run in CI: ${probe.why}`);
}
if (!probe.available)
  console.log(`skipping the kernel overlayfs differential test: ${probe.why} (run as root on Linux)`);

type Operation =
  | { op: "write"; path: string; text: string; append: boolean }
  | { op: "mkdir"; path: string }
  | { op: "unlink"; path: string }
  | { op: "rmdir"; path: string }
  | { op: "rename"; from: string; to: string }
  | { op: "symlink"; target: string; path: string }
  | { op: "link"; from: string; to: string }
  | { op: "chmod"; path: string; mode: number }
  | { op: "chown"; path: string; uid: number }
  | { op: "utimes"; path: string; mtime: number };

const names = ["a", "b", "c"];
const pathArb = fc
  .array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join("/")}`);
// Relative targets only: an absolute target would resolve against the host's root on the real
// mount, and so would `..` from a symlink at the mount's top level (filtered out below).
const relativeTargetArb = fc.constantFrom("a", "b", "c", "a/b", "b/c", "../a", "../b/c");
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("write" as const),
      path: pathArb,
      text: fc.constantFrom("x", "yy", "zzz"),
      append: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("mkdir" as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("unlink" as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("rmdir" as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("rename" as const), from: pathArb, to: pathArb }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ op: fc.constant("symlink" as const), target: relativeTargetArb, path: pathArb })
      .filter((operation) => !(operation.target.startsWith("..") && operation.path.split("/").length === 2)),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("link" as const), from: pathArb, to: pathArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("chmod" as const),
      path: pathArb,
      mode: fc.constantFrom(0o600, 0o750),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("chown" as const), path: pathArb, uid: fc.constantFrom(0, 1000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("utimes" as const),
      path: pathArb,
      mtime: fc.integer({ min: 1_000, max: 2_000 }),
    }),
  },
);
const lowerArb = fc
  .uniqueArray(fc.tuple(pathArb, fc.constantFrom("dir", "file", "hardlink")), {
    selector: ([path]) => path,
    maxLength: 9,
  })
  .map((entries) =>
    entries.map(([path, kind]) =>
      kind === "dir" ? `${path}/` : kind === "file" ? `${path}=${path}` : `${path}`,
    ),
  );

/** Writes a union tree to disk; files whose paths end in the same name share content, never inodes. */
function materialise(tree: DirNode, dir: string): void {
  for (const [name, node] of tree.children) {
    const path = join(dir, name);
    if (node.kind === "dir") {
      nodeFs.mkdirSync(path, { mode: node.meta.mode });
      materialise(node, path);
      nodeFs.chmodSync(path, node.meta.mode);
    } else if (node.kind === "file") {
      nodeFs.writeFileSync(path, node.content.bytes(), { mode: node.meta.mode });
    } else if (node.kind === "symlink") nodeFs.symlinkSync(node.target, path);
  }
}

function errorCode(run: () => void): string {
  try {
    run();
    return "ok";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

function applyReal(merged: string, operation: Operation): string {
  const at = (path: string) => join(merged, path);
  switch (operation.op) {
    case "write":
      return errorCode(() =>
        operation.append
          ? nodeFs.appendFileSync(at(operation.path), operation.text)
          : nodeFs.writeFileSync(at(operation.path), operation.text),
      );
    case "mkdir":
      return errorCode(() => nodeFs.mkdirSync(at(operation.path)));
    case "unlink":
      return errorCode(() => nodeFs.unlinkSync(at(operation.path)));
    case "rmdir":
      return errorCode(() => nodeFs.rmdirSync(at(operation.path)));
    case "rename":
      return errorCode(() => nodeFs.renameSync(at(operation.from), at(operation.to)));
    case "symlink":
      return errorCode(() => nodeFs.symlinkSync(operation.target, at(operation.path)));
    case "link":
      return errorCode(() => nodeFs.linkSync(at(operation.from), at(operation.to)));
    case "chmod":
      return errorCode(() => nodeFs.chmodSync(at(operation.path), operation.mode));
    case "chown":
      return errorCode(() => nodeFs.chownSync(at(operation.path), operation.uid, operation.uid));
    case "utimes":
      return errorCode(() => nodeFs.utimesSync(at(operation.path), operation.mtime, operation.mtime));
  }
}

function applySimulated(fs: MountedFs, operation: Operation): string {
  const code = (result: { ok: boolean; error?: { code: string } }) =>
    result.ok ? "ok" : (result.error?.code ?? "?");
  switch (operation.op) {
    case "write":
      return code(fs.writeFile(operation.path, textContent(operation.text), { append: operation.append }));
    case "mkdir":
      return code(fs.mkdir(operation.path));
    case "unlink":
      return code(fs.unlink(operation.path));
    case "rmdir":
      return code(fs.rmdir(operation.path));
    case "rename":
      return code(fs.rename(operation.from, operation.to));
    case "symlink":
      return code(fs.symlink(operation.target, operation.path));
    case "link":
      return code(fs.link(operation.from, operation.to));
    case "chmod":
      return code(fs.chmod(operation.path, operation.mode));
    case "chown":
      return code(fs.chown(operation.path, operation.uid, operation.uid));
    case "utimes":
      return code(fs.utimes(operation.path, operation.mtime));
  }
}

/** The merged view as lines: kind, permission bits, owner, size, nlink, content or target. */
function describeReal(dir: string, prefix = ""): string[] {
  const lines: string[] = [];
  for (const name of nodeFs.readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = nodeFs.lstatSync(path);
    const owner = `${(stat.mode & 0o7777).toString(8)} ${stat.uid}:${stat.gid}`;
    if (stat.isDirectory()) {
      lines.push(`${prefix}${name}/ ${owner} n${stat.nlink}`);
      lines.push(...describeReal(path, `${prefix}${name}/`));
    } else if (stat.isSymbolicLink())
      lines.push(`${prefix}${name} -> ${nodeFs.readlinkSync(path)} ${stat.uid}:${stat.gid}`);
    else
      lines.push(
        `${prefix}${name} ${owner} ${stat.size} n${stat.nlink} ${nodeFs.readFileSync(path, "utf8")}`,
      );
  }
  return lines;
}

function describeSimulated(fs: MountedFs, dir = "/", prefix = ""): string[] {
  const lines: string[] = [];
  const listing = fs.readdir(dir);
  if (!listing.ok) return [`<${listing.error.code}>`];
  for (const name of listing.value) {
    const path = dir === "/" ? `/${name}` : `${dir}/${name}`;
    const stat = fs.lstat(path);
    if (!stat.ok) continue;
    const { value } = stat;
    const owner = `${value.mode.toString(8)} ${value.uid}:${value.gid}`;
    if (value.kind === "dir") {
      lines.push(`${prefix}${name}/ ${owner} n${value.nlink}`);
      lines.push(...describeSimulated(fs, path, `${prefix}${name}/`));
    } else if (value.kind === "symlink") {
      const target = fs.readlink(path);
      lines.push(`${prefix}${name} -> ${target.ok ? target.value : "?"} ${value.uid}:${value.gid}`);
    } else {
      const content = fs.readFile(path);
      lines.push(
        `${prefix}${name} ${owner} ${value.size} n${value.nlink} ${content.ok ? content.value.text() : "?"}`,
      );
    }
  }
  return lines;
}

/** The upper directory in OCI terms: char 0/0 → `.wh.name`, opaque xattr → `.wh..wh..opq`. */
function describeRealUpper(dir: string, prefix = ""): string[] {
  const lines: string[] = [];
  const opaque = readOpaque(dir);
  if (prefix !== "" && opaque) lines.push(`${prefix}.wh..wh..opq`);
  for (const name of nodeFs.readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = nodeFs.lstatSync(path);
    if (stat.isCharacterDevice() && stat.rdev === 0) lines.push(`${prefix}.wh.${name}`);
    else if (stat.isDirectory()) {
      lines.push(`${prefix}${name}/`);
      lines.push(...describeRealUpper(path, `${prefix}${name}/`));
    } else if (stat.isSymbolicLink()) lines.push(`${prefix}${name} -> ${nodeFs.readlinkSync(path)}`);
    else lines.push(`${prefix}${name} ${nodeFs.readFileSync(path, "utf8")}`);
  }
  return lines;
}

/**
 * Whether overlayfs marked `dir` opaque. Only getfattr's own "No such attribute" answer means "not
 * opaque": a missing or failing tool throws, so a simulator that drops opacity cannot pass.
 */
function readOpaque(dir: string): boolean {
  try {
    const value = execFileSync("getfattr", ["--only-values", "-n", "trusted.overlay.opaque", dir], {
      stdio: "pipe",
    });
    return value.toString() === "y";
  } catch (error) {
    const { status, stderr } = error as { status?: number | null; stderr?: Uint8Array };
    const message = stderr === undefined ? "" : new TextDecoder().decode(stderr).trim();
    if (status === 1 && message.endsWith("trusted.overlay.opaque: No such attribute")) return false;
    throw new Error(`getfattr could not read trusted.overlay.opaque of ${dir}: ${message || String(error)}`);
  }
}

function describeSimulatedUpper(tree: DirNode, prefix = ""): string[] {
  const lines: string[] = [];
  if (prefix !== "" && tree.opaque) lines.push(`${prefix}.wh..wh..opq`);
  for (const name of [...tree.children.keys()].sort()) {
    const node = tree.children.get(name) as FsNode;
    if (node.kind === "whiteout") lines.push(`${prefix}.wh.${name}`);
    else if (node.kind === "dir") {
      lines.push(`${prefix}${name}/`);
      lines.push(...describeSimulatedUpper(node, `${prefix}${name}/`));
    } else if (node.kind === "symlink") lines.push(`${prefix}${name} -> ${node.target}`);
    else lines.push(`${prefix}${name} ${node.content.text()}`);
  }
  return lines;
}

const work = nodeFs.mkdtempSync(join(tmpdir(), "layercake-ovl-"));
afterAll(() => nodeFs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(!probe.available)("the overlay mount against the kernel's overlayfs", () => {
  const options = probe.available ? probe.options : [];
  let run = 0;

  // Bounded by its 400 runs, not by the clock: a loaded CI machine is slower, never wrong.
  it("agrees on every result, the merged view and the upper directory", { timeout: 0 }, () => {
    fc.assert(
      fc.property(
        lowerArb,
        lowerArb,
        fc.array(operationArb, { minLength: 1, maxLength: 10 }),
        (lowerLines, secondLowerLines, operations) => {
          run += 1;
          const base = join(work, `run-${run}`);
          for (const dir of ["l", "l2", "u", "w", "m"])
            nodeFs.mkdirSync(join(base, dir), { recursive: true });
          // Two lower layers when the second has entries: directories in both are merged (nlink 1).
          const twoLowers = secondLowerLines.length > 0;
          const layers = [treeFromPaths(lowerLines), ...(twoLowers ? [treeFromPaths(secondLowerLines)] : [])];
          materialise(layers[0] as DirNode, join(base, "l"));
          if (twoLowers) materialise(layers[1] as DirNode, join(base, "l2"));
          const lower = stackLayers(layers).at(-1) as DirNode;
          mountOverlay(base, options, twoLowers);
          try {
            const simulated = createOverlayMount(lower, { identity: { uid: 0, gid: 0 }, now: 1_000_000 });
            const realResults = operations.map((operation) => applyReal(join(base, "m"), operation));
            const simulatedResults = operations.map((operation) => applySimulated(simulated.fs, operation));
            expect(simulatedResults).toEqual(realResults);
            expect(describeSimulated(simulated.fs)).toEqual(describeReal(join(base, "m")));
            expect(describeSimulatedUpper(simulated.upper())).toEqual(describeRealUpper(join(base, "u")));
          } finally {
            execFileSync("umount", [join(base, "m")]);
            nodeFs.rmSync(base, { recursive: true, force: true });
          }
        },
      ),
      { seed: 20261122, numRuns: 400 },
    );
  });

  it("reads opacity with getfattr, and a getfattr that fails is an error, not 'not opaque'", () => {
    const dir = join(work, "opacity");
    nodeFs.mkdirSync(dir, { recursive: true });
    expect(readOpaque(dir)).toBe(false);
    execFileSync("setfattr", ["-n", "trusted.overlay.opaque", "-v", "y", dir]);
    expect(readOpaque(dir)).toBe(true);
    expect(() => readOpaque(join(work, "no-such-directory"))).toThrow(/getfattr could not read/);
  });

  it("mounts with the options Docker's overlay2 uses", () => {
    expect(options).toEqual(MOUNT_OPTIONS);
  });
});
