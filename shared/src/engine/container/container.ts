/**
 * Containers: an image's read-only layers, Docker's init layer, and a private writable layer on
 * top, with the lifecycle `docker create/start/stop/rm/commit` gives them (K1–K6).
 *
 * Containers are plain values; every operation returns a new one. Running a command is delegated
 * to a `ContainerRuntime` (the safe shell), so this module decides only what Docker's daemon
 * decides: which layers are mounted, where writes land, what a commit records and what sizes are.
 */
import type { Reason } from "../../core/reasons.ts";
import { reason } from "../../core/reasons.ts";
import { type DockerDiffEntry, dockerDiff } from "../fs/changes.ts";
import { containerdLayerChanges } from "../fs/containerd-diff.ts";
import { createOverlayMount } from "../fs/overlay.ts";
import { createDir, createFile, getNode, removeNode, treeFromPaths, walkTree } from "../fs/tree.ts";
import type { DirNode, FileNode, Identity, MountedFs } from "../fs/types.ts";
import { applyChangeset, bindMount, stackLayers } from "../fs/union.ts";
import { historyTime } from "../image/config-json.ts";
import { createImage, DOCKER_VERSION, readImageDraft } from "../image/image.ts";
import { computeLayerSize, createLayer, isEmptyChangeset } from "../image/layer.ts";
import type { ContainerConfig, HistoryEntry, Image } from "../image/types.ts";

/** What running a command needs from the shell (the same seam the builder uses). */
export interface ContainerRuntime {
  runArgv(
    argv: readonly string[],
    options: { fs: MountedFs; env: readonly string[]; cwd: string; identity: Identity; now: number },
  ): { exitCode: number; stdout: string; stderr: string };
}

export type ContainerStatus = "created" | "running" | "exited";

export interface Container {
  readonly id: string;
  readonly name: string;
  readonly image: Image;
  /** The command as Docker stores it: entrypoint + cmd make the process's argv. */
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** The process's environment: Config.Env plus the runtime's PATH default, HOSTNAME and HOME. */
  readonly env: readonly string[];
  /** `Config.Env` as `docker inspect` shows it and `docker commit` keeps it: the image's Env and `-e`. */
  readonly configEnv: readonly string[];
  readonly workdir: string;
  readonly user: string;
  /** Anonymous volumes: the image's VOLUMEs plus `-v /path` (K5). */
  readonly volumes: readonly string[];
  /**
   * The host's /etc/hostname, /etc/hosts and /etc/resolv.conf that Docker bind-mounts over the init
   * layer's stubs: what the container reads there. Writes go to these host files, never to the
   * layer; hosts and resolv.conf keep them across restarts, the hostname is written anew at start.
   */
  readonly hostFiles: Readonly<Record<(typeof BIND_MOUNTED_FILES)[number], FileNode>>;
  /** The writable layer as a changeset tree (K1: empty at create). */
  readonly upper: DirNode;
  /**
   * Directories of the writable layer that were copied up and then received a copied-up entry, so
   * the kernel's overlay xattrs on them take a block of their own on ext4 (fs/disk-usage.ts). Absent
   * in states saved before it was kept.
   */
  readonly impureCopiedUpDirs?: readonly string[];
  readonly status: ContainerStatus;
  readonly exitCode?: number;
  /** Everything the container's processes printed, in order. */
  readonly logs: string;
  readonly created: number;
}

