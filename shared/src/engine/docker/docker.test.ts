import { describe, expect, it } from "vitest";
import { contextFromFiles } from "../context/index.ts";
import { readTar } from "../fs/tar.ts";
import { containerSizeOf, createDaemon } from "./daemon.ts";
import { type CommandEnv, runDockerCommand } from "./docker.ts";
import type { HostIo } from "./host-io.ts";
import { DOCKER_26_1, DOCKER_26_1_CONTAINERD } from "./profile.ts";

const files: Record<string, string> = {
  "/ctx/Dockerfile": "FROM tiny:1\nRUN echo hi > /a\n",
};

function memoryIo(): HostIo {
  return {
    resolve: (path) => (path.startsWith("/") ? path : `/ctx/${path}`.replace(/\/\.$/, "")),
    isDirectory: (path) => path === "/ctx",
    readText: (path) => files[path],
    readBytes: () => undefined,
    readContext: () => contextFromFiles({ Dockerfile: files["/ctx/Dockerfile"] ?? "" }),
    writeFile: () => {},
    env: () => undefined,
  };
}

const env = (nowMs: number, dockerBuildkit?: string): CommandEnv => ({
  io: memoryIo(),
  nowMs,
  ...(dockerBuildkit === undefined ? {} : { dockerBuildkit }),
});

describe("docker inspect --format", () => {
  it("formats image and container documents, and shows overlay2's directories (upper over init over image layers)", () => {
    const daemon = createDaemon();
    expect(runDockerCommand(daemon, ["build", "-t", "fmt:1", "."], env(1_000)).exitCode).toBe(0);
    const layers = runDockerCommand(
      daemon,
      ["image", "inspect", "-f", "{{len .RootFS.Layers}} {{json .Config.Cmd}}", "fmt:1"],
      env(2_000),
    );
    expect(layers).toEqual({ exitCode: 0, stdout: "2 null\n", stderr: "" });
    const imageData = runDockerCommand(
      daemon,
      ["inspect", "-f", "{{json .GraphDriver.Data}}", "fmt:1"],
      env(2_000),
    );
    const { LowerDir, UpperDir } = JSON.parse(imageData.stdout) as { LowerDir: string; UpperDir: string };
    expect(UpperDir).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff$/);
    expect(LowerDir.split(":")).toHaveLength(1);

    runDockerCommand(daemon, ["run", "--name", "c1", "-e", "A=1", "fmt:1", "sh", "-c", "exit 3"], env(3_000));
    const state = runDockerCommand(
      daemon,
      [
        "container",
        "inspect",
        "--format",
        "{{.State.Status}} {{.State.ExitCode}} {{.Config.Env}} {{.Name}}",
        "c1",
      ],
      env(4_000),
    );
    // Docker puts the -e values first, then the image's Env.
    expect(state.stdout).toBe(
      "exited 3 [A=1 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] /c1\n",
    );
    const dirs = runDockerCommand(
      daemon,
      ["inspect", "-f", "{{.GraphDriver.Data.LowerDir}} {{.GraphDriver.Data.UpperDir}}", "c1"],
      env(4_000),
    ).stdout.trim();
    const [lower = "", upper = ""] = dirs.split(" ");
    const [init, ...imageLayers] = lower.split(":");
    expect(init).toBe(upper.replace(/\/diff$/, "-init/diff"));
    expect(imageLayers).toEqual([UpperDir, LowerDir]);
  });

  it("answers --help with the command's usage and the options Layercake simulates", () => {
    const help = runDockerCommand(createDaemon(), ["inspect", "--help"], env(0));
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("Usage:  docker inspect [OPTIONS]");
    expect(help.stdout).toContain("  -f, --format string\n");
  });

  it("reports template errors with Docker's exit codes: 64 before running, 1 while running", () => {
    const daemon = createDaemon();
    runDockerCommand(daemon, ["build", "-t", "fmt:1", "."], env(1_000));
    expect(runDockerCommand(daemon, ["inspect", "-f", "{{.Id", "fmt:1"], env(2_000))).toEqual({
      exitCode: 64,
      stdout: "",
      stderr: "template parsing error: template: :1: unclosed action\n",
    });
    expect(runDockerCommand(daemon, ["inspect", "-f", "{{.Nope}}", "fmt:1"], env(2_000))).toEqual({
      exitCode: 1,
      stdout: "\n",
      stderr:
        'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n',
    });
  });
});

