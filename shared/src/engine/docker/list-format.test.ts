import { describe, expect, it } from "vitest";
import { contextFromFiles } from "../context/index.ts";
import { createDaemon, type SimDaemon } from "./daemon.ts";
import { type CommandEnv, runDockerCommand } from "./docker.ts";
import type { HostIo } from "./host-io.ts";
import { type DaemonProfile, DOCKER_20_10, DOCKER_26_1, DOCKER_26_1_CONTAINERD } from "./profile.ts";

const dockerfile = "FROM tiny:1\nLABEL team=core tier=<web>\nRUN echo hi > /a && echo 1 > /b\n";
const io: HostIo = {
  resolve: (path) => (path.startsWith("/") ? path : `/ctx/${path}`.replace(/\/\.$/, "")),
  isDirectory: (path) => path === "/ctx",
  readText: (path) => (path === "/ctx/Dockerfile" ? dockerfile : undefined),
  readBytes: () => undefined,
  readContext: () => contextFromFiles({ Dockerfile: dockerfile }),
  writeFile: () => {},
  env: () => undefined,
};
const built = Date.parse("2024-01-02T00:00:00Z");
const env = (profile: DaemonProfile): CommandEnv => ({ io, nowMs: built, profile });
const PROFILES = [DOCKER_20_10, DOCKER_26_1, DOCKER_26_1_CONTAINERD] as const;
const label = (profile: DaemonProfile) => `${profile.engine} ${profile.store}`;

/** h:1 built over tiny:1, an exited container of it (`web`, one file written) and a created one of tiny:1 with a volume. */
function daemonWithContainers(profile: DaemonProfile): SimDaemon {
  const daemon = createDaemon();
  const run = (...argv: string[]) => expect(runDockerCommand(daemon, argv, env(profile)).exitCode).toBe(0);
  run("build", "-q", "-t", "h:1", ".");
  run("run", "--name", "web", "h:1", "sh", "-c", 'echo "x" > /c');
  run("create", "--name", "idle", "--network", "none", "-v", "/data", "tiny:1", "true");
  return daemon;
}

