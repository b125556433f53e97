#!/usr/bin/env node
// Installs the workspace's dependencies when they are missing or stale, so that `npm start`,
// `npm test` and `npm run bench` work from a fresh clone. It runs before node_modules exists, so it
// must run on whatever Node the machine has (the preinstalled one may be older than the project's).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stampPath = join(root, "node_modules", ".layercake-deps-stamp");

function manifestFingerprint() {
  const hash = createHash("sha256");
  const manifests = ["package.json", "package-lock.json"];
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const workspace of rootManifest.workspaces ?? []) manifests.push(join(workspace, "package.json"));
  for (const file of manifests) {
    const path = join(root, file);
    hash
      .update(file)
      .update("\0")
      .update(existsSync(path) ? readFileSync(path) : "")
      .update("\0");
  }
  return hash.digest("hex");
}

const wanted = manifestFingerprint();
const current = existsSync(stampPath) ? readFileSync(stampPath, "utf8").trim() : "";
const node24 = join(root, "node_modules", ".bin", "node");
if (current === wanted && existsSync(node24)) process.exit(0);

// `npm install` rather than `npm ci`: it installs the versions package-lock.json pins, and npm 11
// leaves other platforms' optional packages (biome, turbo binaries) out of the lock file, which
// makes `npm ci` refuse the lock as out of sync.
const args = ["install"];
console.log(`layercake: dependencies ${current ? "changed" : "missing"}; running npm ${args.join(" ")}`);
// --loglevel=error: the machine's older Node installing for the project's Node 24 makes npm warn
// EBADENGINE once per package (dozens of lines) although nothing is wrong; errors still show.
execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
  cwd: root,
  stdio: "inherit",
});
if (!existsSync(join(root, "node_modules"))) throw new Error("npm install finished without node_modules");
writeFileSync(stampPath, `${manifestFingerprint()}\n`);
for (const entry of readdirSync(join(root, "node_modules", ".bin"))) {
  if (entry === "node") {
    const version = execFileSync(node24, ["--version"], { encoding: "utf8" }).trim();
    console.log(`layercake: project Node is ${version} (node_modules/.bin/node)`);
  }
}