describe("runDockerCommand", () => {
  it("answers an unknown image as docker does, with exit code 1", () => {
    const result = runDockerCommand(createDaemon(), ["history", "nope:1"], env(0));
    expect(result).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "Error response from daemon: No such image: nope:1\n",
    });
  });

  it("names the supported commands when a command is unknown", () => {
    const result = runDockerCommand(createDaemon(), ["push", "x"], env(0));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("docker: 'push' is not a docker command.");
    expect(result.stderr).toContain("layercake supports: build, builder, commit, create");
  });

  it("pulls a catalog image, says when it is up to date, and refuses an unknown repository as a registry does", () => {
    const daemon = createDaemon({ pulled: [] });
    expect(runDockerCommand(daemon, ["pull", "alpine:3.21"], env(0))).toEqual({
      exitCode: 0,
      stdout:
        "3.21: Pulling from library/alpine\nStatus: Downloaded newer image for alpine:3.21\ndocker.io/library/alpine:3.21\n",
      stderr: "",
    });
    expect(runDockerCommand(daemon, ["pull", "-q", "alpine:3.21"], env(0)).stdout).toBe(
      "docker.io/library/alpine:3.21\n",
    );
    expect(runDockerCommand(daemon, ["pull", "alpine:3.21"], env(0)).stdout).toContain(
      "Status: Image is up to date for alpine:3.21\n",
    );
    expect(runDockerCommand(daemon, ["images", "-q"], env(0)).stdout.trim().split("\n")).toHaveLength(1);
    expect(runDockerCommand(daemon, ["pull", "nope"], env(0))).toEqual({
      exitCode: 1,
      stdout: "",
      stderr:
        "Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    });
  });

  it("rejects an unknown flag with exit code 125 and lists the supported ones", () => {
    const result = runDockerCommand(createDaemon(), ["ps", "--bogus"], env(0));
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(
      "unknown flag: --bogus\nSee 'docker ps --help'.\nlayercake supports: -a/--all, -s/--size, -q/--quiet, --no-trunc, -n/--last, -l/--latest, -f/--filter, --format\n",
    );
  });

  it("builds with the classic builder, then reuses the cache on a rebuild", () => {
    const daemon = createDaemon();
    const first = runDockerCommand(daemon, ["build", "-t", "app:1", "."], env(1000, "0"));
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("Step 2/2 : RUN echo hi > /a\n ---> Running in ");
    const second = runDockerCommand(daemon, ["build", "-t", "app:1", "."], env(2000, "0"));
    expect(second.stdout).toContain("Step 2/2 : RUN echo hi > /a\n ---> Using cache\n");
  });

  it("lists images with docker's columns and sizes", () => {
    const daemon = createDaemon();
    runDockerCommand(daemon, ["build", "-q", "-t", "app:1", "."], env(Date.UTC(2026, 0, 1)));
    const listed = runDockerCommand(daemon, ["images", "app"], env(Date.UTC(2026, 0, 1) + 5500));
    expect(listed.stdout).toMatch(
      /^REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {9}SIZE\napp {10}1 {9}[0-9a-f]{12} {3}5 seconds ago {3}1.98MB\n$/,
    );
  });

  it("runs a container, shows its diff and its size in ps -s", () => {
    const daemon = createDaemon();
    const run = runDockerCommand(
      daemon,
      ["run", "--name", "c", "tiny:1", "sh", "-c", "echo data > /state; cat /state"],
      env(0),
    );
    expect(run).toEqual({ exitCode: 0, stdout: "data\n", stderr: "" });
    expect(runDockerCommand(daemon, ["diff", "c"], env(0)).stdout).toBe("A /state\n");
    const ps = runDockerCommand(daemon, ["ps", "-a", "-s"], env(0)).stdout.split("\n")[1] ?? "";
    expect(ps).toMatch(/ {3}c {9}5B \(virtual 1\.98MB\)$/);
  });

  it("commits a container and untags it with rmi", () => {
    const daemon = createDaemon();
    runDockerCommand(daemon, ["run", "--name", "w", "tiny:1", "sh", "-c", "echo hi > /hi"], env(0));
    const commit = runDockerCommand(daemon, ["commit", "-m", "add hi", "w", "mine:1"], env(0));
    expect(commit.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    runDockerCommand(daemon, ["tag", "mine:1", "mine:2"], env(0));
    expect(runDockerCommand(daemon, ["rmi", "mine:2"], env(0)).stdout).toBe("Untagged: mine:2\n");
  });
});

describe("save and load", () => {
  it("loads what save wrote into a fresh daemon with the same layers and tag", () => {
    const written = new Map<string, Uint8Array>();
    const io: HostIo = {
      ...memoryIo(),
      writeFile: (path, data) => {
        written.set(path, typeof data === "string" ? new TextEncoder().encode(data) : data);
      },
      readBytes: (path) => written.get(path),
    };
    const source = createDaemon();
    runDockerCommand(source, ["run", "--name", "w", "tiny:1", "sh", "-c", "echo hi > /hi"], { io, nowMs: 0 });
    runDockerCommand(source, ["commit", "w", "mine:1"], { io, nowMs: 0 });
    expect(runDockerCommand(source, ["save", "-o", "/out.tar", "mine:1"], { io, nowMs: 0 }).exitCode).toBe(0);
    const target = createDaemon();
    const loaded = runDockerCommand(target, ["load", "-i", "/out.tar"], { io, nowMs: 0 });
    expect(loaded).toEqual({ exitCode: 0, stdout: "Loaded image: mine:1\n", stderr: "" });
    const run = runDockerCommand(target, ["run", "--rm", "mine:1", "cat", "/hi"], { io, nowMs: 0 });
    expect(run.stdout).toBe("hi\n");
    expect(target.store.getImage("mine:1")?.layers.map((layer) => layer.size)).toEqual([1982349, 3]);
  });

  it("saves to the standard output and loads from the standard input, refusing a terminal as the CLI does", () => {
    let piped: Uint8Array | undefined;
    let stdoutIsTerminal = true;
    const io: HostIo = {
      ...memoryIo(),
      readStandardInput: () => piped,
      canWriteStandardOutput: () => !stdoutIsTerminal,
      writeStandardOutput: (data) => {
        piped = data;
      },
    };
    const source = createDaemon();
    // A terminal: refused before the image is even looked up.
    expect(runDockerCommand(source, ["save", "nothing:1"], { io, nowMs: 0 })).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "cowardly refusing to save to a terminal. Use the -o flag or redirect\n",
    });
    expect(piped).toBeUndefined();
    expect(runDockerCommand(source, ["load"], { io, nowMs: 0 }).stderr).toBe(
      "requested load from stdin, but stdin is empty\n",
    );
    stdoutIsTerminal = false;
    expect(runDockerCommand(source, ["save", "nothing:1"], { io, nowMs: 0 }).stderr).toMatch(/No such image/);
    expect(runDockerCommand(source, ["save", "tiny:1"], { io, nowMs: 0 })).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: "",
    });
    expect(readTar(piped as Uint8Array).entries.some((entry) => entry.path === "manifest.json")).toBe(true);
    const target = createDaemon({ pulled: [] });
    expect(runDockerCommand(target, ["image", "load"], { io, nowMs: 0 }).stdout).toBe(
      "Loaded image: tiny:1\n",
    );
    expect(target.store.getImage("tiny:1")?.id).toBe(source.store.getImage("tiny:1")?.id);
  });

  it("keeps the image ID through save and load (the digest of the archive's config bytes), for both builders", () => {
    for (const dockerBuildkit of ["0", "1"]) {
      const written = new Map<string, Uint8Array>();
      const io: HostIo = {
        ...memoryIo(),
        writeFile: (path, data) => {
          written.set(path, typeof data === "string" ? new TextEncoder().encode(data) : data);
        },
        readBytes: (path) => written.get(path),
      };
      const source = createDaemon();
      const command = (daemon: typeof source, argv: string[]) =>
        runDockerCommand(daemon, argv, { io, nowMs: 1_000, dockerBuildkit });
      expect(command(source, ["build", "-t", "built:1", "."]).exitCode).toBe(0);
      const id = source.store.getImage("built:1")?.id;
      expect(command(source, ["save", "-o", "/out.tar", "built:1"]).exitCode).toBe(0);
      const target = createDaemon();
      expect(command(target, ["load", "-i", "/out.tar"]).exitCode).toBe(0);
      expect(target.store.getImage("built:1")?.id, `DOCKER_BUILDKIT=${dockerBuildkit}`).toBe(id);
      // Saving the loaded image again writes the same config, so a third daemon agrees too.
      expect(command(target, ["save", "-o", "/again.tar", "built:1"]).exitCode).toBe(0);
      const third = createDaemon();
      expect(command(third, ["load", "-i", "/again.tar"]).exitCode).toBe(0);
      expect(third.store.getImage("built:1")?.id).toBe(id);
    }
  });
});

