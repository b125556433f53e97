#!/usr/bin/env node
// Bundles the `layercake` CLI (src/cli/main.ts) into dist/cli/: minified ES modules, main.js and
// one self-contained file per tool (docker, content, quiz), so a command loads and compiles only
// what it runs instead of type-stripping the TypeScript sources at every start. Run by `npm install`
// (the root `prepare` script) and by `npm run bundle -w @layercake/shared`; bin/layercake.js uses
// the bundle while it is newer than every source file it was built from, and the sources otherwise.
//
// Plain .mjs because `prepare` may run on the machine's older Node. dist/cli sits as deep under the
// repository as src/cli, so paths the sources resolve from import.meta.dirname still hold.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--outdir DIR` builds elsewhere (the bundle's own test); the launcher only looks in dist/cli.
const outdirFlag = process.argv.indexOf("--outdir");
const outDir =
  outdirFlag === -1 ? join(packageDir, "dist", "cli") : resolve(process.argv[outdirFlag + 1] ?? ".");
const stagingDir = `${outDir}.${process.pid}.tmp`;

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.log("layercake: esbuild is not installed; the CLI will run from its TypeScript sources");
  process.exit(0);
}

/**
 * Modules loaded on first use instead of at start-up, with the names the sources import from them.
 * A stand-in takes each one's place in the bundle: functions that `require` the real module when
 * first called, and for a class an object that answers `instanceof` the same way.
 * - fflate (from node_modules) computes its Huffman tables when imported, about 15 ms of CPU, and
 *   only `docker load` of a gzip-compressed archive needs it;
 * - the Go template engine is built apart (dist/cli/go-template.cjs): only `docker inspect
 *   --format` runs it, so `docker images` neither reads nor compiles it.
 */
async function exportedFunctions(specifier) {
  const module = await import(specifier);
  return Object.keys(module).filter((name) => /^[a-z]/.test(name) && typeof module[name] === "function");
}

/**
 * A source module's functions and classes, read from the module itself (Node 24 strips its types),
 * so that a source importing a new export never breaks the bundle. A stand-in can only defer
 * functions and classes: any other value is refused here, naming where to move it.
 */
async function lazySourceExports(source) {
  const module = await import(pathToFileURL(join(packageDir, source)).href);
  const functions = [];
  const classes = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== "function") {
      throw new Error(
        `bundle-cli: ${source} is loaded lazily but exports the value ${name}; a stand-in cannot defer a value, so export it from a module that is not lazy`,
      );
    }
    (/^[A-Z]/.test(name) ? classes : functions).push(name);
  }
  return { functions, classes };
}