export interface CreateContainerOptions {
  readonly id: string;
  readonly name?: string;
  /** `docker run IMAGE cmd…`: replaces the image's Cmd. */
  readonly cmd?: readonly string[];
  /** `--entrypoint`: replaces the image's Entrypoint (and drops its Cmd unless cmd is given). */
  readonly entrypoint?: readonly string[];
  /** `-e K=V` (added to, and overriding, the image's Env). */
  readonly env?: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
  readonly volumes?: readonly string[];
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/**
 * Docker's init layer (`daemon/initlayer`, O8): mountpoint stubs the runtime binds over, made when
 * the container is created (their mtime). It sits between the image and the writable layer, so
 * `docker diff` never reports these paths.
 */
export function initLayer(mtime: number): DirNode {
  // Kept per mtime, so that a container's init layer keeps its inodes from one command to the next.
  let layer = initLayers.get(mtime);
  if (layer === undefined) {
    layer = makeInitLayer(mtime);
    if (initLayers.size >= 256) initLayers.delete(initLayers.keys().next().value as number);
    initLayers.set(mtime, layer);
  }
  return layer;
}

const initLayers = new Map<number, DirNode>();

function makeInitLayer(mtime: number): DirNode {
  return treeFromPaths(
    [
      "/.dockerenv",
      "/dev/",
      "/dev/console",
      "/dev/pts/",
      "/dev/shm/",
      "/etc/",
      "/etc/hostname",
      "/etc/hosts",
      "/etc/mtab -> /proc/mounts",
      "/etc/resolv.conf",
      "/proc/",
      "/sys/",
    ],
    { mtime },
  );
}

function envKey(entry: string): string {
  const equals = entry.indexOf("=");
  return equals === -1 ? entry : entry.slice(0, equals);
}

/** Later entries override earlier ones with the same name, keeping the first position. */
function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const merged = [...base];
  for (const entry of overrides) {
    const index = merged.findIndex((existing) => envKey(existing) === envKey(entry));
    if (index === -1) merged.push(entry);
    else merged[index] = entry;
  }
  return merged;
}

/** K1: `docker create` — an empty writable layer over the image and the init layer. */
export function createContainer(image: Image, options: CreateContainerOptions): Container {
  const config = image.config.config;
  const entrypoint = options.entrypoint ?? config.Entrypoint ?? [];
  const cmd = options.cmd ?? (options.entrypoint ? [] : (config.Cmd ?? []));
  // Config.Env: the `-e` values first, then the image's that they do not override (daemon `merge`).
  const userEnv = options.env ?? [];
  const configEnv = [
    ...userEnv,
    ...(config.Env ?? []).filter((entry) => !userEnv.some((user) => envKey(user) === envKey(entry))),
  ];
  // The process gets PATH and HOSTNAME first, then Config.Env (`CreateDaemonEnvironment`).
  const env = mergeEnv(
    [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      `HOSTNAME=${options.id.slice(0, 12)}`,
    ],
    configEnv,
  );
  const volumes = [...Object.keys(config.Volumes ?? {}), ...(options.volumes ?? [])];
  return {
    id: options.id,
    name: options.name ?? options.id.slice(0, 12),
    image,
    entrypoint,
    cmd,
    env: env.some((entry) => envKey(entry) === "HOME") ? env : [...env, "HOME=/root"],
    configEnv,
    workdir: options.workdir ?? (config.WorkingDir || "/"),
    user: options.user ?? config.User ?? "",
    volumes: [...new Set(volumes)],
    hostFiles: hostFilesFor(options.id, Math.floor(options.now / 1000)),
    // The writable layer's directory is made with the container: the merged root shows its mtime.
    upper: createDir({ mtime: Math.floor(options.now / 1000) }),
    status: "created",
    logs: "",
    created: options.now,
  };
}

/**
 * What Docker writes into the files it bind-mounts: the short ID as hostname, the standard hosts
 * entries (a container without a bridge network, as on the machine the transcripts were recorded),
 * and a resolv.conf — which on a real host is the host's own, with local resolvers replaced by
 * Google's public ones (libnetwork `resolvconf`); the simulator shows that fallback.
 */