describe("docker save on Docker 26.1", () => {
  it("writes the OCI image layout with manifest.json beside it, and a load keeps the image ID", () => {
    const written = new Map<string, Uint8Array>();
    const io: HostIo = {
      ...memoryIo(),
      writeFile: (path, data) => {
        written.set(path, typeof data === "string" ? new TextEncoder().encode(data) : data);
      },
      readBytes: (path) => written.get(path),
    };
    const source = createDaemon();
    const command = (daemon: typeof source, argv: string[]) =>
      runDockerCommand(daemon, argv, { io, nowMs: 1_000, dockerBuildkit: "1", profile: DOCKER_26_1 });
    expect(command(source, ["build", "-t", "oci:1", "."]).exitCode).toBe(0);
    expect(command(source, ["save", "-o", "/oci.tar", "oci:1"]).exitCode).toBe(0);
    const names = readTar(written.get("/oci.tar") ?? new Uint8Array()).entries.map((entry) => entry.path);
    expect(names.filter((name) => !name.startsWith("blobs/sha256/"))).toEqual([
      "index.json",
      "manifest.json",
      "oci-layout",
      "repositories",
    ]);
    // One manifest, one config and the two layers (tiny:1's and the RUN's).
    expect(names.filter((name) => name.startsWith("blobs/sha256/"))).toHaveLength(4);
    const target = createDaemon();
    expect(command(target, ["load", "-i", "/oci.tar"]).stdout).toBe("Loaded image: oci:1\n");
    // buildx names the builder before the build's own steps.
    const rebuilt = command(source, ["build", "--progress=plain", "-t", "oci:1", "."]);
    expect(rebuilt.stderr.split("\n")[0]).toBe('#0 building with "default" instance using docker driver');
    expect(target.store.getImage("oci:1")?.id).toBe(source.store.getImage("oci:1")?.id);
  });
});

