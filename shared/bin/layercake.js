#!/usr/bin/env node
// Launcher for `layercake`: runs src/cli/main.ts on Node >= 24 (which strips TypeScript types).
// Started by an older Node (the machine's Node 20), it re-executes the project's own Node 24.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(realpathSync(fileURLToPath(import.meta.url)));
const entry = join(here, "..", "src", "cli", "main.ts");
const major = Number(process.versions.node.split(".")[0]);

function findNode24() {
  if (major >= 24) return process.execPath;
  let dir = here;
  for (;;) {
    const candidate = join(dir, "node_modules", ".bin", "node");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const node = findNode24();
if (node === undefined) {
  process.stderr.write("layercake: needs Node 24 (run `npm install` at the repository root)\n");
  process.exit(1);
}
const result = spawnSync(node, ["--disable-warning=ExperimentalWarning", entry, ...process.argv.slice(2)], {
  stdio: "inherit",
});
if (result.error) {
  process.stderr.write(`layercake: cannot start ${node}: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
