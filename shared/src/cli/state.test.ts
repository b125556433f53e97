import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ContainerRecord, createDaemon, exportDaemonState } from "../engine/docker/daemon.ts";
import { runDockerMain } from "./docker-main.ts";
import { STATE_FORMAT } from "./state.ts";
import { encodeDaemonState } from "./state-codec.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const LAUNCHER = join(import.meta.dirname, "..", "..", "bin", "layercake.js");
const homes: string[] = [];

function freshHome(): { home: string; context: string } {
  const home = mkdtempSync(join(tmpdir(), "layercake-state-"));
  homes.push(home);
  // These tests are about keeping state, written against Docker 20.10 on overlay2 (the journal
  // fixtures were recorded so): the profile suites are elsewhere.
  writeFileSync(join(home, "daemon.json"), '{"features":{"containerd-snapshotter":false}}\n');
  const context = join(home, "ctx");
  mkdirSync(join(context, "src"), { recursive: true });
  writeFileSync(
    join(context, "Dockerfile"),
    "FROM alpine:3.21\nCOPY src /app/src\nRUN head -c 300000 /dev/zero > /app/zeros && apk add --no-cache curl\n",
  );
  writeFileSync(join(context, "src", "small.txt"), "small\n");
  writeFileSync(join(context, "src", "large.txt"), "0123456789abcdef".repeat(2048));
  return { home, context };
}

/** Runs `docker args` as one `layercake` invocation would (load, run, save). */
function docker(home: string, cwd: string, args: string[], extra: Record<string, string> = {}) {
  return runDockerMain(args, cwd, { LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "20.10", ...extra });
}

/** The REPOSITORY column of `docker images`. */
const repositories = (listing: string) =>
  listing
    .split("\n")
    .slice(1)
    .filter((line) => line !== "")
    .map((line) => line.split(/\s+/)[0]);
