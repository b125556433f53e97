/**
 * An image for the shell's tests: busybox with a link for every simulated applet, /etc/passwd and
 * /etc/group, and an overlay mount over it.
 */
import { createOverlayMount } from "../fs/overlay.ts";
import { type FixtureEntry, treeFromPaths } from "../fs/tree.ts";
import type { DirNode } from "../fs/types.ts";
import { SIMULATED_APPLETS } from "./applets/catalog.ts";
import { RunBudget } from "./budget.ts";
import type { ContextOptions } from "./context.ts";
import { commandTable } from "./index.ts";
import { runScript } from "./run-script.ts";

export const NOW = 1_700_000_000;

export function busyboxImage(): DirNode {
  const entries: Record<string, FixtureEntry> = {
    "/bin/busybox": { kind: "file", content: "\x7fELF busybox", mode: 0o755 },
    "/etc/passwd": {
      kind: "file",
      content: "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
    },
    "/etc/group": { kind: "file", content: "root:x:0:\nnogroup:x:65534:\n" },
    "/root": { kind: "dir", mode: 0o700 },
    "/tmp": { kind: "dir", mode: 0o1777 },
  };
  for (const { name } of SIMULATED_APPLETS) entries[`/bin/${name}`] = { kind: "symlink", target: "busybox" };
  return treeFromPaths(entries, { mtime: NOW });
}

/** Runs `sh -c script` over a fresh mount of `lower`; returns the outcome, the mount and the budget. */
export function runOn(
  script: string,
  lower: DirNode = busyboxImage(),
  options: Partial<ContextOptions> = {},
) {
  const mount = createOverlayMount(lower, { identity: { uid: 0, gid: 0, groups: [] }, now: NOW });
  const budget = options.budget ?? new RunBudget();
  const outcome = runScript(script, {
    fs: mount.fs,
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"],
    cwd: "/",
    identity: { uid: 0, gid: 0, groups: [] },
    now: NOW,
    commands: commandTable(),
    name: "/bin/sh",
    ...options,
    budget,
  });
  return { ...outcome, mount, budget };
}
