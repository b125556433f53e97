/**
 * Building blocks for simulated base images: the directory skeletons, the commands a shell can
 * find, and payloads sized like the real files. Every payload is `syntheticContent`, generated on
 * demand, so a 1 GB image costs almost nothing until someone reads its bytes.
 */
import { syntheticContent, textContent } from "../fs/content.ts";
import { type FixtureEntry, treeFromPaths } from "../fs/tree.ts";
import type { DirNode, FileContent } from "../fs/types.ts";

/** A file of the simulated image: text, or a payload of a given size. */
/** `"dir"` is an empty directory. */
export type FileSpec =
  | "dir"
  | string
  | { readonly size: number; readonly mode?: number }
  | { readonly symlink: string };

export type FileSet = Readonly<Record<string, FileSpec>>;

/** Commands GNU coreutils and friends put in /usr/bin on Debian and Ubuntu (sizes from bookworm). */
export const COREUTILS: Readonly<Record<string, number>> = {
  cat: 44_016,
  chmod: 64_448,
  chown: 72_672,
  cp: 151_152,
  date: 108_920,
  dd: 88_176,
  echo: 39_224,
  env: 48_152,
  false: 27_072,
  head: 47_480,
  id: 48_152,
  ln: 76_864,
  ls: 151_344,
  mkdir: 97_152,
  mv: 146_840,
  pwd: 43_352,
  rm: 72_704,
  rmdir: 52_544,
  sleep: 39_256,
  sort: 121_432,
  tail: 68_664,
  tee: 39_224,
  test: 51_936,
  "[": 51_936,
  touch: 97_024,
  true: 27_072,
  uname: 39_224,
  wc: 48_224,
  whoami: 35_128,
};

/** Debian-family userland: merged /usr, dash as /bin/sh, bash, coreutils, grep, sed, apt and dpkg. */
export function debianUserland(options: { osRelease: string; aptSizeScale?: number }): FileSet {
  const files: Record<string, FileSpec> = {
    "/bin": { symlink: "usr/bin" },
    "/sbin": { symlink: "usr/sbin" },
    "/lib": { symlink: "usr/lib" },
    "/lib64": { symlink: "usr/lib64" },
    "/usr/bin/dash": { size: 125_560, mode: 0o755 },
    "/usr/bin/sh": { symlink: "dash" },
    "/usr/bin/bash": { size: 1_265_648, mode: 0o755 },
    "/usr/bin/grep": { size: 203_152, mode: 0o755 },
    "/usr/bin/sed": { size: 122_224, mode: 0o755 },
    "/usr/bin/tar": { size: 531_984, mode: 0o755 },
    "/usr/bin/gzip": { size: 93_328, mode: 0o755 },
    "/usr/bin/which": { size: 1_084, mode: 0o755 },
    "/usr/bin/apt-get": { size: 22_968, mode: 0o755 },
    "/usr/bin/apt": { size: 18_832, mode: 0o755 },
    "/usr/bin/dpkg": { size: 318_904, mode: 0o755 },
    "/usr/lib/x86_64-linux-gnu/libc.so.6": { size: 1_922_136, mode: 0o755 },
    "/usr/lib/x86_64-linux-gnu/libapt-pkg.so.6.0": {
      size: Math.round(2_157_328 * (options.aptSizeScale ?? 1)),
    },
    "/usr/lib64/ld-linux-x86-64.so.2": { symlink: "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" },
    "/etc/os-release": options.osRelease,
    "/etc/passwd":
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "/etc/group": "root:x:0:\ndaemon:x:1:\nbin:x:2:\nusers:x:100:\nnogroup:x:65534:\n",
    "/etc/hostname": "",
    "/var/lib/dpkg/status": "Package: base-files\nStatus: install ok installed\n",
    "/var/lib/apt/lists/": "dir",
    "/var/cache/apt/archives/": "dir",
    "/tmp/": "dir",
    "/root/": "dir",
    "/home/": "dir",
    "/usr/local/bin/": "dir",
  };
  for (const [name, size] of Object.entries(COREUTILS)) files[`/usr/bin/${name}`] = { size, mode: 0o755 };
  return files;
}