function hostFilesFor(id: string, mtime: number): Container["hostFiles"] {
  const file = (text: string) => createFile(text, { mode: 0o644, uid: 0, gid: 0, mtime });
  return {
    "/etc/hostname": file(`${id.slice(0, 12)}\n`),
    "/etc/hosts": file(
      "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    ),
    "/etc/resolv.conf": file("nameserver 8.8.8.8\nnameserver 8.8.4.4\n"),
  };
}

/**
 * The image's union view with the init layer on top: the writable layer's lower (O1); with a
 * container, also the host files bind-mounted over the init layer's stubs.
 */
export function containerLowerView(image: Image, container?: Container): DirNode {
  const imageView = stackLayers(image.layers.map((layer) => layer.changes)).at(-1) ?? createDir();
  let view = applyChangeset(
    imageView,
    initLayer(container === undefined ? 0 : Math.floor(container.created / 1000)),
  );
  for (const [path, node] of Object.entries(container?.hostFiles ?? {})) view = bindMount(view, path, node);
  return view;
}

/** `USER name`, `uid`, `uid:gid` or `name:group` → numeric ids, from the container's /etc files. */
export function resolveIdentity(user: string, fs: MountedFs): Identity | undefined {
  if (user === "") return { uid: 0, gid: 0 };
  const [userPart = "", groupPart] = user.split(":");
  const lookup = (file: string, name: string): number | undefined => {
    const content = fs.readFile(file);
    if (!content.ok) return undefined;
    for (const line of content.value.text().split("\n")) {
      const fields = line.split(":");
      if (fields[0] === name) return Number(fields[2]);
    }
    return undefined;
  };
  const primaryGroup = (uid: number): number => {
    const content = fs.readFile("/etc/passwd");
    if (!content.ok) return 0;
    for (const line of content.value.text().split("\n")) {
      const fields = line.split(":");
      if (Number(fields[2]) === uid) return Number(fields[3]);
    }
    // Docker: a uid without a passwd entry runs with gid 0.
    return 0;
  };
  const uid = /^\d+$/.test(userPart) ? Number(userPart) : lookup("/etc/passwd", userPart);
  if (uid === undefined) return undefined;
  const gid =
    groupPart === undefined
      ? primaryGroup(uid)
      : /^\d+$/.test(groupPart)
        ? Number(groupPart)
        : lookup("/etc/group", groupPart);
  return gid === undefined ? undefined : { uid, gid, groups: runtimeGroups(fs, uid, gid) };
}

/**
 * The supplementary groups Docker gives a container's process (and a legacy RUN's): its primary
 * group and every /etc/group entry listing the user by name, in the kernel's sorted order
 * (recorded in the applets-users transcript on Docker 20.10 and 26.1).
 */
function runtimeGroups(fs: MountedFs, uid: number, gid: number): number[] {
  const passwd = fs.readFile("/etc/passwd");
  const name = passwd.ok
    ? passwd.value
        .text()
        .split("\n")
        .map((line) => line.split(":"))
        .find((fields) => Number(fields[2]) === uid)?.[0]
    : undefined;
  const groups = new Set([gid]);
  const group = fs.readFile("/etc/group");
  if (name !== undefined && group.ok) {
    for (const fields of group.value
      .text()
      .split("\n")
      .map((line) => line.split(":"))) {
      const id = Number(fields[2]);
      if (fields[2] !== undefined && Number.isInteger(id) && (fields[3] ?? "").split(",").includes(name))
        groups.add(id);
    }
  }
  return [...groups].sort((left, right) => left - right);
}

export interface RunResult {
  readonly container: Container;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly reasons: readonly Reason[];
}

/** Runs `argv` in the container's file system; the writable layer keeps what it wrote (K2). */
/** The files Docker bind-mounts from the host over the init layer's stubs (O8). */
const BIND_MOUNTED_FILES = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"] as const;

/**
 * Writes to the bind-mounted /etc files land on the host, not in the writable layer: drops them (and
 * a copied-up /etc that held nothing else new) from the upper, so `docker diff` and `ps -s` agree
 * with Docker's.
 */
function withoutBindMounts(upper: DirNode, before: DirNode): DirNode {
  let result = upper;
  for (const path of BIND_MOUNTED_FILES) {
    if (getNode(result, path) !== undefined && getNode(before, path) === undefined)
      result = removeNode(result, path);
  }
  const etc = getNode(result, "/etc");
  if (
    etc?.kind === "dir" &&
    etc.children.size === 0 &&
    !etc.opaque &&
    getNode(before, "/etc") === undefined
  ) {
    result = removeNode(result, "/etc");
  }
  return result;
}

function runInContainer(
  container: Container,
  argv: readonly string[],
  runtime: ContainerRuntime,
  now: number,
): RunResult {
  const mount = createOverlayMount(containerLowerView(container.image, container), {
    identity: { uid: 0, gid: 0 },
    now: Math.floor(now / 1000),
    volumes: container.volumes,
    upper: container.upper,
  });
  const identity = resolveIdentity(container.user, mount.fs);
  if (identity === undefined) {
    const message = `unable to find user ${container.user}: no matching entries in passwd file`;
    return {
      container: { ...container, status: "exited", exitCode: 126 },
      exitCode: 126,
      stdout: "",
      stderr: `docker: Error response from daemon: ${message}.\n`,
      reasons: [reason("user-not-found", message)],
    };
  }
  const userMount =
    identity.uid === 0 && identity.gid === 0
      ? mount
      : createOverlayMount(containerLowerView(container.image, container), {
          identity,
          now: Math.floor(now / 1000),
          volumes: container.volumes,
          upper: container.upper,
        });
  if (argv.length === 0) {
    const message = "No command specified";
    return {
      container,
      exitCode: 125,
      stdout: "",
      stderr: `docker: Error response from daemon: ${message}.\n`,
      reasons: [reason("no-command", message)],
    };
  }
  const outcome = runtime.runArgv(argv, {
    fs: userMount.fs,
    env: container.env,
    cwd: container.workdir,
    identity,
    now: Math.floor(now / 1000),
  });
  const upper = withoutBindMounts(userMount.upper(), container.upper);
  const impureCopiedUpDirs = [
    ...new Set([...(container.impureCopiedUpDirs ?? []), ...userMount.impureCopiedUpDirs()]),
  ].sort();
  // Writes to the bind-mounted files went to the host's copies, which outlive the process.
  const hostFiles = { ...container.hostFiles };
  for (const path of BIND_MOUNTED_FILES) {
    const node = getNode(userMount.merged(), path);
    if (node?.kind === "file") hostFiles[path] = node;
  }
  return {
    container: {
      ...container,
      hostFiles,
      upper,
      ...(impureCopiedUpDirs.length > 0 ? { impureCopiedUpDirs } : {}),
      status: "exited",
      exitCode: outcome.exitCode,
      logs: container.logs + outcome.stdout + outcome.stderr,
    },
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    reasons: isEmptyChangeset(upper)
      ? [reason("no-writes", "The command wrote nothing: the writable layer is still empty (K1).", "K1")]
      : [
          reason(
            "writes-in-upper",
            "What the command wrote went to the container's writable layer; the image's layers are unchanged (O7).",
            "O7",
          ),
        ],
  };
}

/** `docker start`: runs the container's command (entrypoint + cmd) over its writable layer. */
export function startContainer(container: Container, runtime: ContainerRuntime, now: number): RunResult {
  // Each start writes the hostname file again; hosts and resolv.conf keep what earlier runs wrote.
  const hostname = hostFilesFor(container.id, Math.floor(now / 1000))["/etc/hostname"];
  return runInContainer(
    { ...container, status: "running", hostFiles: { ...container.hostFiles, "/etc/hostname": hostname } },
    [...container.entrypoint, ...container.cmd],
    runtime,
    now,
  );
}

/** `docker exec`: another process in the same file system. */
export function execInContainer(
  container: Container,
  argv: readonly string[],
  runtime: ContainerRuntime,
  now: number,
): RunResult {
  const result = runInContainer(container, argv, runtime, now);
  // exec does not change the container's own state or exit code.
  return {
    ...result,
    container: {
      ...result.container,
      status: container.status,
      ...(container.exitCode === undefined ? {} : { exitCode: container.exitCode }),
    },
  };
}

/** `docker stop`: the writable layer stays (K2). */
export function stopContainer(container: Container): Container {
  return container.status === "running"
    ? { ...container, status: "exited", exitCode: container.exitCode ?? 0 }
    : container;
}

/** `docker diff` (O8): the writable layer compared with the image plus the init layer. */
export function containerDiff(container: Container): DockerDiffEntry[] {
  return dockerDiff({ parentView: containerLowerView(container.image, container), upper: container.upper });
}

export interface ContainerSize {
  /** `SizeRw`: the writable layer's DiffSize (S4). */
  readonly sizeRw: number;
  /** `SizeRootFs`: the image's size plus SizeRw; the init layer and volumes are not counted (S4). */
  readonly sizeRootFs: number;
}

export function imageSize(image: Image): number {
  return image.layers.reduce((sum, layer) => sum + layer.size, 0);
}

export function containerSize(container: Container): ContainerSize {
  const sizeRw = computeLayerSize(container.upper);
  return { sizeRw, sizeRootFs: imageSize(container.image) + sizeRw };
}

export interface CommitOptions {
  readonly message?: string;
  readonly author?: string;
  /** `--change` instructions, already parsed into config updates. */
  readonly changes?: Partial<ContainerConfig>;
  /** Milliseconds since the epoch. */
  readonly now: number;
  /**
   * The daemon's image store: on the containerd store the layer is what containerd's walking differ
   * writes for the container's snapshot over its parent (fs/containerd-diff.ts), not the upper
   * directory as it is.
   */
  readonly imageStore?: "overlay2" | "containerd";
}

/**
 * `docker commit` (K4): the writable layer becomes one new layer on top of the image's layers
 * (no layer when nothing changed: the history item is `empty_layer`), the config is the container's
 * (its Cmd, Env…) plus `--change`, and the history item records the container's command. Volume
 * contents are not committed; only the mountpoint directories in the writable layer are (K5).
 */
export function commitContainer(
  container: Container,
  options: CommitOptions,
): { image: Image; reasons: Reason[] } {
  const draft = readImageDraft(container.image);
  const changes =
    options.imageStore === "containerd"
      ? containerdLayerChanges(
          // The snapshot's parent: the image and the init layer (the host files are bind mounts).
          applyChangeset(
            stackLayers(container.image.layers.map((layer) => layer.changes)).at(-1) ?? createDir(),
            initLayer(Math.floor(container.created / 1000)),
          ),
          container.upper,
          { differ: "walking", diffTime: Math.floor(options.now / 1000) },
        )
      : container.upper;
  const empty = isEmptyChangeset(changes);
  const created = historyTime(options.now);
  const command = [...container.entrypoint, ...container.cmd].join(" ");
  const history: HistoryEntry = {
    created,
    created_by: command,
    ...(options.author === undefined ? {} : { author: options.author }),
    ...(options.message === undefined ? {} : { comment: options.message }),
    ...(empty ? { empty_layer: true } : {}),
  };
  const config: ContainerConfig = {
    ...draft.config,
    // Config.Env, not the process's environment: the runtime's PATH default, HOSTNAME and HOME stay out.
    Env: [...container.configEnv],
    Cmd: [...container.cmd],
    Entrypoint: container.entrypoint.length > 0 ? [...container.entrypoint] : null,
    WorkingDir: container.workdir === "/" ? (draft.config.WorkingDir ?? "") : container.workdir,
    User: container.user,
    ...options.changes,
  };
  const image = createImage({
    format: "moby",
    origin: "commit",
    layers: empty ? container.image.layers : [...container.image.layers, createLayer(changes)],
    parent: container.image,
    document: {
      architecture: draft.architecture,
      os: draft.os,
      created,
      ...(options.author === undefined ? {} : { author: options.author }),
      container: container.id,
      container_config: { ...config, Hostname: container.id.slice(0, 12) },
      docker_version: DOCKER_VERSION,
      config,
      history: [...draft.history, history],
    },
  });
  const reasons = empty
    ? [
        reason(
          "commit-empty",
          "Nothing changed in the writable layer, so the commit adds a history item with empty_layer and no layer (K4).",
          "K4",
        ),
      ]
    : [
        reason(
          "commit-layer",
          `The writable layer (${computeLayerSize(container.upper)} B) became one new layer on top of the image's ${container.image.layers.length} (K4); volume data is not included (K5).`,
          "K4",
        ),
      ];
  return { image, reasons };
}

/**
 * Why a path in the container looks the way it does: the image's file untouched, copied up into
 * the writable layer (and what that did to hard links), created there, or hidden by a whiteout.
 * @example explainContainerPath(container, "/h/b") // "/h/b still shows the image's version: …"
 */
export function explainContainerPath(container: Container, path: string): Reason[] {
  const lower = containerLowerView(container.image, container);
  const upperNode = getNode(container.upper, path);
  const lowerNode = getNode(lower, path);
  const linksOf = (inode: number) => {
    const paths: string[] = [];
    for (const entry of walkTree(lower))
      if (entry.node.kind === "file" && entry.node.inode === inode) paths.push(entry.path);
    return paths;
  };
  if (upperNode?.kind === "whiteout") {
    return [
      reason(
        "deleted",
        `${path} was deleted in the container: a whiteout in the writable layer hides the image's copy, which still takes space in its layer (O4, S3).`,
        "O4",
      ),
    ];
  }
  // A directory in the writable layer: docker diff lists it A when the container made it, C when
  // overlay copied the image's directory up to hold a change below it (or to its own metadata).
  if (upperNode?.kind === "dir") {
    return lowerNode === undefined || lowerNode.kind === "whiteout"
      ? [
          reason(
            "created",
            `${path} is a directory the container created; it lives only in its writable layer (docker diff: A).`,
            "K1",
          ),
        ]
      : [
          reason(
            "parent-copied-up",
            `${path} is the image's directory, copied up into the writable layer because something in it (or its own metadata) changed; its other entries still come from the image (O3, W5).`,
            "W5",
          ),
        ];
  }
  if (upperNode !== undefined) {
    if (lowerNode === undefined || lowerNode.kind === "whiteout") {
      return [
        reason(
          "created",
          `${path} was created in the container and lives only in its writable layer (docker diff: A).`,
          "K1",
        ),
      ];
    }
    const reasons = [
      reason(
        "copied-up",
        `${path} was copied up: the first write or metadata change copied the whole file (${upperNode.kind === "file" ? upperNode.content.size : 0} B) into the writable layer, where the change was made (O3).`,
        "O3",
      ),
    ];
    if (lowerNode.kind === "file") {
      const others = linksOf(lowerNode.inode).filter((other) => other !== path);
      if (others.length > 0) {
        reasons.push(
          reason(
            "hard-link-broken",
            `copy-up broke the hard link: ${others.join(", ")} still show${others.length === 1 ? "s" : ""} the image's version (O6).`,
            "O6",
          ),
        );
      }
    }
    return reasons;
  }
  if (lowerNode !== undefined && lowerNode.kind === "file") {
    const copiedSiblings = linksOf(lowerNode.inode).filter((other) => {
      const copied = getNode(container.upper, other);
      return other !== path && copied !== undefined && copied.kind === "file";
    });
    if (copiedSiblings.length > 0) {
      return [
        reason(
          "hard-link-broken",
          `${path} still shows the image's version: it was a hard link of ${copiedSiblings.join(", ")}, and copying that file up gave the container a separate copy (O6).`,
          "O6",
        ),
      ];
    }
  }
  if (lowerNode !== undefined) {
    return [
      reason(
        "from-image",
        `${path} comes unchanged from the image's layers, shared read-only with every container of the image (K6).`,
        "K6",
      ),
    ];
  }
  return [reason("absent", `${path} exists neither in the image nor in the container's writable layer.`)];
}
