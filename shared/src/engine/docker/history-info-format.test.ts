import { describe, expect, it } from "vitest";
import { contextFromFiles } from "../context/index.ts";
import { createDaemon, type SimDaemon } from "./daemon.ts";
import { type CommandEnv, runDockerCommand } from "./docker.ts";
import type { HostIo } from "./host-io.ts";
import { type DaemonProfile, DOCKER_26_1, DOCKER_26_1_CONTAINERD } from "./profile.ts";

const dockerfile = "FROM tiny:1\nRUN echo hi > /a && echo 1 > /b\n";
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
const env = (profile?: DaemonProfile): CommandEnv => ({ io, nowMs: built, ...(profile ? { profile } : {}) });

function daemonWithImage(profile?: DaemonProfile): SimDaemon {
  const daemon = createDaemon();
  expect(runDockerCommand(daemon, ["build", "-t", "h:1", "."], env(profile)).exitCode).toBe(0);
  return daemon;
}

describe("docker history formats (docker/cli formatter_history.go)", () => {
  it("prints a template per row, a table template under its headers, and the quiet and non-human tables", () => {
    const daemon = daemonWithImage(DOCKER_26_1);
    const run = (...argv: string[]) =>
      runDockerCommand(daemon, ["history", ...argv, "h:1"], env(DOCKER_26_1));
    const ids = run("-q").stdout.split("\n");
    expect(ids[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(ids.slice(1)).toEqual(["<missing>", ""]);
    expect(run("--no-trunc", "-q").stdout.split("\n")[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    // -q only picks the table when no template is given
    expect(run("-q", "--format", "{{.Size}}|{{.Comment}}").stdout).toBe(
      "5B|buildkit.dockerfile.v0\n1.98MB|Imported from -\n",
    );
    expect(run("--format", "table {{.ID}}\\t{{.Size}}").stdout).toBe(
      `IMAGE          SIZE\n${ids[0]}   5B\n<missing>      1.98MB\n`,
    );
    expect(run("-H=false", "--format", "{{.CreatedSince}} {{.Size}}").stdout).toBe(
      "2024-01-02T00:00:00Z 5\n2024-01-01T00:00:00Z 1982349\n",
    );
    const nonHuman = run("-H=false").stdout.split("\n");
    expect(nonHuman[0]).toBe(
      "IMAGE          CREATED AT             CREATED BY                                      SIZE      COMMENT",
    );
    expect(nonHuman[2]).toBe(
      "<missing>      2024-01-01T00:00:00Z                                                   1982349   Imported from -",
    );
    expect(run("--format", "{{.CreatedBy}}").stdout.split("\n")[0]).toBe(
      "RUN /bin/sh -c echo hi > /a && echo 1 > /b #…",
    );
    expect(run("--no-trunc", "--format", "{{.CreatedBy}}").stdout.split("\n")[0]).toBe(
      "RUN /bin/sh -c echo hi > /a && echo 1 > /b # buildkit",
    );
  });

  it("prints json as the formatter marshals it on 26.1 (sorted keys, HTML escaped) and the word on 20.10", () => {
    const daemon = daemonWithImage(DOCKER_26_1);
    const json = runDockerCommand(daemon, ["history", "--format", "json", "h:1"], env(DOCKER_26_1)).stdout;
    const [, missing] = json.split("\n");
    expect(missing).toBe(
      '{"Comment":"Imported from -","CreatedAt":"2024-01-01T00:00:00Z","CreatedBy":"","CreatedSince":"24 hours ago","ID":"\\u003cmissing\\u003e","Size":"1.98MB"}',
    );
    expect(json).toContain(
      '"CreatedBy":"RUN /bin/sh -c echo hi \\u003e /a \\u0026\\u0026 echo 1 \\u003e /b #…"',
    );
    // {{json .ID}} is the template function (no HTML escaping)
    expect(
      runDockerCommand(daemon, ["history", "--format", "{{json .ID}}", "h:1"], env(DOCKER_26_1)).stdout,
    ).toContain('"<missing>"\n');
    const old = daemonWithImage();
    expect(runDockerCommand(old, ["history", "--format", "json", "h:1"], env()).stdout).toBe("json\njson\n");
  });

  it("words template errors as the CLI does (wrapped, exit 1, nothing printed)", () => {
    const daemon = daemonWithImage(DOCKER_26_1);
    expect(runDockerCommand(daemon, ["history", "--format", "{{.Foo}}", "h:1"], env(DOCKER_26_1))).toEqual({
      exitCode: 1,
      stdout: "",
      stderr:
        'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *image.historyContext\n',
    });
    expect(runDockerCommand(daemon, ["history", "--format", "{{.ID", "h:1"], env(DOCKER_26_1))).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "template parsing error: template: :1: unclosed action\n",
    });
  });
});

describe("docker info --format (docker/cli system/info.go formatInfo)", () => {
  it("answers which store a profile runs on: overlay2 on the graph driver, overlayfs on the containerd store", () => {
    const daemon = createDaemon();
    const driver = (profile?: DaemonProfile) =>
      runDockerCommand(daemon, ["info", "-f", "{{.Driver}}"], env(profile)).stdout;
    expect(driver()).toBe("overlay2\n");
    expect(driver(DOCKER_26_1)).toBe("overlay2\n");
    expect(driver(DOCKER_26_1_CONTAINERD)).toBe("overlayfs\n");
    expect(
      runDockerCommand(daemon, ["info", "--format", "{{.DriverStatus}}"], env(DOCKER_26_1_CONTAINERD)).stdout,
    ).toBe("[[driver-type io.containerd.snapshotter.v1]]\n");
    expect(runDockerCommand(daemon, ["info", "--format", "{{.DriverStatus}}"], env()).stdout).toBe(
      "[[Backing Filesystem extfs] [Supports d_type true] [Native Overlay Diff true] [userxattr false]]\n",
    );
    expect(
      runDockerCommand(daemon, ["info", "--format", "{{.ServerVersion}} {{.Images}}"], env()).stdout,
    ).toBe("20.10.24+dfsg1 1\n");
  });

  it("agrees with the plain docker info, and prints the info struct as JSON ({{json .}}, and json from 26.1)", () => {
    const daemon = createDaemon();
    for (const profile of [undefined, DOCKER_26_1, DOCKER_26_1_CONTAINERD]) {
      const plain = runDockerCommand(daemon, ["info"], env(profile)).stdout;
      const document = JSON.parse(
        runDockerCommand(daemon, ["info", "-f", "{{json .}}"], env(profile)).stdout,
      );
      expect(plain).toContain(` Storage Driver: ${document.Driver}\n`);
      expect(plain).toContain(` Server Version: ${document.ServerVersion}\n`);
      for (const [key, value] of document.DriverStatus) expect(plain).toContain(`  ${key}: ${value}\n`);
      expect(document.ClientInfo.Context).toBe("default");
      // omitempty fields stay out of the JSON, but the template still sees them
      expect(document).not.toHaveProperty("ServerErrors");
      expect(runDockerCommand(daemon, ["info", "-f", "[{{.CgroupVersion}}]"], env(profile)).stdout).toBe(
        "[]\n",
      );
    }
    expect(JSON.parse(runDockerCommand(daemon, ["info", "-f", "json"], env(DOCKER_26_1)).stdout).Driver).toBe(
      "overlay2",
    );
    expect(runDockerCommand(daemon, ["info", "-f", "json"], env()).stdout).toBe("json\n");
  });

  it("words template errors as the CLI does: parse errors exit 64, execution errors print Go's message", () => {
    const daemon = createDaemon();
    expect(runDockerCommand(daemon, ["info", "-f", "{{.Driver"], env(DOCKER_26_1))).toEqual({
      exitCode: 64,
      stdout: "",
      stderr: "template parsing error: template: :1: unclosed action\n",
    });
    expect(runDockerCommand(daemon, ["info", "-f", "{{.Nope}}"], env(DOCKER_26_1))).toEqual({
      exitCode: 1,
      stdout: "\n",
      stderr:
        'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type system.dockerInfo\n',
    });
    expect(runDockerCommand(daemon, ["info", "-f", "{{.Nope}}"], env()).stderr).toContain(
      "in type system.info\n",
    );
  });
});
