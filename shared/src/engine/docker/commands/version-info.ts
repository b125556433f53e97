/**
 * `docker version` and `docker info` (`docker system info`) as the real client and daemon of the
 * simulated profile print them (Debian's docker.io 20.10.24 and 26.1.5, the daemons the
 * differential suite records), with the machine-dependent fields (kernel, memory, build dates, IDs)
 * fixed to simulated values.
 */
import { type CommandEnv, type CommandResult, ok, profileOf, withFlags } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";
import { type DaemonProfile, ENGINE_RELEASES } from "../profile.ts";

export function version(_daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("version", argv, [], () => ok(renderVersion(profileOf(env))));
}

export function info(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("info", argv, [], () => ok(renderInfo(daemon, profileOf(env))));
}

/** `docker version`. */
export function renderVersion(profile: DaemonProfile): string {
  const release = ENGINE_RELEASES[profile.engine];
  const client = [
    "Client:",
    ` Version:           ${release.version}`,
    ` API version:       ${release.apiVersion}`,
    ` Go version:        ${release.goVersion}`,
    ` Git commit:        ${release.clientCommit}`,
    " Built:             (simulated by layercake)",
    " OS/Arch:           linux/amd64",
    " Context:           default",
    ...(profile.engine === "20.10" ? [" Experimental:      true"] : []),
  ];
  const server = [
    "Server:",
    " Engine:",
    `  Version:          ${release.version}`,
    `  API version:      ${release.apiVersion} (minimum version ${release.minimumApiVersion})`,
    `  Go version:       ${release.goVersion}`,
    `  Git commit:       ${release.gitCommit}`,
    "  Built:            (simulated by layercake)",
    "  OS/Arch:          linux/amd64",
    "  Experimental:     false",
    " containerd:",
    `  Version:          ${release.containerd}`,
    `  GitCommit:        ${release.containerd}`,
    " runc:",
    `  Version:          ${release.runc}`,
    `  GitCommit:        ${release.runc}`,
    " docker-init:",
    "  Version:          0.19.0",
    "  GitCommit:        ",
  ];
  return `${[...client, "", ...server].join("\n")}\n`;
}

/** `docker info`: the client's plugins, then the daemon's counts and storage. */
export function renderInfo(daemon: SimDaemon, profile: DaemonProfile): string {
  const release = ENGINE_RELEASES[profile.engine];
  const running = daemon.containers.filter((record) => record.container.status === "running").length;
  const storage =
    profile.store === "containerd"
      ? [" Storage Driver: overlayfs", "  driver-type: io.containerd.snapshotter.v1"]
      : [
          " Storage Driver: overlay2",
          "  Backing Filesystem: extfs",
          "  Supports d_type: true",
          ...(profile.engine === "26.1" ? ["  Using metacopy: false"] : []),
          "  Native Overlay Diff: true",
          "  userxattr: false",
        ];
  const client =
    profile.engine === "20.10"
      ? ["Client:", " Context:    default", " Debug Mode: false"]
      : [
          "Client:",
          ` Version:    ${release.version}`,
          " Context:    default",
          " Debug Mode: false",
          " Plugins:",
          "  buildx: Docker Buildx (Docker Inc.)",
          "    Version:  0.13.1+ds1",
          "    Path:     /usr/libexec/docker/cli-plugins/docker-buildx",
        ];
  const server = [
    "Server:",
    ` Containers: ${daemon.containers.length}`,
    `  Running: ${running}`,
    "  Paused: 0",
    `  Stopped: ${daemon.containers.length - running}`,
    ` Images: ${daemon.store.listImages().length}`,
    ` Server Version: ${release.version}`,
    ...storage,
    " Logging Driver: json-file",
    " Cgroup Driver: cgroupfs",
    " Swarm: inactive",
    " Default Runtime: runc",
    ` containerd version: ${release.containerd}`,
    ` runc version: ${release.runc}`,
    " Operating System: layercake (simulated)",
    " OSType: linux",
    " Architecture: x86_64",
    " Docker Root Dir: /var/lib/docker",
    " Debug Mode: false",
    " Experimental: false",
    " Live Restore Enabled: false",
  ];
  return `${[...client, "", ...server].join("\n")}\n\n`;
}
