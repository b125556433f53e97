import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../test/bundle.ts";
import { runDockerMain } from "./docker-main.ts";

const scratch = mkdtempSync(join(tmpdir(), "layercake-bundle-"));
const bundle = join(scratch, "cli");

/** Runs the bundle's `main` in a fresh process; reports which of its files and sources it loaded. */
function runBundle(args: string[], home: string): { stdout: string; files: string[]; sources: string[] } {
  const script = `
    import module, { createRequire } from "node:module";
    import { basename } from "node:path";
    const loaded = [];
    module.registerHooks({
      load(url, context, nextLoad) {
        if (url.startsWith("file:")) loaded.push(basename(url));
        return nextLoad(url, context);
      },
    });
    const { main } = await import(${JSON.stringify(join(bundle, "main.js"))});
    await main(${JSON.stringify(args)});
    const required = Object.keys(createRequire(import.meta.url).cache).map((path) => basename(path));
    process.stderr.write(JSON.stringify([...loaded, ...required]));
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    // In this process: the resident daemon would answer without loading the engine at all.
    env: { ...process.env, LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_RESIDENT: "0" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`the bundle failed: ${result.stderr}`);
  const { contents } = JSON.parse(readFileSync(join(bundle, "sources.json"), "utf8")) as {
    contents: Record<string, string[]>;
  };
  const files = (JSON.parse(result.stderr) as string[]).filter((file) => file in contents);
  return { stdout: result.stdout, files, sources: files.flatMap((file) => contents[file] ?? []) };
}

beforeAll(() => buildBundle(bundle));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the bundled CLI", () => {
  it("answers as the sources do, loading no content pipeline, quiz core or Go template engine", () => {
    const home = mkdtempSync(join(scratch, "home-"));
    runDockerMain(["tag", "tiny:1", "mine:1"], home, { LAYERCAKE_HOME: home });
    const fromSources = runDockerMain(["images"], home, { LAYERCAKE_HOME: home }).stdout;
    const { stdout, files, sources } = runBundle(["docker", "images"], home);
    expect(stdout).toBe(fromSources);
    expect(files).toContain("main.js");
    expect(sources).toContain("src/engine/docker/commands/images.ts");
    // marshal-json.ts is the one-line symbol module kept apart from the engine so that commands load it eagerly
    expect(
      sources.filter((source) => /^src\/(content|quiz)\/|go-template\/(?!marshal-json\.ts$)/.test(source)),
    ).toEqual([]);
    expect(files).not.toContain("go-template.cjs");
    // Nor the simulated shell or the builder: only run, exec and build load them.
    expect(sources.filter((source) => /^src\/engine\/(shell\/|builder\/build\.ts$)/.test(source))).toEqual(
      [],
    );
    expect(files).not.toContain("deferred-shell.js");
    expect(files).not.toContain("deferred-builder.js");
  });

  it("loads the shell for docker run and the builder for docker build, over the same image store", () => {
    const home = mkdtempSync(join(scratch, "home-"));
    expect(runDockerMain(["pull", "-q", "tiny:1"], home, { LAYERCAKE_HOME: home }).exitCode).toBe(0);
    const script = ["run", "--rm", "tiny:1", "sh", "-c", "echo hi > /x; cat /x; ls /"];
    const fromSources = runDockerMain(script, home, { LAYERCAKE_HOME: home });
    expect(fromSources.stdout).toMatch(/^hi\n/);
    const ran = runBundle(["docker", ...script], home);
    expect(ran.stdout).toBe(fromSources.stdout);
    expect(ran.files).toContain("deferred-shell.js");
    expect(ran.files).not.toContain("deferred-builder.js");

    const project = mkdtempSync(join(scratch, "project-"));
    writeFileSync(join(project, "Dockerfile"), "FROM tiny:1\nRUN echo built > /built\n");
    const built = runBundle(["docker", "build", "-q", "-t", "deferred:1", project], home);
    expect(built.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(built.files).toEqual(expect.arrayContaining(["deferred-builder.js", "deferred-shell.js"]));
    // The image the bundle built is in the state the sources read, with the RUN step's file.
    const check = runDockerMain(["run", "--rm", "deferred:1", "cat", "/built"], home, {
      LAYERCAKE_HOME: home,
    });
    expect(check).toMatchObject({ exitCode: 0, stdout: "built\n" });
  });

  it("writes an output larger than a pipe holds whole", () => {
    const home = mkdtempSync(join(scratch, "home-"));
    expect(runDockerMain(["pull", "-q", "tiny:1"], home, { LAYERCAKE_HOME: home }).exitCode).toBe(0);
    const args = ["image", "inspect", ...Array.from({ length: 240 }, () => "tiny:1")];
    const fromSources = runDockerMain(args, home, { LAYERCAKE_HOME: home }).stdout;
    expect(fromSources.length).toBeGreaterThan(4 * 65_536);
    expect(runBundle(["docker", ...args], home).stdout).toBe(fromSources);
  });

  it("loads the Go template engine for docker inspect --format, and answers as the sources do", () => {
    const home = mkdtempSync(join(scratch, "home-"));
    const args = ["inspect", "--format", "{{json .RootFS.Layers}} {{.Config.Cmd}}", "tiny:1"];
    // A fresh daemon lists no images: pull tiny:1 first, as on a fresh install.
    expect(runDockerMain(["pull", "-q", "tiny:1"], home, { LAYERCAKE_HOME: home }).exitCode).toBe(0);
    const fromSources = runDockerMain(args, home, { LAYERCAKE_HOME: home }).stdout;
    expect(fromSources).toMatch(/^\["sha256:[0-9a-f]{64}"\] \[\]\n$/);
    const { stdout, files } = runBundle(["docker", ...args], home);
    expect(stdout).toBe(fromSources);
    expect(files).toContain("go-template.cjs");
  });
});
