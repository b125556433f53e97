#!/usr/bin/env node
// Launcher for `layercake`. On Node >= 24 it runs the CLI in this process: the minified bundle in
// dist/cli (built by `npm install`) while it is newer than every source it was built from, else
// src/cli/main.ts itself (Node 24 strips the types), so a fresh clone works before anything is
// built. Node's compile cache keeps the bundle's compiled code between runs. A `docker` command is
// first handed to the bundle's resident daemon when one runs. Started by an older Node (the
// machine's Node 20), it re-executes itself once on the project's own Node 24.
import { createRequire } from "node:module";

// Node's modules through require, not import: an ES import of node:fs builds a facade that reads
// every export, and reading fs.ReadStream loads Node's streams (about 5 ms of every start).
const require = createRequire(import.meta.url);
const { existsSync, readFileSync, statSync } = require("node:fs");
const module = require("node:module");
const { dirname, join } = require("node:path");
const { fileURLToPath, pathToFileURL } = require("node:url");

// Node resolves the symlink in node_modules/.bin to this file before it sets import.meta.url.
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const argv = process.argv.slice(2);

/** The bundle's entry when it exists and no source it was built from changed since. */
function freshBundle() {
  const bundleDir = join(packageDir, "dist", "cli");
  try {
    const { builtMs, sources } = JSON.parse(readFileSync(join(bundleDir, "sources.json"), "utf8"));
    for (const source of sources) {
      if (statSync(`${packageDir}/${source}`).mtimeMs > builtMs) return undefined;
    }
    return join(bundleDir, "main.js");
  } catch {
    // No bundle, or a source it lists is gone (a different checkout): run the sources.
    return undefined;
  }
}

function findNode24() {
  let dir = here;
  for (;;) {
    const candidate = join(dir, "node_modules", ".bin", "node");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * A `docker` command goes first to the bundle's resident daemon (src/cli/docker-resident.ts), which
 * checks the bundle's freshness itself. Any failure: the usual way.
 */
const bundleMain = join(packageDir, "dist", "cli", "main.js");
const asksResident =
  argv[0] === "docker" && process.env.LAYERCAKE_DOCKER_RESIDENT !== "0" && existsSync(bundleMain);

async function answeredByResident() {
  try {
    const { mainThroughResident } = await import(pathToFileURL(bundleMain).href);
    return (await mainThroughResident?.(argv, packageDir)) === true;
  } catch {
    return false;
  }
}

if (Number(process.versions.node.split(".")[0]) >= 24) {
  if (!(asksResident && (await answeredByResident()))) {
    module.enableCompileCache?.();
    const bundle = freshBundle();
    const { main } = await import(pathToFileURL(bundle ?? join(packageDir, "src", "cli", "main.ts")).href);
    // The bundle's daemon was asked already (the sources use none).
    await main(argv, { residentAsked: asksResident && bundle !== undefined });
  }
} else {
  const node = findNode24();
  if (node === undefined) {
    process.stderr.write(
      `layercake: needs Node 24 or newer (this is Node ${process.versions.node}); run \`npm install\` at the repository root, which brings it as node_modules/.bin/node\n`,
    );
    process.exit(1);
  }
  // Loaded here only: on Node 24 the launcher never starts a process.
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync(node, [join(here, "layercake.js"), ...argv], { stdio: "inherit" });
  if (result.error) {
    process.stderr.write(`layercake: cannot start ${node}: ${result.error.message}\n`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
