import { describe, expect, it } from "vitest";
import { findCatalogImage } from "../catalog/index.ts";
import { createOverlayMount } from "../fs/overlay.ts";
import { getNode } from "../fs/tree.ts";
import type { DirNode } from "../fs/types.ts";
import { stackLayers } from "../fs/union.ts";
import { computeLayerSize } from "../image/layer.ts";
import { runShell } from "./index.ts";

function run(image: string, script: string, cwd = "/") {
  const lower = stackLayers(findCatalogImage(image)?.layers.map((layer) => layer.changes) ?? []).at(
    -1,
  ) as DirNode;
  const mount = createOverlayMount(lower, { identity: { uid: 0, gid: 0 }, now: 1_700_000_000 });
  const outcome = runShell(["/bin/sh", "-c"], script, {
    fs: mount.fs,
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"],
    cwd,
    identity: { uid: 0, gid: 0 },
    now: 1_700_000_000,
  });
  return { ...outcome, upper: mount.upper(), layerSize: computeLayerSize(mount.upper()) };
}

describe("simulated package managers", () => {
  it("cannot install before apt-get update (no package lists)", () => {
    const result = run("debian:bookworm", "apt-get install -y curl");
    expect(result.exitCode).toBe(100);
    expect(result.stderr).toBe("E: Unable to locate package curl\n");
  });

  it("leaves the package lists in the layer unless the same RUN removes them", () => {
    const kept = run("debian:bookworm", "apt-get update && apt-get install -y curl");
    const cleaned = run(
      "debian:bookworm",
      "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
    );
    expect(kept.exitCode).toBe(0);
    expect(cleaned.exitCode).toBe(0);
    expect(kept.layerSize - cleaned.layerSize).toBe(44_776_000);
    expect(
      getNode(cleaned.upper, "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"),
    ).toBeUndefined();
    expect(getNode(cleaned.upper, "/usr/bin/curl")).toMatchObject({ kind: "file" });
  });

  it("keeps apk's index without --no-cache", () => {
    const cached = run("alpine:3.21", "apk add curl");
    const noCache = run("alpine:3.21", "apk add --no-cache curl");
    expect(cached.layerSize - noCache.layerSize).toBe(2_700_000);
    expect(run("alpine:3.21", "apk add nosuchpkg")).toMatchObject({ exitCode: 1 });
  });

  it("installs npm dependencies from package.json and fills the npm cache", () => {
    const result = run(
      "node:22-alpine",
      'mkdir /app && echo \'{"dependencies":{"express":"^4"}}\' > /app/package.json && cd /app && npm install',
    );
    expect(result.exitCode).toBe(0);
    expect(getNode(result.upper, "/app/node_modules/express")).toMatchObject({ kind: "dir" });
    expect(getNode(result.upper, "/root/.npm/_cacache/content-v2/sha512/express")).toMatchObject({
      kind: "file",
    });
  });

  it("keeps pip's cache unless --no-cache-dir", () => {
    const cached = run("python:3.12-slim", "pip install flask");
    const noCache = run("python:3.12-slim", "pip install --no-cache-dir flask");
    expect(cached.layerSize - noCache.layerSize).toBe(1_200_000);
    expect(run("python:3.12-slim", "pip install nosuch").stderr).toContain(
      "No matching distribution found for nosuch",
    );
  });
});
