#!/usr/bin/env node
// Bundles the `layercake` CLI (src/cli/main.ts) into dist/cli/: minified ES modules, one chunk per
// tool (docker, content, quiz) and its dependencies, so a command loads and compiles only what it
// runs instead of type-stripping the TypeScript sources at every start. Run by `npm install`
// (the root `prepare` script) and by `npm run bundle -w @layercake/shared`; bin/layercake.js uses
// the bundle while it is newer than every source file it was built from, and the sources otherwise.
//
// Plain .mjs because `prepare` may run on the machine's older Node. dist/cli sits as deep under the
// repository as src/cli, so paths the sources resolve from import.meta.dirname still hold.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(packageDir, "dist", "cli");
const stagingDir = `${outDir}.${process.pid}.tmp`;

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.log("layercake: esbuild is not installed; the CLI will run from its TypeScript sources");
  process.exit(0);
}

/**
 * Dependencies loaded from node_modules on first use instead of being bundled, with the names the
 * sources import from them: fflate computes its Huffman tables when it is imported (about 15 ms of
 * CPU), and only `docker load` of a gzip-compressed archive needs it.
 */
const LAZY_PACKAGES = { fflate: ["gunzipSync"] };

/** Stands in for each lazy package: functions that `require` the real package when first called. */
const lazyPackages = {
  name: "lazy-packages",
  setup(build) {
    const names = Object.keys(LAZY_PACKAGES).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    // The stand-in's own require is left to Node (the real package, from node_modules).
    build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) =>
      args.namespace === "lazy-package"
        ? { path: args.path, external: true }
        : { path: args.path, namespace: "lazy-package" },
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
      loader: "js",
      contents: [
        "let loaded;",
        `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`,
        ...LAZY_PACKAGES[args.path].map(
          (name) => `export function ${name}(...args) { return load().${name}(...args); }`,
        ),
      ].join("\n"),
    }));
  },
};

const startedMs = Date.now();
rmSync(stagingDir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: packageDir,
  entryPoints: { main: "src/cli/main.ts" },
  outdir: stagingDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node24",
  minify: true,
  metafile: true,
  logLevel: "warning",
  chunkNames: "chunk-[hash]",
  plugins: [lazyPackages],
  // CommonJS dependencies (gray-matter, js-yaml) call require() for Node's modules; ES module
  // output has no require, so every chunk gets one.
  banner: {
    js: 'import{createRequire as __lcRequire}from"node:module";const require=__lcRequire(import.meta.url);',
  },
});

// The package's sources the bundle was built from, relative to the package (not node_modules:
// those change only through npm install, which rebuilds the bundle), for the launcher's freshness
// check.
const sources = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("src/"));
writeFileSync(join(stagingDir, "sources.json"), JSON.stringify({ builtMs: startedMs, sources }));

// Swap the finished bundle in with renames, so a concurrent launcher sees the old bundle, none
// (and runs the sources) or the new one, never half of one.
mkdirSync(dirname(outDir), { recursive: true });
const oldDir = `${outDir}.${process.pid}.old`;
let hadOld = true;
try {
  renameSync(outDir, oldDir);
} catch {
  hadOld = false;
}
renameSync(stagingDir, outDir);
if (hadOld) rmSync(oldDir, { recursive: true, force: true });
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(
  `layercake: bundled the CLI into ${relative(process.cwd(), outDir) || "."} (${(bytes / 1024).toFixed(0)} kB, ${sources.length} sources)`,
);
