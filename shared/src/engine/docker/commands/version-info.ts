/**
 * `docker version` and `docker info` (`docker system info`) as the real client and daemon of the
 * simulated profile print them (Debian's docker.io 20.10.24 and 26.1.5, the daemons the
 * differential suite records), with the machine-dependent fields (kernel, memory, build dates, IDs)
 * fixed to simulated values.
 */
import { flagValue } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, profileOf, withFlags } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";
import {
  executeTypedTemplate,
  type FieldKind,
  parseTemplate,
  type Schema,
  TemplateError,
} from "../go-template/index.ts";
import { MARSHAL_JSON } from "../go-template/marshal-json.ts";
import { type DaemonProfile, ENGINE_RELEASES } from "../profile.ts";

export function version(_daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("version", argv, [], () => ok(renderVersion(profileOf(env))));
}

export function info(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("info", argv, [{ long: "format", short: "f", value: true }], (args) => {
    const format = flagValue(args, "format");
    if (!format) return ok(renderInfo(daemon, profileOf(env)));
    return formatInfo(infoDocument(daemon, profileOf(env), env.nowMs), format, profileOf(env));
  });
}

/**
 * `docker info --format`: the template runs once over the CLI's info struct (the daemon's
 * system.Info embedded, then ClientInfo), then a newline; `json` means `{{json .}}` from Docker 23.
 * A template that does not parse exits 64 (`template parsing error: …`); one that fails while
 * running prints Go's error as is and exits 1, after what it wrote before the failing action and
 * the newline.
 */
function formatInfo(
  document: Record<string, unknown>,
  format: string,
  profile: DaemonProfile,
): CommandResult {
  const template = profile.engine !== "20.10" && format === "json" ? "{{json .}}" : format;
  const goType = profile.engine === "20.10" ? "system.info" : "system.dockerInfo";
  try {
    parseTemplate(template);
  } catch (error) {
    if (error instanceof TemplateError) return fail(error.message, error.exitCode);
    throw error;
  }
  try {
    return ok(`${executeTypedTemplate(template, document, schemaOf(document), goType)}\n`);
  } catch (error) {
    if (error instanceof TemplateError) return fail(error.message, 1, `${error.written}\n`);
    throw error;
  }
}

/** Fields that are Go maps (printed `map[k:v]`), not structs. */
const MAP_FIELDS = new Set(["Runtimes", "IndexConfigs"]);

/** The Go types of an info document's fields, read from its values (null is a nil slice). */
function schemaOf(document: Record<string, unknown>): Schema {
  return Object.entries(document).map(([name, value]): readonly [string, FieldKind] => {
    if (typeof value === "string") return [name, "string"];
    if (typeof value === "number") return [name, "int"];
    if (typeof value === "boolean") return [name, "bool"];
    if (value === null || Array.isArray(value)) return [name, "slice"];
    if (MAP_FIELDS.has(name)) return [name, "map"];
    return [name, { struct: schemaOf(value as Record<string, unknown>) }];
  });
}

/**
 * encoding/json's `omitempty`: the fields of the info struct that the JSON leaves out when empty
 * (and, from API 1.42, KernelMemory and KernelMemoryTCP).
 */
const OMIT_EMPTY = new Set([
  "SystemStatus",
  "CgroupVersion",
  "ClusterStore",
  "ClusterAdvertise",
  "ProductLicense",
  "DefaultAddressPools",
  "ExecutionDriver",
  "ServerErrors",
  "ClientErrors",
]);

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === "" ||
    value === false ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The document `docker info --format` runs over, in the Go structs' field order (moby's
 * api/types Info of the profile's release, and docker/cli's info struct around it), with the values
 * the plain `docker info` prints.
 */
