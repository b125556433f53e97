/**
 * The benches' resident daemon (src/cli/docker-resident.ts): in a runtime directory of the bench's
 * own, so that it neither meets a developer's daemon nor outlives the bench (remove the directory
 * and it leaves), and timed only once it runs, as the real dockerd does before its side is timed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Makes the runtime directory and points this process's children at it; returns it. */
export function useOwnRuntimeDir(): string {
  const runtimeDir = mkdtempSync(join(tmpdir(), "layercake-bench-runtime-"));
  process.env.XDG_RUNTIME_DIR = runtimeDir;
  return runtimeDir;
}

/** Waits until the daemon (started by an earlier command) listens and has run its warm-up. */
export function waitForWarmDaemon(runtimeDir: string): void {
  const dir = join(runtimeDir, "layercake");
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const log = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith(".log")) : undefined;
    if (log !== undefined && readFileSync(join(dir, log), "utf8").includes("warmed up")) return;
    spawnSync("sleep", ["0.05"]);
  }
  throw new Error(`the resident daemon did not start (see ${dir})`);
}
