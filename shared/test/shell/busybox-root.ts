/**
 * The real side of the shell differential: busybox-static run as root in throwaway root
 * directories (chroot), many scripts per process. Node-only test support.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BUSYBOX = "/bin/busybox";

/** One entry of a script's starting tree, relative to its working directory. */
export type SeedEntry =
  | { readonly path: string; readonly kind: "file"; readonly content: string; readonly mode: number }
  | { readonly path: string; readonly kind: "dir"; readonly mode: number }
  | { readonly path: string; readonly kind: "symlink"; readonly target: string };

export interface ScriptRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** `path type mode size [-> target]` per entry below the working directory, sorted. */
  readonly tree: readonly string[];
}

/** Why the real side cannot run here, or undefined when it can. */
export function busyboxUnavailable(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (!existsSync(BUSYBOX)) return `${BUSYBOX} is missing (apt-get install busybox-static)`;
  if (process.getuid?.() !== 0) return "chroot needs root";
  return undefined;
}

export const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
export const GROUP = "root:x:0:\nnogroup:x:65534:\n";
export const ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"];

/** A template root: busybox with every applet link it installs, /etc/passwd and group, /dev/null and zero. */
export function createTemplateRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "layercake-busybox-"));
  for (const dir of ["bin", "sbin", "usr/bin", "usr/sbin", "etc", "tmp", "root", "dev", "w"])
    mkdirSync(join(root, dir), { recursive: true });
  chmodSync(join(root, "tmp"), 0o1777);
  chmodSync(join(root, "root"), 0o700);
  writeFileSync(join(root, "bin/busybox"), readFileSync(BUSYBOX), { mode: 0o755 });
  execFileSync("chroot", [root, "/bin/busybox", "--install", "-s"]);
  writeFileSync(join(root, "etc/passwd"), PASSWD, { mode: 0o644 });
  writeFileSync(join(root, "etc/group"), GROUP, { mode: 0o644 });
  execFileSync("mknod", ["-m", "666", join(root, "dev/null"), "c", "1", "3"]);
  execFileSync("mknod", ["-m", "666", join(root, "dev/zero"), "c", "1", "5"]);
  return root;
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

function seed(directory: string, entries: readonly SeedEntry[]): void {
  mkdirSync(directory, { recursive: true });
  for (const entry of entries) {
    const full = join(directory, entry.path);
    if (entry.kind === "dir") {
      mkdirSync(full, { recursive: true });
      chmodSync(full, entry.mode);
    } else if (entry.kind === "file") {
      writeFileSync(full, entry.content);
      chmodSync(full, entry.mode);
    } else symlinkSync(entry.target, full);
  }
}

/** Lists a directory's tree as the differential compares it (directory sizes depend on the fs: left out). */
export function describeTree(directory: string, skip: readonly string[] = []): string[] {
  const lines: string[] = [];
  const walk = (full: string, relative: string) => {
    for (const name of readdirSync(full).sort()) {
      const path = join(full, name);
      const rel = relative === "" ? name : `${relative}/${name}`;
      if (skip.includes(rel)) continue;
      const stat = lstatSync(path);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) lines.push(`${rel} link -> ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        lines.push(`${rel} dir ${mode}`);
        walk(path, rel);
      } else lines.push(`${rel} file ${mode} ${stat.size}`);
    }
  };
  walk(directory, "");
  return lines;
}

/**
 * Runs each script with `/bin/sh -c` in its own directory `/w/<index>` of one root, all in one
 * chroot process; returns what each printed and left behind.
 */
export function runScriptsInRoot(
  root: string,
  scripts: readonly { readonly script: string; readonly seed: readonly SeedEntry[] }[],
): ScriptRun[] {
  rmSync(join(root, "w"), { recursive: true, force: true });
  mkdirSync(join(root, "w"));
  scripts.forEach(({ script, seed: entries }, index) => {
    seed(join(root, "w", String(index)), entries);
    writeFileSync(join(root, "w", `${index}.sh`), script);
  });
  // `$(cat …)` drops trailing newlines, which a script's meaning never depends on.
  const driver = `i=0; while [ $i -lt ${scripts.length} ]; do cd /w/$i && timeout -s KILL 20 /bin/sh -c "$(cat /w/$i.sh)" </dev/null >/w/$i.out 2>/w/$i.err; echo $? >/w/$i.rc; i=$((i+1)); done`;
  const result = spawnSync("chroot", [root, "/usr/bin/env", "-i", ...ENV, "/bin/sh", "-c", driver], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (result.status !== 0)
    throw new Error(
      `the chroot driver failed (status ${result.status}, signal ${result.signal}, ${result.error?.message ?? "no error"}): ${result.stderr}`,
    );
  const runs = scripts.map((_, index) => {
    const base = join(root, "w", String(index));
    return {
      stdout: readFileSync(`${base}.out`, "utf8"),
      stderr: readFileSync(`${base}.err`, "utf8"),
      exitCode: Number(readFileSync(`${base}.rc`, "utf8").trim()),
      tree: describeTree(base),
    };
  });
  // The root goes back to how it was made: later runs copy it.
  rmSync(join(root, "w"), { recursive: true, force: true });
  mkdirSync(join(root, "w"));
  return runs;
}

/**
 * Runs each line in a fresh copy of the template root, from `/`, one chroot per line (a line may
 * change /etc or /usr); the tree compared is what the line added or changed under `watch`.
 */
export function runLinesInFreshRoots(template: string, lines: readonly string[], watch: string): ScriptRun[] {
  const base = mkdtempSync(join(tmpdir(), "layercake-corpus-"));
  try {
    for (const [index, line] of lines.entries()) writeFileSync(join(base, `${index}.sh`), line);
    const driver = `for i in $(seq 0 ${lines.length - 1}); do cp -a "$T" "$B/r$i"; chroot "$B/r$i" /usr/bin/env -i ${ENV.join(" ")} /bin/sh -c "$(cat "$B/$i.sh")" </dev/null >"$B/$i.out" 2>"$B/$i.err"; echo $? >"$B/$i.rc"; done`;
    const result = spawnSync("bash", ["-c", driver], {
      encoding: "utf8",
      env: { T: template, B: base, PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin" },
      timeout: 600_000,
    });
    if (result.status !== 0) throw new Error(`the corpus driver failed: ${result.stderr}`);
    return lines.map((_, index) => ({
      stdout: readFileSync(join(base, `${index}.out`), "utf8"),
      stderr: readFileSync(join(base, `${index}.err`), "utf8"),
      exitCode: Number(readFileSync(join(base, `${index}.rc`), "utf8").trim()),
      tree: existsSync(join(base, `r${index}`, watch))
        ? describeTree(join(base, `r${index}`, watch), ["dev"])
        : [],
    }));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