describe("docker images --format (docker/cli formatter/image.go)", () => {
  for (const profile of PROFILES) {
    it(`prints each field of imageContext as the ${label(profile)} CLI does, agreeing with the plain table`, () => {
      const daemon = daemonWithContainers(profile);
      const run = (...argv: string[]) => runDockerCommand(daemon, ["images", ...argv], env(profile));
      const plain = run().stdout.split("\n");
      const templated = run(
        "--format",
        "{{.Repository}}|{{.Tag}}|{{.ID}}|{{.CreatedSince}}|{{.Size}}|{{.CreatedAt}}|{{.Digest}}|{{.SharedSize}}|{{.UniqueSize}}|{{.Containers}}|{{.VirtualSize}}",
      ).stdout.split("\n");
      expect(templated).toHaveLength(3);
      templated.slice(0, 2).forEach((line, index) => {
        const [repository, tag, id, since, size, createdAt, ...rest] = line.split("|");
        // the default table is the same template under headers
        expect((plain[index + 1] ?? "").split(/ {3,}/)).toEqual([repository, tag, id, since, size]);
        expect(createdAt).toBe(
          index === 0 ? "2024-01-02 00:00:00 +0000 UTC" : "2024-01-01 00:00:00 +0000 UTC",
        );
        // the list API has no shared size or container count; the simulated images no repo digests
        expect(rest.slice(0, 4)).toEqual(["<none>", "N/A", "N/A", "N/A"]);
      });
      // Size in go-units' three significant digits, VirtualSize (the same bytes) in four
      const sizes = run("--format", "{{.Repository}} {{.Size}} {{.VirtualSize}}").stdout;
      expect(sizes).toBe(
        profile.store === "containerd"
          ? "h 3.09MB 3.09MB\ntiny 3.06MB 3.064MB\n"
          : "h 1.98MB 1.982MB\ntiny 1.98MB 1.982MB\n",
      );
      expect(
        run("--format", "table {{.Repository}}:{{.Tag}}\\t{{.VirtualSize}}\\t{{.Containers}}").stdout,
      ).toBe(
        profile.store === "containerd"
          ? "REPOSITORY:TAG   VIRTUAL SIZE   CONTAINERS\nh:1              3.09MB         N/A\ntiny:1           3.064MB        N/A\n"
          : "REPOSITORY:TAG   VIRTUAL SIZE   CONTAINERS\nh:1              1.982MB        N/A\ntiny:1           1.982MB        N/A\n",
      );
    });
  }

  it("prints json as the formatter marshals it on 26.1 (sorted keys, HTML escaped) and the word on 20.10", () => {
    for (const profile of [DOCKER_26_1, DOCKER_26_1_CONTAINERD]) {
      const daemon = daemonWithContainers(profile);
      const lines = runDockerCommand(daemon, ["images", "--format", "json"], env(profile)).stdout.split("\n");
      expect(lines).toHaveLength(3);
      const tiny = JSON.parse(lines[1] as string);
      expect(Object.keys(tiny)).toEqual([
        "Containers",
        "CreatedAt",
        "CreatedSince",
        "Digest",
        "ID",
        "Repository",
        "SharedSize",
        "Size",
        "Tag",
        "UniqueSize",
        "VirtualSize",
      ]);
      const fields = runDockerCommand(
        daemon,
        ["images", "--format", "{{.ID}} {{.Size}} {{.CreatedSince}}", "tiny"],
        env(profile),
      ).stdout;
      expect(`${tiny.ID} ${tiny.Size} ${tiny.CreatedSince}\n`).toBe(fields);
      expect(lines[1]).toContain('"Digest":"\\u003cnone\\u003e"');
    }
    const old = daemonWithContainers(DOCKER_20_10);
    expect(runDockerCommand(old, ["images", "--format", "json"], env(DOCKER_20_10)).stdout).toBe(
      "json\njson\n",
    );
  });

  it("takes -q, --no-trunc, --digests, a repository argument and --filter reference=/dangling=", () => {
    const daemon = daemonWithContainers(DOCKER_26_1);
    const run = (...argv: string[]) => runDockerCommand(daemon, ["images", ...argv], env(DOCKER_26_1));
    const [built, tiny] = run("-q").stdout.split("\n");
    expect(built).toMatch(/^[0-9a-f]{12}$/);
    // -q chooses the table only when no template is given
    expect(run("-q", "--format", "{{.Repository}}").stdout).toBe("h\ntiny\n");
    expect(run("--no-trunc", "--format", "{{.ID}}", "h").stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(run("--digests").stdout.split("\n")[0]).toBe(
      "REPOSITORY   TAG       DIGEST    IMAGE ID       CREATED                  SIZE",
    );
    expect(run("-f", "reference=t*", "--format", "{{.Repository}}").stdout).toBe("tiny\n");
    expect(run("--filter", "reference=*:1", "--format", "{{.Repository}}").stdout).toBe("h\ntiny\n");
    expect(run("-f", "reference=h", "-f", "reference=tiny", "--format", "{{.ID}}").stdout).toBe(
      `${built}\n${tiny}\n`,
    );
    expect(run("-f", "dangling=true", "-q").stdout).toBe("");
    // moving the tag away leaves the built image dangling
    expect(runDockerCommand(daemon, ["tag", "tiny:1", "h:1"], env(DOCKER_26_1)).exitCode).toBe(0);
    expect(run("-f", "dangling=true", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout).toBe(
      `<none>:<none> ${built}\n`,
    );
    expect(run("-f", "dangling=false", "--format", "{{.Repository}}").stdout).toBe("h\ntiny\n");
  });

  it("words template and filter errors as the CLI and daemon do", () => {
    for (const profile of PROFILES) {
      const daemon = daemonWithContainers(profile);
      const run = (...argv: string[]) => runDockerCommand(daemon, ["images", ...argv], env(profile));
      expect(run("--format", "{{.Foo}}")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr:
          'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.imageContext\n',
      });
      expect(run("--format", "{{.ID")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr: "template parsing error: template: :1: unclosed action\n",
      });
      // a template that does not parse fails on an empty list too
      expect(run("nothing", "--format", "{{.ID").exitCode).toBe(1);
      expect(run("-f", "dangling").exitCode).toBe(125);
      expect(run("-f", "dangling").stderr).toContain(
        'invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)',
      );
      const invalid = profile.engine === "20.10" ? "Invalid filter" : "invalid filter";
      expect(run("-f", "colour=red")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr: `Error response from daemon: ${invalid} 'colour'\n`,
      });
      expect(run("-f", "dangling=maybe").stderr).toBe(
        `Error response from daemon: ${invalid} 'dangling=maybe'\n`,
      );
    }
  });
});