export function infoDocument(
  daemon: SimDaemon,
  profile: DaemonProfile,
  nowMs: number,
): Record<string, unknown> {
  const release = ENGINE_RELEASES[profile.engine];
  const modern = profile.engine !== "20.10";
  const running = daemon.containers.filter((record) => record.container.status === "running").length;
  const driverStatus =
    profile.store === "containerd"
      ? [["driver-type", "io.containerd.snapshotter.v1"]]
      : [
          ["Backing Filesystem", "extfs"],
          ["Supports d_type", "true"],
          ...(modern ? [["Using metacopy", "false"]] : []),
          ["Native Overlay Diff", "true"],
          ["userxattr", "false"],
        ];
  const commit = (id: string) => ({ ID: id, Expected: id });
  const server: Record<string, unknown> = {
    ID: "LAYE:RCAK:ESIM:ULAT:EDDA:EMON:LAYE:RCAK:ESIM:ULAT:EDDA:EMON",
    Containers: daemon.containers.length,
    ContainersRunning: running,
    ContainersPaused: 0,
    ContainersStopped: daemon.containers.length - running,
    Images: daemon.store.listImages().length,
    Driver: profile.store === "containerd" ? "overlayfs" : "overlay2",
    DriverStatus: driverStatus,
    SystemStatus: null,
    Plugins: {
      Volume: ["local"],
      Network: ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
      Authorization: null,
      Log: [
        "awslogs",
        "fluentd",
        "gcplogs",
        "gelf",
        "journald",
        "json-file",
        "local",
        ...(modern ? [] : ["logentries"]),
        "splunk",
        "syslog",
      ],
    },
    MemoryLimit: true,
    SwapLimit: true,
    KernelMemory: false,
    KernelMemoryTCP: false,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    BridgeNfIptables: false,
    BridgeNfIp6tables: false,
    Debug: false,
    NFd: 24,
    OomKillDisable: false,
    NGoroutines: 40,
    SystemTime: new Date(nowMs).toISOString().replace(/\.000Z$/, "Z"),
    LoggingDriver: "json-file",
    CgroupDriver: "cgroupfs",
    CgroupVersion: "",
    NEventsListener: 0,
    KernelVersion: "layercake",
    OperatingSystem: "layercake (simulated)",
    OSVersion: "",
    OSType: "linux",
    Architecture: "x86_64",
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: null,
      AllowNondistributableArtifactsHostnames: null,
      InsecureRegistryCIDRs: ["127.0.0.0/8"],
      IndexConfigs: { "docker.io": { Name: "docker.io", Mirrors: [], Secure: true, Official: true } },
      Mirrors: null,
    },
    NCPU: 2,
    MemTotal: 4_294_967_296,
    GenericResources: null,
    DockerRootDir: "/var/lib/docker",
    HttpProxy: "",
    HttpsProxy: "",
    NoProxy: "",
    Name: "layercake",
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: release.version,
    ...(modern ? {} : { ClusterStore: "", ClusterAdvertise: "" }),
    Runtimes: { "io.containerd.runc.v2": { path: "runc" }, runc: { path: "runc" } },
    DefaultRuntime: "runc",
    Swarm: {
      NodeID: "",
      NodeAddr: "",
      LocalNodeState: "inactive",
      ControlAvailable: false,
      Error: "",
      RemoteManagers: null,
    },
    LiveRestoreEnabled: false,
    Isolation: "",
    InitBinary: "docker-init",
    ContainerdCommit: commit(release.containerd),
    RuncCommit: commit(release.runc),
    InitCommit: commit(""),
    SecurityOptions: ["name=seccomp,profile=builtin"],
    ProductLicense: "",
    DefaultAddressPools: null,
    ...(modern ? { CDISpecDirs: [], ExecutionDriver: "" } : {}),
    Warnings: null,
  };
  const clientInfo = modern
    ? {
        Debug: false,
        Version: release.version,
        ApiVersion: release.apiVersion,
        GitCommit: release.clientCommit,
        GoVersion: release.goVersion,
        Os: "linux",
        Arch: "amd64",
        Context: "default",
        Plugins: [
          {
            SchemaVersion: "0.1.0",
            Vendor: "Docker Inc.",
            Version: "0.13.1+ds1",
            ShortDescription: "Docker Buildx",
            Name: "buildx",
            Path: "/usr/libexec/docker/cli-plugins/docker-buildx",
          },
        ],
        Warnings: null,
      }
    : { Debug: false, Context: "default", Plugins: [], Warnings: null };
  const document: Record<string, unknown> = {
    ...server,
    ServerErrors: null,
    ClientInfo: clientInfo,
    ClientErrors: null,
  };
  const json = () =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(document).filter(
          ([key, value]) =>
            !((OMIT_EMPTY.has(key) || (modern && key.startsWith("KernelMemory"))) && isEmpty(value)),
        ),
      ),
    );
  return { ...document, [MARSHAL_JSON]: json };
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