describe("a fresh daemon", () => {
  it("lists no images until one is used, then lists the base image as a pull would", () => {
    const daemon = createDaemon({ pulled: [] });
    expect(runDockerCommand(daemon, ["images", "-q"], env(0)).stdout).toBe("");
    expect(runDockerCommand(daemon, ["run", "tiny:1", "echo", "hi"], env(1_000)).exitCode).toBe(0);
    const listed = runDockerCommand(daemon, ["images"], env(2_000)).stdout.split("\n");
    expect(listed[1]).toMatch(/^tiny {9}1 {9}[0-9a-f]{12} {3}/);
    expect(listed.slice(2)).toEqual([""]);
  });
});

describe("container sizes on the containerd store", () => {
  it("count the init snapshot under the container and, for a classic RUN, the build container's one under the layer", () => {
    const daemon = createDaemon();
    const cd = (nowMs: number, buildkit: string): CommandEnv => ({
      ...env(nowMs, buildkit),
      profile: DOCKER_26_1_CONTAINERD,
    });
    files["/ctx/Dockerfile"] = "FROM tiny:1\nRUN echo r > /r\n";
    runDockerCommand(daemon, ["build", "-q", "-t", "classic", "."], cd(1_000, "0"));
    runDockerCommand(daemon, ["build", "-q", "-t", "kit", "."], cd(2_000, "1"));
    for (const image of ["tiny:1", "classic", "kit"]) {
      runDockerCommand(daemon, ["create", "--name", image.replace(":", ""), image, "sh"], cd(3_000, "1"));
    }
    const sizes = Object.fromEntries(
      daemon.containers.map((record) => [
        record.container.name,
        containerSizeOf(DOCKER_26_1_CONTAINERD, record.container).sizeRootFs,
      ]),
    );
    // Measured on Docker 26.1.5: 4 KiB writable snapshot, tiny:1's 1,998,848 B, then
    // tiny1: a 7-directory init snapshot; kit: its layer (/, dev/, proc/, sys/, r) and a 5-directory
    // init (dev/pts, dev/shm missing); classic: its layer (/, r), the RUN container's 7-directory init
    // snapshot under it and a 3-directory one (everything exists).
    expect(sizes).toEqual({ tiny1: 2_031_616, kit: 2_043_904, classic: 2_052_096 });
  });
});