const GO_TEMPLATE = "src/engine/docker/go-template/index.ts";
const LAZY_MODULES = [
  // Every function fflate exports (its lower-case names; the capitalised ones are classes no source
  // uses), so a source that imports another of them never breaks the bundle.
  { specifier: "fflate", functions: await exportedFunctions("fflate") },
  { source: GO_TEMPLATE, file: "go-template.cjs", ...(await lazySourceExports(GO_TEMPLATE)) },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A stand-in module: each function `require`s `path` when first called and calls the real one;
 * each class is an object that answers `instanceof` as the real class does.
 */
function standIn(path, functions, classes) {
  return {
    loader: "js",
    contents: [
      "let loaded;",
      `const load = () => (loaded ??= require(${JSON.stringify(path)}));`,
      ...functions.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
      ...classes.map(
        (name) =>
          `export const ${name} = { [Symbol.hasInstance]: (value) => value instanceof load().${name} };`,
      ),
    ].join("\n"),
  };
}

/** What the stand-in requires: the package itself, or the module's CommonJS file beside the chunks. */
const requiredPath = (lazy) => lazy.specifier ?? `./${lazy.file}`;

const lazyModules = {
  name: "lazy-modules",
  setup(build) {
    for (const [index, lazy] of LAZY_MODULES.entries()) {
      const tail = lazy.specifier ?? lazy.source.split("/").slice(-2).join("/");
      build.onResolve(
        { filter: new RegExp(`${lazy.specifier ? "^" : "/"}${escapeRegExp(tail)}$`) },
        (args) => {
          if (args.namespace === "lazy-module") return undefined;
          if (
            lazy.source !== undefined &&
            join(args.resolveDir, args.path) !== join(packageDir, lazy.source)
          ) {
            return undefined;
          }
          return { path: String(index), namespace: "lazy-module" };
        },
      );
    }
    // The stand-in's own require is left to Node at run time.
    build.onResolve({ filter: /.*/, namespace: "lazy-module" }, (args) => ({
      path: args.path,
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: "lazy-module" }, (args) => {
      const lazy = LAZY_MODULES[Number(args.path)];
      return standIn(requiredPath(lazy), lazy.functions, lazy.classes ?? []);
    });
  },
};

/**
 * Parts of the engine that only some docker commands run, loaded when first called: the simulated
 * shell (RUN steps, `docker run`/`exec`: about 180 kB of the docker tool's 480 kB) and the builder
 * (`docker build`: about 100 kB with the Dockerfile parser), so `docker images`, `ps` or `version`
 * neither reads nor compiles them. Each is an entry of the tools' build with code splitting: what it
 * shares with the docker tool sits in a shared chunk that both import, so the deferred module runs
 * over the same module instances (one image store, one hash implementation), never a copy. A
 * stand-in takes its place for every importer outside its own folder: functions that `require` it
 * (Node 24 loads an ES module synchronously that way) when first called, and for a class an object
 * that answers `instanceof` the same way. A value imported through a stand-in fails the build by
 * name ("No matching export"): a value cannot be deferred, so import it from a module that is not.
 */
const DEFERRED_MODULES = [
  { source: "src/engine/shell/index.ts", entry: "deferred-shell" },
  { source: "src/engine/builder/build.ts", entry: "deferred-builder" },
];
for (const deferred of DEFERRED_MODULES) {
  const module = await import(pathToFileURL(join(packageDir, deferred.source)).href);
  deferred.functions = [];
  deferred.classes = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function") (/^[A-Z]/.test(name) ? deferred.classes : deferred.functions).push(name);
  }
}

const deferredModules = {
  name: "deferred-modules",
  setup(build) {
    for (const [index, deferred] of DEFERRED_MODULES.entries()) {
      const absolute = join(packageDir, deferred.source);
      const folder = dirname(absolute);
      build.onResolve(
        { filter: new RegExp(`/${escapeRegExp(deferred.source.split("/").at(-1))}$`) },
        (args) => {
          if (args.kind === "entry-point" || args.namespace === "deferred-module") return undefined;
          if (join(args.resolveDir, args.path) !== absolute) return undefined;
          // The module's own folder imports the real module (it is loaded by then).
          if (args.importer.startsWith(`${folder}/`)) return undefined;
          return { path: String(index), namespace: "deferred-module" };
        },
      );
    }
    // The stand-in's own require is left to Node at run time.
    build.onResolve({ filter: /.*/, namespace: "deferred-module" }, (args) => ({
      path: args.path,
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: "deferred-module" }, (args) => {
      const deferred = DEFERRED_MODULES[Number(args.path)];
      return standIn(`./${deferred.entry}.js`, deferred.functions, deferred.classes);
    });
  },
};

/**
 * Each tool's module is its own self-contained file, imported by main.js only when that tool runs:
 * `layercake docker images` resolves, reads and compiles two files (main.js, docker-main.js)
 * rather than a graph of shared chunks. Each tool installs the Node platform itself.
 */
const TOOLS = {
  "docker-main": "src/cli/docker-main.ts",
  "content-check": "src/cli/content-check.ts",
  "quiz-main": "src/cli/quiz-main.ts",
};
const toolsApart = {
  name: "tools-apart",
  setup(build) {
    const names = Object.keys(TOOLS).join("|");
    build.onResolve({ filter: new RegExp(`^\\./(${names})\\.ts$`) }, (args) =>
      args.importer === join(packageDir, "src", "cli", "main.ts")
        ? { path: args.path.replace(/\.ts$/, ".js"), external: true }
        : undefined,
    );
  },
};

/**
 * Node's built-in modules taken with `process.getBuiltinModule` rather than `import`: an ES import
 * of `node:fs` builds a facade that reads every export, and reading `fs.ReadStream` loads Node's
 * stream modules (about 5 ms at every start for a command that reads two files). The stand-in
 * exports the module's data properties only, so an import of a lazy getter (`promises`,
 * `ReadStream`) fails the build by name instead of loading it at start.
 */
const builtinsWithoutFacade = {
  name: "builtins-without-facade",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === "builtin-module" ? undefined : { path: args.path, namespace: "builtin-module" },
    );
    build.onLoad({ filter: /.*/, namespace: "builtin-module" }, async (args) => {
      const module = process.getBuiltinModule(args.path);
      const names = Object.entries(Object.getOwnPropertyDescriptors(module))
        .filter(
          ([name, descriptor]) =>
            "value" in descriptor && /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default",
        )
        .map(([name]) => name);
      return {
        loader: "js",
        contents: [
          `const m = process.getBuiltinModule(${JSON.stringify(args.path)});`,
          "export default m;",
          ...names.map((name) => `export const ${name} = m.${name};`),
        ].join("\n"),
      };
    });
  },
};