describe("docker ps --format (docker/cli formatter/container.go)", () => {
  for (const profile of PROFILES) {
    it(`prints each field of ContainerContext as the ${label(profile)} CLI does, agreeing with ps -a -s`, () => {
      const daemon = daemonWithContainers(profile);
      const run = (...argv: string[]) => runDockerCommand(daemon, ["ps", ...argv], env(profile));
      const plain = run("-a", "-s").stdout.split("\n");
      const templated = run(
        "-a",
        "--format",
        "{{.ID}}|{{.Image}}|{{.Command}}|{{.RunningFor}}|{{.Status}}|{{.Ports}}|{{.Names}}|{{.Size}}",
      ).stdout.split("\n");
      expect(templated).toHaveLength(3);
      templated.slice(0, 2).forEach((line, index) => {
        const cells = line.split("|").filter((cell) => cell !== "");
        expect((plain[index + 1] ?? "").split(/ {3,}/)).toEqual(cells);
      });
      // .Size asks the daemon for sizes (the store's own: 4 KiB blocks on the containerd store)
      const sizes = run("-a", "--format", "{{.Names}} {{.Size}}").stdout;
      expect(sizes).toBe(
        profile.store === "containerd"
          ? "idle 4.1kB (virtual 2.03MB)\nweb 8.19kB (virtual 2.05MB)\n"
          : "idle 0B (virtual 1.98MB)\nweb 2B (virtual 1.98MB)\n",
      );
      // unless -s=false says not to; json alone does not read .Size
      expect(run("-a", "-s=false", "--format", "{{.Names}} {{.Size}}").stdout).toBe("idle 0B\nweb 0B\n");
      expect(
        run(
          "-a",
          "--format",
          '{{.Names}}|{{.State}}|{{.CreatedAt}}|{{.Label "team"}}|{{.Label "none"}}|{{.Labels}}|{{.Networks}}|{{.LocalVolumes}}',
        ).stdout,
      ).toBe(
        "idle|created|2024-01-02 00:00:00 +0000 UTC||||none|1\nweb|exited|2024-01-02 00:00:00 +0000 UTC|core||team=core,tier=<web>|bridge|0\n",
      );
      // an anonymous volume's name, cut to 15 characters unless --no-trunc
      expect(run("-a", "--format", "{{.Mounts}}", "-f", "name=idle").stdout).toMatch(/^[0-9a-f]{14}…\n$/);
      expect(run("-a", "--no-trunc", "--format", "{{.Mounts}}", "-f", "name=idle").stdout).toMatch(
        /^[0-9a-f]{64}\n$/,
      );
    });
  }

  it("prints json as the formatter marshals it on 26.1 and the word on 20.10; a table template under its headers", () => {
    const daemon = daemonWithContainers(DOCKER_26_1);
    const run = (...argv: string[]) => runDockerCommand(daemon, ["ps", ...argv], env(DOCKER_26_1));
    const lines = run("-a", "--format", "json").stdout.split("\n");
    expect(lines).toHaveLength(3);
    const web = JSON.parse(lines[1] as string);
    expect(Object.keys(web)).toEqual([
      "Command",
      "CreatedAt",
      "ID",
      "Image",
      "Labels",
      "LocalVolumes",
      "Mounts",
      "Names",
      "Networks",
      "Ports",
      "RunningFor",
      "Size",
      "State",
      "Status",
    ]);
    expect(web).toMatchObject({
      Command: '"sh -c echo \\"x\\" > /c"',
      Names: "web",
      Size: "0B",
      State: "exited",
    });
    expect(lines[1]).toContain('"Labels":"team=core,tier=\\u003cweb\\u003e"');
    expect(run("-a", "-s", "--format", "json").stdout.split("\n")[1]).toContain(
      '"Size":"2B (virtual 1.98MB)"',
    );
    expect(
      runDockerCommand(
        daemonWithContainers(DOCKER_20_10),
        ["ps", "-a", "--format", "json"],
        env(DOCKER_20_10),
      ).stdout,
    ).toBe("json\njson\n");
    expect(run("-a", "--format", "table {{.Names}}\\t{{.State}}\\t{{.Image}}").stdout).toBe(
      "NAMES     STATE     IMAGE\nidle      created   tiny:1\nweb       exited    h:1\n",
    );
    // the header runs over a map, where .Label "key" fails: the CLI keeps what was written before it
    expect(run("-a", "--format", 'table {{.Names}}\\t{{.Label "team"}}').stdout).toBe(
      "NAMES     \nidle      \nweb       core\n",
    );
    expect(run("--format", "table {{.ID}}").stdout).toBe("CONTAINER ID\n");
  });

  it("combines --format with -a, -q, --no-trunc, -n, -l and --filter status=/name=/ancestor=", () => {
    const daemon = daemonWithContainers(DOCKER_26_1);
    const run = (...argv: string[]) => runDockerCommand(daemon, ["ps", ...argv], env(DOCKER_26_1));
    // nothing runs: without -a the list is empty, -n and -l look at every state
    expect(run("--format", "{{.Names}}").stdout).toBe("");
    expect(run("-a", "--format", "{{.Names}}").stdout).toBe("idle\nweb\n");
    expect(run("-l", "--format", "{{.Names}}").stdout).toBe("idle\n");
    expect(run("-n", "2", "--format", "{{.Names}}").stdout).toBe("idle\nweb\n");
    expect(run("--last=1", "--format", "{{.Names}}").stdout).toBe("idle\n");
    const ids = run("-a", "-q").stdout.split("\n");
    expect(ids.slice(0, 2).every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
    const full = run("-a", "-q", "--no-trunc").stdout.split("\n");
    expect(full[0]?.startsWith(ids[0] as string)).toBe(true);
    expect(full[0]).toMatch(/^[0-9a-f]{64}$/);
    // -q keeps a template given with it
    expect(run("-a", "-q", "--format", "{{.Names}}").stdout).toBe("idle\nweb\n");
    expect(run("-f", "status=exited", "--format", "{{.Names}} {{.Status}}").stdout).toBe(
      "web Exited (0) Less than a second ago\n",
    );
    expect(run("-a", "-f", "status=created", "-f", "status=exited", "--format", "{{.Names}}").stdout).toBe(
      "idle\nweb\n",
    );
    expect(run("-a", "-f", "name=we", "--format", "{{.Names}}").stdout).toBe("web\n");
    expect(run("-a", "-f", "name=^/idle$", "--format", "{{.Names}}").stdout).toBe("idle\n");
    // ancestor= is the image or one built on it
    expect(run("-a", "-f", "ancestor=tiny:1", "--format", "{{.Names}}").stdout).toBe("idle\nweb\n");
    expect(run("-a", "-f", "ancestor=h:1", "--format", "{{.Names}}").stdout).toBe("web\n");
    expect(run("-a", "-f", "ancestor=h:1", "-f", "name=idle", "--format", "{{.Names}}").stdout).toBe("");
  });

  it("words template, filter and flag errors as the CLI and daemon do", () => {
    for (const profile of PROFILES) {
      const daemon = daemonWithContainers(profile);
      const run = (...argv: string[]) => runDockerCommand(daemon, ["ps", ...argv], env(profile));
      // the CLI checks the template over an empty container before asking the daemon
      expect(run("--format", "{{.Foo}}")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr:
          'failed to execute template: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n',
      });
      expect(run("--format", "{{.ID")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr: "failed to parse template: template: :1: unclosed action\n",
      });
      expect(run("--format", "{{.Label}}").stderr).toBe(
        'failed to execute template: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0\n',
      );
      const invalid = profile.engine === "20.10" ? "Invalid filter" : "invalid filter";
      expect(run("-f", "colour=red").stderr).toBe(`Error response from daemon: ${invalid} 'colour'\n`);
      expect(run("-f", "status=sleeping").stderr).toBe(
        `Error response from daemon: ${invalid} 'status=sleeping'\n`,
      );
      expect(run("-n", "two").exitCode).toBe(125);
    }
  });
});