describe("docker version and docker info", () => {
  it("report the engine version and image store of the daemon's profile", () => {
    const modern = createDaemon();
    const modernEnv = { ...env(0), profile: DOCKER_26_1_CONTAINERD };
    const version = runDockerCommand(modern, ["version"], modernEnv).stdout;
    expect(version).toContain(" Version:           26.1.5+dfsg1\n");
    expect(version).toContain("  API version:      1.45 (minimum version 1.24)\n");
    const info = runDockerCommand(modern, ["info"], modernEnv).stdout;
    expect(info).toContain(" Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n");
    expect(info).toContain("  buildx: Docker Buildx (Docker Inc.)\n");

    const legacy = createDaemon();
    // Without a profile the commands answer as Docker 20.10.
    expect(runDockerCommand(legacy, ["version"], env(0)).stdout).toContain(
      "  API version:      1.41 (minimum version 1.12)\n",
    );
    const legacyInfo = runDockerCommand(legacy, ["system", "info"], env(0)).stdout;
    expect(legacyInfo).toContain(" Server Version: 20.10.24+dfsg1\n Storage Driver: overlay2\n");
    expect(legacyInfo).not.toContain("buildx");
  });
});

describe("docker build --secret (BuildKit)", () => {
  const secretFiles: Record<string, string> = {
    "/ctx/Dockerfile":
      "FROM tiny:1\nRUN --mount=type=secret,id=tok /bin/busybox wc -c /run/secrets/tok > /out\n",
    "/ctx/token.txt": "s3cret\n",
  };
  const secretEnv = (nowMs: number): CommandEnv => ({
    io: {
      ...memoryIo(),
      readText: (path) => secretFiles[path],
      readContext: () =>
        contextFromFiles({
          Dockerfile: secretFiles["/ctx/Dockerfile"] ?? "",
          "token.txt": secretFiles["/ctx/token.txt"] ?? "",
        }),
    },
    nowMs,
    dockerBuildkit: "1",
  });

  it("shows the secret to its RUN only: the layer keeps the mountpoint's directories, never the file", () => {
    const daemon = createDaemon();
    const built = runDockerCommand(
      daemon,
      ["build", "--secret", "id=tok,src=token.txt", "-t", "s:1", "."],
      secretEnv(1_000),
    );
    expect(built.exitCode).toBe(0);
    const run = runDockerCommand(
      daemon,
      ["run", "--rm", "s:1", "sh", "-c", "cat /out; ls -a /run/secrets"],
      secretEnv(2_000),
    );
    expect(run).toEqual({ exitCode: 0, stdout: "7 /run/secrets/tok\n.\n..\n", stderr: "" });
  });

  it("names the secret that cannot be read, and fails a required secret that was not given", () => {
    const daemon = createDaemon();
    const missing = runDockerCommand(
      daemon,
      ["build", "--secret", "id=tok,src=nosuch.txt", "."],
      secretEnv(1_000),
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(
      "could not parse secrets: [id=tok,src=nosuch.txt]: failed to stat nosuch.txt: stat nosuch.txt: no such file or directory",
    );
    const malformed = runDockerCommand(daemon, ["build", "--secret", "tok", "."], secretEnv(1_000));
    expect(malformed.stderr).toContain("invalid field 'tok' must be a key=value pair");
    secretFiles["/ctx/Dockerfile"] = "FROM tiny:1\nRUN --mount=type=secret,id=tok,required ls /run/secrets\n";
    const required = runDockerCommand(daemon, ["build", "."], secretEnv(2_000));
    expect(required.exitCode).toBe(1);
    expect(required.stderr).toContain("secret tok not found: not found");
  });
});

describe("docker image prune and container prune", () => {
  const build = (daemon: ReturnType<typeof createDaemon>, text: string, tag: string, buildkit: string) => {
    files["/ctx/Dockerfile"] = text;
    return runDockerCommand(daemon, ["build", "-q", "-t", tag, "."], env(1_000, buildkit));
  };

  it("asks first and, with no answer to read, removes nothing", () => {
    const daemon = createDaemon();
    runDockerCommand(daemon, ["create", "--name", "c", "tiny:1", "sh"], env(1_000));
    expect(runDockerCommand(daemon, ["container", "prune"], env(2_000))).toEqual({
      exitCode: 0,
      stdout:
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n",
      stderr: "",
    });
    expect(daemon.containers).toHaveLength(1);
  });

  it("removes the dangling image a rebuilt tag left, then with -a every image no container uses", () => {
    const daemon = createDaemon();
    build(daemon, "FROM tiny:1\nRUN echo one > /v\n", "app", "0");
    const old = daemon.store.getImage("app");
    build(daemon, "FROM tiny:1\nRUN echo two > /v\n", "app", "0");
    build(daemon, "FROM tiny:1\nRUN echo other > /o\n", "other", "0");
    runDockerCommand(daemon, ["create", "--name", "user", "app", "sh"], env(2_000));
    const dangling = runDockerCommand(daemon, ["image", "prune", "-f"], env(3_000));
    expect(dangling.stdout).toMatch(
      new RegExp(
        `^Deleted Images:\\ndeleted: ${old?.id}\\ndeleted: sha256:[0-9a-f]{64}\\n\\nTotal reclaimed space: 4B\\n$`,
      ),
    );
    const unused = runDockerCommand(daemon, ["image", "prune", "-a", "-f"], env(4_000));
    // app stays (a container uses it). tiny:1 is untagged but stays as app's parent, as the daemon
    // does: the tag goes first, then the delete meets the dependent child and stops quietly.
    const lines = unused.stdout.split("\n");
    expect(lines.filter((line) => line.startsWith("untagged:")).sort()).toEqual([
      "untagged: other:latest",
      "untagged: tiny:1",
    ]);
    expect(lines.filter((line) => line.startsWith("deleted:"))).toHaveLength(2);
    expect(unused.stdout).toMatch(/\nTotal reclaimed space: 6B\n$/);
    expect(daemon.store.listTags().map((entry) => entry.tag)).toEqual(["app:latest"]);
    expect(daemon.store.listImages()).toHaveLength(2);
    const containers = runDockerCommand(daemon, ["container", "prune", "-f"], env(5_000));
    expect(containers.stdout).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/);
    expect(daemon.containers).toHaveLength(0);
  });

  it("on the containerd store prunes names: intermediates too, a dangling image's name is its ID, then the blobs no image holds", () => {
    const daemon = createDaemon();
    const cd = (nowMs: number): CommandEnv => ({ ...env(nowMs), profile: DOCKER_26_1_CONTAINERD });
    files["/ctx/Dockerfile"] = "FROM tiny:1\nENV A=1\nRUN echo one > /v\n";
    runDockerCommand(daemon, ["build", "-q", "-t", "app", "."], { ...cd(1_000), dockerBuildkit: "0" });
    const intermediate = daemon.store.listImages().find((image) => daemon.store.tagsOf(image).length === 0);
    const dangling = runDockerCommand(daemon, ["image", "prune", "-f"], cd(2_000)).stdout.split("\n");
    // The ENV image shares tiny:1's layer: its manifest and config go, no layer.
    expect(dangling.slice(0, 4)).toEqual([
      "Deleted Images:",
      `untagged: ${intermediate?.id}`,
      `deleted: ${intermediate?.id}`,
      expect.stringMatching(/^deleted: sha256:[0-9a-f]{64}$/),
    ]);
    expect(dangling[4]).toBe("");
    expect(daemon.store.getImage("app")).toBeDefined();

    runDockerCommand(daemon, ["create", "--name", "user", "app", "sh"], cd(3_000));
    expect(runDockerCommand(daemon, ["rmi", "app"], cd(4_000)).stderr).toMatch(
      /^Error response from daemon: conflict: unable to delete app:latest \(must be forced\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n?$/,
    );
    // Forced, only the name goes: the image stays, dangling, for its container.
    expect(runDockerCommand(daemon, ["rmi", "-f", "app"], cd(5_000)).stdout).toBe("Untagged: app:latest\n");
    expect(runDockerCommand(daemon, ["images", "-q"], cd(6_000)).stdout.split("\n")).toHaveLength(3);
    // A container keeps its image's dangling name from image prune.
    expect(runDockerCommand(daemon, ["image", "prune", "-f"], cd(7_000)).stdout).toBe(
      "Total reclaimed space: 0B\n",
    );
  });

  it("frees no layer that BuildKit's build cache still holds", () => {
    const daemon = createDaemon();
    build(daemon, "FROM tiny:1\nRUN echo one > /v\n", "app", "1");
    const old = daemon.store.getImage("app");
    build(daemon, "FROM tiny:1\nRUN echo two > /v\n", "app", "1");
    expect(runDockerCommand(daemon, ["image", "prune", "-f"], env(3_000)).stdout).toBe(
      `Deleted Images:\ndeleted: ${old?.id}\n\nTotal reclaimed space: 0B\n`,
    );
  });

  it("marks the uncommitted result of a stage read only through COPY --from as mutable, like the local sources", () => {
    const daemon = createDaemon();
    const modern = (nowMs: number): CommandEnv => ({ ...env(nowMs, "1"), profile: DOCKER_26_1 });
    files["/ctx/Dockerfile"] = "FROM tiny:1 AS b\nRUN echo x > /x\nFROM scratch\nCOPY --from=b /x /x\n";
    expect(runDockerCommand(daemon, ["build", "-q", "-t", "staged", "."], modern(1_000)).exitCode).toBe(0);
    const table = runDockerCommand(daemon, ["builder", "prune", "-a", "-f"], modern(2_000)).stdout.split(
      "\n",
    );
    const mutable = table.filter((line) => /^[a-z0-9]{25}\*/.test(line));
    // The Dockerfile and .dockerignore sources, and stage b's RUN result (2 B): no image holds it.
    expect(mutable).toHaveLength(3);
    expect(mutable.filter((line) => /\t2B /.test(line))).toHaveLength(1);
    // Built on by a later step, the same result is committed.
    files["/ctx/Dockerfile"] = "FROM tiny:1\nRUN echo x > /x\nRUN echo y > /y\n";
    runDockerCommand(daemon, ["build", "-q", "-t", "two", "."], modern(3_000));
    const again = runDockerCommand(daemon, ["builder", "prune", "-a", "-f"], modern(4_000)).stdout.split(
      "\n",
    );
    expect(again.filter((line) => /^[a-z0-9]{25}\*/.test(line))).toHaveLength(2);
  });

  it("sizes BuildKit's records on the containerd store as snapshots plus exported blobs (Docker 26.1's numbers)", () => {
    const daemon = createDaemon();
    const cd = (nowMs: number): CommandEnv => ({ ...env(nowMs, "1"), profile: DOCKER_26_1_CONTAINERD });
    files["/ctx/Dockerfile"] =
      "FROM tiny:1 AS b\nRUN echo x > /x\nFROM tiny:1\nRUN echo ok > /ok\nCOPY --from=b /x /x\n";
    expect(runDockerCommand(daemon, ["build", "-q", "-t", "app", "."], cd(1_000)).exitCode).toBe(0);
    const sizes = runDockerCommand(daemon, ["builder", "prune", "-a", "-f"], cd(2_000))
      .stdout.split("\n")
      .filter((line) => /^[a-z0-9]{25}/.test(line))
      .map((line) => line.split("\t")[2]?.trim())
      .sort();
    // tiny:1's layer: its blob only (1,064,659 B). The exported RUN: its snapshot (root, /etc copied
    // up for the mount stubs, dev/ proc/ sys/, the file: 24,576 B) plus its gzip blob. Stage b's RUN,
    // never exported: its snapshot alone. The COPY: a directory and a file plus its blob. The
    // Dockerfile source: a directory and a file in blocks; the missing .dockerignore: the directory.
    expect(sizes).toEqual([
      "1.065MB",
      "24.58kB",
      expect.stringMatching(/^24\.7\d*kB$/),
      "4.096kB",
      "8.192kB",
      expect.stringMatching(/^8\.2\d*kB$/),
    ]);
  });

  it("on the containerd store runs every step again after a builder prune deleted anything", () => {
    const daemon = createDaemon();
    const at = (nowMs: number, profile: NonNullable<CommandEnv["profile"]>): CommandEnv => ({
      ...env(nowMs, "1"),
      profile,
    });
    const rebuiltAfterPrune = (profile: NonNullable<CommandEnv["profile"]>) => {
      files["/ctx/Dockerfile"] = "FROM tiny:1\nRUN echo only > /o\n";
      runDockerCommand(daemon, ["build", "-t", "app", "."], at(1_000, profile));
      // Deletes the Dockerfile and .dockerignore sources only: the RUN's record is shared with app.
      runDockerCommand(daemon, ["builder", "prune", "-f"], at(2_000, profile));
      return runDockerCommand(daemon, ["build", "-t", "app", "."], at(3_000, profile)).stderr;
    };
    expect(rebuiltAfterPrune(DOCKER_26_1)).toContain("CACHED");
    runDockerCommand(daemon, ["builder", "prune", "-a", "-f"], at(4_000, DOCKER_26_1));
    expect(rebuiltAfterPrune(DOCKER_26_1_CONTAINERD)).not.toContain("CACHED");
  });

  it("prunes BuildKit's build cache: dangling records first, every record with -a", () => {
    const daemon = createDaemon();
    build(daemon, "FROM tiny:1\nRUN echo one > /v\n", "app", "1");
    const df = () => runDockerCommand(daemon, ["system", "df"], env(2_000)).stdout.split("\n")[4];
    // The base layer, the RUN result (shared with app), the Dockerfile and .dockerignore sources.
    expect(df()).toBe("Build Cache     4         0         30B       30B");
    const dangling = runDockerCommand(daemon, ["builder", "prune", "-f"], env(3_000));
    expect(dangling.stdout).toMatch(
      /^Deleted build cache objects:\n[a-z0-9]{25}\n[a-z0-9]{25}\n\nTotal reclaimed space: 30B\n$/,
    );
    expect(df()).toBe("Build Cache     2         0         0B        0B");
    const all = runDockerCommand(daemon, ["builder", "prune", "-a", "-f"], env(4_000));
    expect(all.stdout).toMatch(/\nTotal reclaimed space: 4B\n$/);
    expect(df()).toBe("Build Cache     0         0         0B        0B");
    // With the cache gone, the same build runs its RUN again.
    files["/ctx/Dockerfile"] = "FROM tiny:1\nRUN echo one > /v\n";
    const again = runDockerCommand(daemon, ["build", "-t", "app", "."], env(5_000, "1"));
    expect(again.stderr).not.toContain("CACHED");
  });
});