// `npm install` runs this as the root `prepare` script: a bundle that fails to build must not fail
// the install (the launcher then runs the TypeScript sources, only slower), so by default a build
// error is reported and the stale bundle removed. `--strict` (the bundle's own test) fails instead.
const strict = process.argv.includes("--strict");
try {
  const startedMs = Date.now();
  rmSync(stagingDir, { recursive: true, force: true });
  const common = {
    absWorkingDir: packageDir,
    outdir: stagingDir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node24",
    minify: true,
    metafile: true,
    logLevel: "warning",
    // CommonJS dependencies (gray-matter, js-yaml) call require() for Node's modules; ES module
    // output has no require, so every file gets one.
    banner: {
      js: 'import{createRequire as __lcRequire}from"node:module";const require=__lcRequire(import.meta.url);',
    },
  };
  const entry = await esbuild.build({
    ...common,
    define: { LAYERCAKE_BUILD_ID: JSON.stringify(String(startedMs)) },
    entryPoints: { main: "src/cli/main.ts" },
    plugins: [toolsApart, builtinsWithoutFacade],
  });
  const { "docker-main": dockerMain, ...otherTools } = TOOLS;
  // The docker tool with its deferred modules (code splitting: the chunks they share); the other
  // tools each in one self-contained file, as they run in processes of their own.
  const docker = await esbuild.build({
    ...common,
    // The build the resident daemon and its clients compare (src/cli/docker-resident.ts).
    define: { LAYERCAKE_BUILD_ID: JSON.stringify(String(startedMs)) },
    entryPoints: {
      "docker-main": dockerMain,
      "docker-server": "src/cli/docker-server.ts",
      ...Object.fromEntries(DEFERRED_MODULES.map((deferred) => [deferred.entry, deferred.source])),
    },
    splitting: true,
    chunkNames: "docker-[hash]",
    plugins: [lazyModules, deferredModules, builtinsWithoutFacade],
  });
  const tools = await esbuild.build({
    ...common,
    entryPoints: otherTools,
    plugins: [lazyModules, builtinsWithoutFacade],
  });
  const result = {
    metafile: {
      inputs: { ...entry.metafile.inputs, ...docker.metafile.inputs, ...tools.metafile.inputs },
      outputs: { ...entry.metafile.outputs, ...docker.metafile.outputs, ...tools.metafile.outputs },
    },
  };

  // The modules built apart, each checked to export what its stand-in names.
  const lazyInputs = [];
  /** Which sources each output file holds (the bundle's test checks what a command loads). */
  const contents = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([file, output]) => [
      relative(stagingDir, join(packageDir, file)),
      Object.keys(output.inputs).filter((input) => input.startsWith("src/")),
    ]),
  );
  for (const lazy of LAZY_MODULES.filter((candidate) => candidate.source !== undefined)) {
    const outfile = join(stagingDir, lazy.file);
    const built = await esbuild.build({
      absWorkingDir: packageDir,
      entryPoints: [lazy.source],
      outfile,
      bundle: true,
      format: "cjs",
      platform: "node",
      target: "node24",
      minify: true,
      metafile: true,
      logLevel: "warning",
    });
    lazyInputs.push(...Object.keys(built.metafile.inputs));
    contents[lazy.file] = Object.keys(built.metafile.inputs).filter((input) => input.startsWith("src/"));
    const exported = createRequire(import.meta.url)(outfile);
    for (const name of [...lazy.functions, ...(lazy.classes ?? [])]) {
      if (typeof exported[name] !== "function") throw new Error(`${lazy.source} exports no ${name}`);
    }
  }

  // The package's sources the bundle was built from, relative to the package (not node_modules:
  // those change only through npm install, which rebuilds the bundle), for the launcher's freshness
  // check.
  const sources = [...new Set([...Object.keys(result.metafile.inputs), ...lazyInputs])].filter((input) =>
    input.startsWith("src/"),
  );
  writeFileSync(join(stagingDir, "sources.json"), JSON.stringify({ builtMs: startedMs, sources, contents }));

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
} catch (error) {
  rmSync(stagingDir, { recursive: true, force: true });
  if (strict) throw error;
  rmSync(outDir, { recursive: true, force: true });
  console.warn(
    `layercake: could not bundle the CLI, so it runs from its TypeScript sources (slower start-up):\n${error instanceof Error ? error.message : String(error)}`,
  );
}