const treeFiles = (home: string) => readdirSync(join(home, "state", "overlay2", "trees")).sort();
const blobFiles = (home: string) => readdirSync(join(home, "state", "overlay2", "blobs")).sort();

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe("the daemon's state as a snapshot", () => {
  it("migrates a journal written before snapshots once, and answers as the journal's daemon did", () => {
    const { home } = freshHome();
    cpSync(join(FIXTURES, "journal-v1"), home, { recursive: true });
    // The context the journal's commands were run in (a rebuild reads it again).
    const context = join(home, "journal-context");
    cpSync(join(FIXTURES, "journal-v1-context"), context, { recursive: true });
    const expected = JSON.parse(readFileSync(join(FIXTURES, "journal-v1.expected.json"), "utf8")) as {
      args: string[];
      env?: Record<string, string>;
      exitCode: number;
      stdout: string;
      stderr: string;
    }[];
    for (const [index, step] of expected.entries()) {
      const { exitCode, stdout, stderr } = docker(home, context, step.args, step.env);
      expect({ index, exitCode, stdout, stderr }).toEqual({
        index,
        exitCode: step.exitCode,
        stdout: step.stdout,
        stderr: step.stderr,
      });
      if (index === 0) {
        expect(existsSync(join(home, "journal.json"))).toBe(false);
        expect(existsSync(join(home, "journal.json.migrated"))).toBe(true);
        const saved = JSON.parse(readFileSync(join(home, "state", "overlay2", "state.json"), "utf8")) as {
          format: number;
        };
        expect(saved.format).toBe(STATE_FORMAT);
      }
    }
  });

  it("says how to start over when an old journal cannot be migrated", () => {
    const { home, context } = freshHome();
    writeFileSync(join(home, "journal.json"), '{"version": 1, "entries": [');
    const result = docker(home, context, ["images"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^layercake: .*journal\.json: cannot migrate this older state \(.*\); start over with `layercake docker system reset`\n$/,
    );
    expect(docker(home, context, ["system", "reset"]).exitCode).toBe(0);
    // A fresh daemon lists no images, as a fresh install does.
    expect(docker(home, context, ["images"]).stdout).toBe(
      "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n",
    );
  });

  it("lists images and containers without reading a single layer or writable layer", () => {
    const { home, context } = freshHome();
    expect(docker(home, context, ["build", "-t", "app:1", "."]).exitCode).toBe(0);
    expect(docker(home, context, ["run", "--name", "c1", "app:1", "sh", "-c", "echo x > /y"]).exitCode).toBe(
      0,
    );
    const images = docker(home, context, ["images"]).stdout;
    const containers = docker(home, context, ["ps", "-a"]).stdout;
    renameSync(join(home, "state", "overlay2", "trees"), join(home, "trees-elsewhere"));
    mkdirSync(join(home, "state", "overlay2", "trees"));
    expect(docker(home, context, ["images"]).stdout).toBe(images);
    expect(docker(home, context, ["ps", "-a"]).stdout).toBe(containers);
    const diff = docker(home, context, ["diff", "c1"]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stderr).toMatch(
      /^layercake: .*state\/overlay2\/trees\/[0-9a-f]{64}\.json: cannot read this file tree/,
    );
    rmSync(join(home, "state", "overlay2", "trees"), { recursive: true });
    renameSync(join(home, "trees-elsewhere"), join(home, "state", "overlay2", "trees"));
    expect(docker(home, context, ["diff", "c1"]).stdout).toBe("A /y\n");
  });

  it("lists images on the containerd store without compressing a layer or reading a tree again", () => {
    const { home, context } = freshHome();
    const modern = { LAYERCAKE_DOCKER_VERSION: "26.1" };
    writeFileSync(join(home, "daemon.json"), '{"features":{"containerd-snapshotter":true}}\n');
    expect(docker(home, context, ["build", "-t", "app:1", "."], modern).exitCode).toBe(0);
    // The first listing computes the sizes (compressing the layers) and saves them.
    const images = docker(home, context, ["images"], modern).stdout;
    expect(images).toMatch(/^app +1 /m);
    const saved = JSON.parse(readFileSync(join(home, "state", "containerd", "state.json"), "utf8")) as {
      layers: unknown[][];
      images: { snapshotChainUsage?: number }[];
    };
    // Each layer carries its gzip blob's size, each image its snapshot chain's disk usage.
    expect(saved.layers.every((row) => typeof row[3] === "number")).toBe(true);
    expect(saved.images.every((row) => typeof row.snapshotChainUsage === "number")).toBe(true);
    renameSync(join(home, "state", "containerd", "trees"), join(home, "trees-elsewhere"));
    mkdirSync(join(home, "state", "containerd", "trees"));
    expect(docker(home, context, ["images"], modern).stdout).toBe(images);
  });

  it("keeps both build caches, generated and large file contents across invocations", () => {
    const { home, context } = freshHome();
    const built = docker(home, context, ["build", "-q", "-t", "app:1", "."]);
    const rebuilt = docker(home, context, ["build", "-t", "app:1", "."]);
    expect(rebuilt.stderr.match(/CACHED/g)).toHaveLength(2);
    expect(docker(home, context, ["images", "-q", "--no-trunc", "app:1"]).stdout).toBe(built.stdout);
    const classic = { DOCKER_BUILDKIT: "0" };
    docker(home, context, ["build", "-t", "old:1", "."], classic);
    const classicAgain = docker(home, context, ["build", "-t", "old:1", "."], classic);
    expect(classicAgain.stdout.match(/---> Using cache/g)).toHaveLength(2);
    const sizes = docker(home, context, [
      "run",
      "--rm",
      "app:1",
      "wc",
      "-c",
      "/app/zeros",
      "/app/src/large.txt",
    ]);
    expect(sizes.stdout).toMatch(/^ *300000 \/app\/zeros\n *32768 \/app\/src\/large.txt\n/);
    expect(blobFiles(home).length).toBeGreaterThan(0);
  });

  it("gives new files inode numbers that no restored file has, in the next process", () => {
    const { home, context } = freshHome();
    // Each invocation its own process: inode numbers restart there, restored trees keep theirs.
    const launch = (...args: string[]) =>
      execFileSync(process.execPath, [LAUNCHER, "docker", ...args], {
        cwd: context,
        env: { ...process.env, LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "20.10" },
        encoding: "utf8",
      });
    launch("run", "-d", "--name", "c", "alpine:3.21", "sleep", "100");
    launch("exec", "c", "sh", "-c", "echo a > /x");
    launch("exec", "c", "sh", "-c", "echo b > /y");
    const inodes = launch("exec", "c", "ls", "-i", "/x", "/y").match(/\d+/g);
    expect(new Set(inodes).size).toBe(2);
    expect(launch("ps", "-s")).toMatch(/ 4B \(virtual /);
  });

  it("keeps a base image's BuildKit source key when the next process resolves images in another order", () => {
    const { home, context } = freshHome();
    writeFileSync(join(context, "Dockerfile.a"), "FROM alpine:3.21\nRUN echo a > /a\n");
    writeFileSync(
      join(context, "Dockerfile.b"),
      "FROM tiny:1 AS t\nRUN echo t > /t\nFROM alpine:3.21\nRUN echo a > /a\nCOPY --from=t /t /t\n",
    );
    const build = (file: string) =>
      spawnSync(process.execPath, [LAUNCHER, "docker", "build", "-f", file, "."], {
        cwd: context,
        env: { ...process.env, LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "20.10" },
        encoding: "utf8",
      }).stderr;
    build("Dockerfile.a");
    expect(build("Dockerfile.b")).toMatch(/\[stage-1 2\/3\] RUN echo a > \/a\n#\d+ CACHED\n/);
  });

  it("removes the trees and blobs the state no longer names", () => {
    const { home, context } = freshHome();
    docker(home, context, ["tag", "tiny:1", "t:1"]);
    const fresh = { trees: treeFiles(home), blobs: blobFiles(home) };
    // The classic builder: BuildKit would keep the last transferred context (and its files).
    docker(home, context, ["build", "-t", "app:1", "."], { DOCKER_BUILDKIT: "0" });
    docker(home, context, ["run", "--name", "c1", "app:1", "sh", "-c", "echo x > /y"]);
    expect(treeFiles(home).length).toBeGreaterThan(fresh.trees.length);
    expect(blobFiles(home).length).toBeGreaterThan(0);
    docker(home, context, ["rm", "c1"]);
    docker(home, context, ["rmi", "app:1"]);
    docker(home, context, ["rmi", "alpine:3.21"]);
    expect({ trees: treeFiles(home), blobs: blobFiles(home) }).toEqual(fresh);
  });

  it("keeps every committed state readable when layercake processes are killed at any moment", async () => {
    const { home, context } = freshHome();
    for (let index = 0; index < 120; index += 1) {
      writeFileSync(join(context, "src", `file-${index}.txt`), `${index}\n`.repeat(50));
    }
    docker(home, context, ["pull", "tiny:1"]);
    docker(home, context, ["tag", "tiny:1", "kept:1"]);
    const env = { ...process.env, LAYERCAKE_HOME: home, LAYERCAKE_DOCKER_VERSION: "20.10" };
    const build = (tag: string) => {
      const child = spawn(process.execPath, [LAUNCHER, "docker", "build", "-t", tag, "."], {
        cwd: context,
        env,
        stdio: "ignore",
      });
      return { child, exited: new Promise((resolve) => child.once("exit", resolve)) };
    };
    // How long a whole build takes here, so that the kill points spread over its life (start-up,
    // build, save). Whatever the point, the state must load and hold what was committed before.
    const started = performance.now();
    await build("whole:1").exited;
    const wholeMs = performance.now() - started;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      writeFileSync(join(context, "src", "edited.txt"), `${attempt}\n`);
      const { child, exited } = build(`app:${attempt}`);
      await new Promise((resolve) => setTimeout(resolve, (wholeMs * (attempt + 3)) / 10));
      child.kill("SIGKILL");
      await exited;
      const images = docker(home, context, ["images"]);
      expect(images.stderr).toBe("");
      expect(images.stdout).toMatch(/^kept +1 /m);
      expect(images.stdout).toMatch(/^whole +1 /m);
    }
    expect(docker(home, context, ["build", "-q", "-t", "app:last", "."]).exitCode).toBe(0);
  });

  it("ignores what a save interrupted by a crash left behind, and cleans it up", () => {
    const { home, context } = freshHome();
    docker(home, context, ["pull", "tiny:1"]);
    docker(home, context, ["tag", "tiny:1", "kept:1"]);
    const listing = docker(home, context, ["images"]).stdout;
    // A crash mid-save leaves temporary files, never a half-written state.json or tree.
    writeFileSync(join(home, "state", "overlay2", "state.json.4242.tmp"), '{"format": 2, "lay');
    writeFileSync(join(home, "state", "overlay2", "trees", `${"a".repeat(64)}.json.4242.tmp`), '["d", [4');
    writeFileSync(
      join(home, "state", "overlay2", "trees", `${"b".repeat(64)}.json`),
      '["d", [493, 0, 0, 0], 0, []]',
    );
    expect(docker(home, context, ["images"]).stdout).toBe(listing);
    docker(home, context, ["tag", "tiny:1", "next:1"]);
    expect(treeFiles(home).filter((name) => name.includes(".tmp") || name.startsWith("bbbb"))).toEqual([]);
    expect(docker(home, context, ["images"]).stdout).toMatch(/^kept +1 /m);
  });

  it("refuses to save a value it could not restore as it was, naming where it is", () => {
    const { home } = freshHome();
    const daemon = createDaemon();
    const state = exportDaemonState(daemon);
    const odd = { ...state, containers: [{ startedAt: new Date(0) } as unknown as ContainerRecord] };
    expect(() => encodeDaemonState(odd, join(home, "state"))).toThrow(
      "cannot save a Date in startedAt of the daemon's state",
    );
  });

  it("keeps each image store's images and containers apart, as Docker does when daemon.json switches the store", () => {
    const { home, context } = freshHome();
    const modern = { LAYERCAKE_DOCKER_VERSION: "26.1" };
    const useStore = (containerd: boolean) =>
      writeFileSync(join(home, "daemon.json"), `{"features":{"containerd-snapshotter":${containerd}}}\n`);
    useStore(true);
    docker(home, context, ["pull", "tiny:1"], modern);
    docker(home, context, ["tag", "tiny:1", "on-containerd:1"], modern);
    docker(home, context, ["create", "--name", "made-on-containerd", "tiny:1"], modern);
    useStore(false);
    expect(repositories(docker(home, context, ["images"], modern).stdout)).toEqual([]);
    expect(docker(home, context, ["ps", "-a", "-q"], modern).stdout).toBe("");
    docker(home, context, ["pull", "tiny:1"], modern);
    docker(home, context, ["tag", "tiny:1", "on-overlay2:1"], modern);
    useStore(true);
    expect(repositories(docker(home, context, ["images"], modern).stdout)).toEqual(["on-containerd", "tiny"]);
    expect(docker(home, context, ["ps", "-a"], modern).stdout).toContain("made-on-containerd");
    expect(readdirSync(join(home, "state")).sort()).toEqual(["containerd", "overlay2"]);
  });

  it("moves a state kept before the per-store directories into the store daemon.json names, once, and finishes an interrupted move", () => {
    const { home, context } = freshHome();
    docker(home, context, ["pull", "tiny:1"]);
    docker(home, context, ["tag", "tiny:1", "kept:1"]);
    // The layout of the previous release: the snapshot in state/ itself.
    renameSync(join(home, "state", "overlay2"), join(home, "old"));
    rmSync(join(home, "state"), { recursive: true });
    renameSync(join(home, "old"), join(home, "state"));
    expect(repositories(docker(home, context, ["images"]).stdout)).toEqual(["kept", "tiny"]);
    expect(readdirSync(join(home, "state"))).toEqual(["overlay2"]);
    // A crash between the two renames of the move leaves the state aside: the next command finishes it.
    renameSync(join(home, "state", "overlay2"), join(home, "state-overlay2.moving"));
    rmSync(join(home, "state"), { recursive: true });
    expect(repositories(docker(home, context, ["images"]).stdout)).toEqual(["kept", "tiny"]);
    expect(existsSync(join(home, "state-overlay2.moving"))).toBe(false);
  });

  it("refuses a state written by a newer layercake, and system reset starts over", () => {
    const { home, context } = freshHome();
    docker(home, context, ["pull", "tiny:1"]);
    docker(home, context, ["tag", "tiny:1", "mine:1"]);
    const path = join(home, "state", "overlay2", "state.json");
    writeFileSync(path, JSON.stringify({ format: STATE_FORMAT + 1 }));
    expect(docker(home, context, ["images"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: `layercake: ${path} was written by a newer layercake (state format ${STATE_FORMAT + 1}; this one reads format ${STATE_FORMAT}): update layercake, or start over with \`layercake docker system reset\`\n`,
    });
    expect(docker(home, context, ["system", "reset"])).toEqual({
      exitCode: 0,
      stdout: `Removed the simulated daemon's state in ${home}\n`,
      stderr: "",
    });
    expect(existsSync(join(home, "state"))).toBe(false);
    const images = docker(home, context, ["images"]);
    expect(images.stdout).toBe("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
  });
});