/** Alpine userland: busybox with applet symlinks, musl, apk. */
export function alpineUserland(version: string): FileSet {
  const files: Record<string, FileSpec> = {
    "/bin/busybox": { size: 808_712, mode: 0o755 },
    "/lib/ld-musl-x86_64.so.1": { size: 659_744, mode: 0o755 },
    "/lib/libc.musl-x86_64.so.1": { symlink: "ld-musl-x86_64.so.1" },
    "/usr/lib/libcrypto.so.3": { size: 4_502_152, mode: 0o755 },
    "/usr/lib/libssl.so.3": { size: 706_000, mode: 0o755 },
    "/usr/lib/libz.so.1": { size: 100_608, mode: 0o755 },
    "/sbin/apk": { size: 165_376, mode: 0o755 },
    "/lib/apk/db/installed": { size: 25_117 },
    "/etc/apk/repositories": `https://dl-cdn.alpinelinux.org/alpine/v${version}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v${version}/community\n`,
    "/etc/os-release": `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}.0\nPRETTY_NAME="Alpine Linux v${version}"\nHOME_URL="https://alpinelinux.org/"\n`,
    "/etc/passwd":
      "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n",
    "/etc/group": "root:x:0:root\nbin:x:1:root,bin,daemon\nnobody:x:65534:\n",
    "/var/cache/apk/": "dir",
    "/tmp/": "dir",
    "/root/": "dir",
    "/home/": "dir",
    "/usr/local/bin/": "dir",
  };
  for (const applet of BUSYBOX_APPLETS) files[`/bin/${applet}`] = { symlink: "/bin/busybox" };
  return files;
}

/** The applets the simulated shell implements, linked in /bin on busybox-based images. */
export const BUSYBOX_APPLETS = [
  "sh",
  "ash",
  "cat",
  "chmod",
  "chown",
  "cp",
  "date",
  "dd",
  "echo",
  "env",
  "false",
  "grep",
  "head",
  "id",
  "ln",
  "ls",
  "mkdir",
  "mv",
  "pwd",
  "rm",
  "rmdir",
  "sed",
  "sleep",
  "sort",
  "tail",
  "tar",
  "tee",
  "test",
  "[",
  "touch",
  "true",
  "uname",
  "wc",
  "which",
  "whoami",
];

/**
 * Fills `bytes` bytes into `count` files under `directory` (libraries, headers, documentation of
 * a package), so that a layer has a realistic total without hand-listing every file.
 */
export function payloadFiles(directory: string, bytes: number, count: number, extension = ".so"): FileSet {
  const files: Record<string, FileSpec> = {};
  const each = Math.floor(bytes / count);
  for (let index = 0; index < count; index += 1) {
    const size = index === count - 1 ? bytes - each * (count - 1) : each;
    files[`${directory}/part-${String(index).padStart(3, "0")}${extension}`] = { size, mode: 0o644 };
  }
  return files;
}

/** A changeset tree from a file set; payload bytes are seeded by image and path. */
export function treeFromFileSet(seed: string, files: FileSet, mtime: number): DirNode {
  const entries: Record<string, FixtureEntry> = {};
  for (const [path, spec] of Object.entries(files)) {
    if (spec === "dir") entries[path] = { kind: "dir", mtime };
    else if (typeof spec === "string") entries[path] = { kind: "file", content: textContent(spec), mtime };
    else if ("symlink" in spec) entries[path] = { kind: "symlink", target: spec.symlink };
    else {
      const content: FileContent = syntheticContent(`${seed}:${path}`, spec.size);
      entries[path] = { kind: "file", content, mode: spec.mode ?? 0o644, mtime };
    }
  }
  return treeFromPaths(entries, { mtime });
}
