/**
 * Shared fixtures of the build scenarios: the experiments' `tiny:1` base (busybox-static
 * 1,982,256 B + /etc/passwd 30 B + 9 applet symlinks of 7 B = one 1,982,349-byte layer, imported),
 * build contexts from path lists, the builder ports (test doubles until fs/ and shell/ are wired),
 * and a helper that builds and renders in one call.
 */
import { createSimulatedClock } from "../../../src/core/clock.ts";
import { buildImage } from "../../../src/engine/builder/build.ts";
import { defaultPorts } from "../../../src/engine/builder/default-ports.ts";
import { renderBuildOutput } from "../../../src/engine/builder/log.ts";
import type { BuildPorts } from "../../../src/engine/builder/ports.ts";
import type { BuildRequest, BuildResult } from "../../../src/engine/builder/types.ts";
import { createImageStore, type ImageStore } from "../../../src/engine/daemon/image-store.ts";
import { syntheticContent } from "../../../src/engine/fs/content.ts";
import { type FixtureEntry, treeFromPaths } from "../../../src/engine/fs/tree.ts";
import type { DirNode } from "../../../src/engine/fs/types.ts";
import { historyTime } from "../../../src/engine/image/config-json.ts";
import { createImage, DOCKER_VERSION } from "../../../src/engine/image/image.ts";
import { createLayer } from "../../../src/engine/image/layer.ts";
import type { Image } from "../../../src/engine/image/types.ts";
import { runArgvCommand, runShellScript } from "./fake-shell.ts";

/**
 * The builder's ports for the scenarios: the engine's own modules (parser, union, overlay,
 * layers, archives) and a test double for the shell until `shell/` provides it.
 */
export const testPorts: BuildPorts = {
  ...defaultPorts,
  runShell: (shell, script, options) =>
    runShellScript(script, options, shell.includes("-ec") || shell.includes("-e")),
  runArgv: runArgvCommand,
};

export const BUSYBOX_SIZE = 1_982_256;
export const TINY_LAYER_SIZE = 1_982_349;
const APPLETS = ["sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "mv", "ln"];

/** The experiments' tiny:1: one imported layer, no /dev, /proc, /sys, /etc/group. */
export function createTinyImage(): Image {
  const entries: Record<string, FixtureEntry> = {
    "bin/busybox": { kind: "file", content: syntheticContent("busybox-static", BUSYBOX_SIZE), mode: 0o755 },
    "etc/passwd": { kind: "file", content: "root:x:0:0:root:/root:/bin/sh\n" },
  };
  for (const applet of APPLETS) entries[`bin/${applet}`] = { kind: "symlink", target: "busybox" };
  const layer = createLayer(treeFromPaths(entries, { mtime: 1_700_000_000 }));
  const created = historyTime(Date.UTC(2025, 0, 1));
  return createImage({
    format: "moby",
    origin: "import",
    layers: [layer],
    document: {
      architecture: "amd64",
      os: "linux",
      created,
      docker_version: DOCKER_VERSION,
      config: {},
      container_config: {},
      history: [{ created, comment: "Imported from -" }],
    },
  });
}

/** A store with tiny:1 tagged, like the experiments' daemon. */
export function createTestStore(): { store: ImageStore; tiny: Image } {
  const store = createImageStore({ seed: "test" });
  const tiny = createTinyImage();
  store.addImage(tiny);
  store.tagImage(tiny, "tiny:1");
  return { store, tiny };
}

/** A build context from `path → text` (files 0644, directories 0755, uid 0). */
export function contextFromFiles(files: Readonly<Record<string, string | FixtureEntry>>): DirNode {
  const entries: Record<string, FixtureEntry> = {};
  for (const [path, value] of Object.entries(files))
    entries[path] = typeof value === "string" ? { kind: "file", content: value } : value;
  return treeFromPaths(entries, { mtime: 1_700_000_000 });
}

/** Joins Dockerfile lines with a final newline. */
export function dockerfile(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

export interface TestBuild {
  readonly result: BuildResult;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds with the test ports and a clock that moves one second per reading. */
export function build(
  store: ImageStore,
  request: Omit<BuildRequest, "now" | "context"> & {
    readonly context: DirNode;
    readonly now?: BuildRequest["now"];
  },
): TestBuild {
  const now = request.now ?? createSimulatedClock(Date.UTC(2026, 0, 1), 1000);
  const result = buildImage({ ...request, now }, store, testPorts);
  const output = renderBuildOutput(result, request.context, request.dockerfilePath);
  return { result, stdout: output.stdout, stderr: output.stderr };
}

/** Compact per-step view: `<index> <cache> <layer>` for assertions on cache behaviour. */
export function cacheTable(result: BuildResult): string[] {
  return result.steps
    .filter((step) => step.keyword !== "FROM" && step.stageIndex !== -1)
    .map((step) => `${step.instruction} | ${step.cache}`);
}
