import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./main.ts";
import { acquireLock, STATE_FORMAT } from "./state.ts";

const LAUNCHER = join(import.meta.dirname, "..", "..", "bin", "layercake.js");
const run = promisify(execFile);
const homes: string[] = [];

function freshHome(): { home: string; context: string } {
  const home = mkdtempSync(join(tmpdir(), "layercake-home-"));
  homes.push(home);
  const context = join(home, "ctx");
  mkdirSync(context);
  writeFileSync(join(context, "Dockerfile"), "FROM tiny:1\nCOPY a.txt /a.txt\nRUN echo hi > /b\n");
  writeFileSync(join(context, "a.txt"), "a\n");
  writeFileSync(join(context, "secret.log"), "x\n");
  writeFileSync(join(context, ".dockerignore"), "*.log\n");
  return { home, context };
}

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe("layercake docker state", () => {
  it("keeps images, build cache and containers between invocations", async () => {
    const { home, context } = freshHome();
    const environment = { LAYERCAKE_HOME: home, DOCKER_BUILDKIT: "0" };
    expect((await runCli(["docker", "build", "-t", "app:1", "."], context, environment)).exitCode).toBe(0);
    const rebuild = await runCli(["docker", "build", "-t", "app:1", "."], context, environment);
    expect(rebuild.stdout.match(/---> Using cache/g)).toHaveLength(2);
    expect((await runCli(["docker", "create", "--name", "c1", "app:1"], context, environment)).exitCode).toBe(
      0,
    );
    const ps = (await runCli(["docker", "ps", "-a"], context, environment)).stdout;
    expect(ps).toContain("app:1");
    const saved = JSON.parse(readFileSync(join(home, "state", "containerd", "state.json"), "utf8")) as {
      format: number;
    };
    expect(saved.format).toBe(STATE_FORMAT);
    expect(existsSync(join(home, "journal.json"))).toBe(false);
  });

  it("replays the build context it recorded, even after the directory changed", async () => {
    const { home, context } = freshHome();
    // Docker 20.10 shows the layer's bytes (2B); the containerd store would show its disk usage.
    const environment = { LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "20.10" };
    await runCli(["docker", "build", "-t", "app:1", "."], context, environment);
    writeFileSync(join(context, "a.txt"), "changed\n");
    const history = await runCli(["docker", "history", "app:1"], context, environment);
    expect(history.stdout.split("\n")[2]).toMatch(
      /COPY a.txt \/a.txt # buildkit +2B +buildkit.dockerfile.v0$/,
    );
  });

  it("refuses to take a lock another live process holds, and takes a stale one", () => {
    const { home } = freshHome();
    const release = acquireLock(home);
    expect(() => acquireLock(home, 100)).toThrow(/is locked by another layercake/);
    release();
    mkdirSync(join(home, "lock"));
    writeFileSync(join(home, "lock", "owner"), "999999999");
    const again = acquireLock(home, 100);
    again();
  });

  it("serialises two invocations at once without losing either", async () => {
    const { home, context } = freshHome();
    const options = { cwd: context, env: { ...process.env, LAYERCAKE_HOME: home } };
    // A fresh daemon lists no images: create pulls tiny:1 from the catalog, as docker would.
    await Promise.all([
      run(process.execPath, [LAUNCHER, "docker", "create", "--name", "one", "tiny:1"], options),
      run(process.execPath, [LAUNCHER, "docker", "create", "--name", "two", "tiny:1"], options),
    ]);
    // tiny:1 was pulled once, and both containers were kept.
    const { stdout } = await run(process.execPath, [LAUNCHER, "docker", "images", "-q"], options);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const listing = await run(process.execPath, [LAUNCHER, "docker", "ps", "-a"], options);
    expect(listing.stdout).toMatch(/ one\n/);
    expect(listing.stdout).toMatch(/ two\n/);
  });

  it("runs from the launcher under the machine's Node 20 and prints docker's error", () => {
    const { home } = freshHome();
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync("/usr/bin/node", [LAUNCHER, "docker", "rmi", "nope:1"], {
        env: { ...process.env, LAYERCAKE_HOME: home, PATH: "/usr/bin:/bin" },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      const caught = error as { status: number; stderr: Buffer };
      failure = { status: caught.status, stderr: caught.stderr.toString() };
    }
    expect(failure).toEqual({ status: 1, stderr: "Error: No such image: nope:1\n" });
  });
});

describe("layercake docker profiles", () => {
  it("writes daemon.json with the containerd image store on at the first command, and answers as Docker 26.1", async () => {
    const { home, context } = freshHome();
    const environment = { LAYERCAKE_HOME: home };
    expect(await runCli(["docker", "images", "-q"], context, environment)).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: "",
    });
    const written = JSON.parse(readFileSync(join(home, "daemon.json"), "utf8")) as {
      features: Record<string, boolean>;
      "//": string[];
    };
    expect(written.features).toEqual({ "containerd-snapshotter": true });
    expect(written["//"].join(" ")).toMatch(/false: the overlay2 graph driver/);
    const info = (await runCli(["docker", "info"], context, environment)).stdout;
    expect(info).toContain(" Server Version: 26.1.5+dfsg1\n Storage Driver: overlayfs\n");
  });

  it("reads the store from daemon.json and the version from LAYERCAKE_DOCKER_VERSION", async () => {
    const { home, context } = freshHome();
    writeFileSync(join(home, "daemon.json"), '{"features":{"containerd-snapshotter":false}}\n');
    const modern = (await runCli(["docker", "info"], context, { LAYERCAKE_HOME: home })).stdout;
    expect(modern).toContain(" Server Version: 26.1.5+dfsg1\n Storage Driver: overlay2\n");
    const legacy = (
      await runCli(["docker", "version"], context, {
        LAYERCAKE_HOME: home,
        LAYERCAKE_DOCKER_VERSION: "20.10",
      })
    ).stdout;
    expect(legacy).toContain("  Version:          20.10.24+dfsg1\n");
  });

  it("names the setting that is wrong instead of guessing a profile", async () => {
    const { home, context } = freshHome();
    expect(
      await runCli(["docker", "images"], context, { LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "29" }),
    ).toEqual({
      exitCode: 1,
      stdout: "",
      stderr:
        'layercake: LAYERCAKE_DOCKER_VERSION="29" is not a simulated Docker version (use 20.10 or 26.1)\n',
    });
    writeFileSync(join(home, "daemon.json"), '{"features":{"containerd-snapshotter":"yes"}}');
    const bad = await runCli(["docker", "images"], context, { LAYERCAKE_HOME: home });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(
      `layercake: ${join(home, "daemon.json")}: "features": {"containerd-snapshotter": …} must be true or false, not "yes"\n`,
    );
  });
});
