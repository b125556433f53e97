/**
 * The documents `docker inspect` prints for an image and a container (Docker 20.10 field names and
 * order), with overlay2's `GraphDriver.Data` directories.
 */
import { sha256Digest } from "../../core/hash.ts";
import type { Container } from "../container/container.ts";
import { readImageDraft } from "../image/image.ts";
import { chainIds } from "../image/layer.ts";
import type { Image } from "../image/types.ts";
import { containerdInspectSize } from "./containerd-sizes.ts";
import { type ContainerRecord, containerSizeOf, imageSize, type SimDaemon } from "./daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "./profile.ts";

/** The `docker image inspect` document of an image (Docker 20.10 field names and order). */
export function inspectImage(
  daemon: SimDaemon,
  image: Image,
  profile: DaemonProfile = DOCKER_20_10,
): Record<string, unknown> {
  const draft = readImageDraft(image);
  const parent = daemon.store.parentOf(image);
  const size = profile.store === "containerd" ? containerdInspectSize(image) : imageSize(image);
  // API 1.45 (Docker 26.1) no longer returns Container, ContainerConfig and VirtualSize.
  const legacy = profile.engine === "20.10";
  return {
    Id: image.id,
    RepoTags: daemon.store.tagsOf(image),
    RepoDigests: [],
    Parent: parent?.id ?? "",
    Comment: draft.history.at(-1)?.comment ?? "",
    Created: draft.created,
    ...(legacy
      ? {
          Container: draft.container ?? "",
          // The full document: the legacy builder links each config's Image field to the parent image.
          ContainerConfig: fullConfig(image.config.container_config ?? {}),
        }
      : {}),
    DockerVersion: draft.docker_version ?? "",
    Author: draft.author ?? "",
    // The containerd image store reads Config from the OCI config, which has no Image field.
    Config:
      profile.store === "containerd"
        ? { ...fullConfig(image.config.config), Image: "" }
        : fullConfig(image.config.config),
    Architecture: draft.architecture,
    Os: draft.os,
    Size: size,
    ...(legacy ? { VirtualSize: size } : {}),
    GraphDriver:
      profile.store === "containerd"
        ? { Data: null, Name: "overlayfs" }
        : { Data: imageGraphDriverData(image), Name: "overlay2" },
    RootFS: { Type: "layers", Layers: image.layers.map((layer) => layer.diffId) },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}

const DOCKER_ROOT = "/var/lib/docker";

/**
 * overlay2 names a layer's directory by a random cache ID; the simulator derives one from what the
 * directory holds (the layer's ChainID, the container's ID), so that it is stable between commands.
 */
function overlayDirectory(seed: string): string {
  return `${DOCKER_ROOT}/overlay2/${sha256Digest(`layercake-overlay2-cache-id:${seed}`).slice(7)}`;
}

/** The image's layer directories, top layer first (overlay2's lowerdir order). */
function layerDirectories(image: Image): string[] {
  return chainIds(image.layers.map((layer) => layer.diffId))
    .map((chainId) => overlayDirectory(chainId))
    .reverse();
}

/** `GraphDriver.Data` of an image: its top layer as the upper directory over the ones below. */
function imageGraphDriverData(image: Image): Record<string, string> | null {
  const [top, ...lower] = layerDirectories(image);
  if (top === undefined) return null;
  return {
    ...(lower.length === 0 ? {} : { LowerDir: lower.map((dir) => `${dir}/diff`).join(":") }),
    MergedDir: `${top}/merged`,
    UpperDir: `${top}/diff`,
    WorkDir: `${top}/work`,
  };
}

/** `GraphDriver.Data` of a container: its writable layer over the init layer and the image's layers. */
function containerGraphDriverData(container: Container): Record<string, string> {
  const own = overlayDirectory(`container:${container.id}`);
  const lower = [`${own}-init`, ...layerDirectories(container.image)];
  return {
    LowerDir: lower.map((dir) => `${dir}/diff`).join(":"),
    MergedDir: `${own}/merged`,
    UpperDir: `${own}/diff`,
    WorkDir: `${own}/work`,
  };
}

/** A container config with every field Docker's JSON prints, in its order. */
function fullConfig(source: object): Record<string, unknown> {
  const config = source as Readonly<Record<string, unknown>>;
  const keys = [
    "Hostname",
    "Domainname",
    "User",
    "AttachStdin",
    "AttachStdout",
    "AttachStderr",
    "ExposedPorts",
    "Tty",
    "OpenStdin",
    "StdinOnce",
    "Env",
    "Cmd",
    "Healthcheck",
    "ArgsEscaped",
    "Image",
    "Volumes",
    "WorkingDir",
    "Entrypoint",
    "OnBuild",
    "Labels",
    "StopSignal",
    "Shell",
  ];
  const defaults: Record<string, unknown> = {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: null,
    Image: "",
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  };
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = config[key] ?? defaults[key];
    if (value === undefined) continue;
    // Go's encoding/json writes map keys sorted (ExposedPorts, Volumes, Labels).
    out[key] =
      value !== null && typeof value === "object" && !Array.isArray(value) && key !== "Healthcheck"
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : value;
  }
  return out;
}

const ZERO_TIME = "0001-01-01T00:00:00Z";

export function inspectContainer(
  record: ContainerRecord,
  withSize: boolean,
  profile: DaemonProfile = DOCKER_20_10,
): Record<string, unknown> {
  const { container } = record;
  const size = containerSizeOf(profile, container);
  return {
    Id: container.id,
    Created: new Date(container.created).toISOString(),
    Path: container.entrypoint[0] ?? container.cmd[0] ?? "",
    Args: [...container.entrypoint, ...container.cmd].slice(1),
    State: {
      Status: container.status,
      Running: container.status === "running",
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: container.exitCode ?? 0,
      Error: "",
      // A simulated process runs to its end the moment it starts.
      StartedAt: container.status === "created" ? ZERO_TIME : new Date(container.created).toISOString(),
      FinishedAt: container.status === "exited" ? new Date(container.created).toISOString() : ZERO_TIME,
    },
    Image: container.image.id,
    Name: `/${container.name}`,
    // The containerd image store names its snapshotter and has no overlay2 directories to show.
    ...(profile.store === "containerd"
      ? { Driver: "overlayfs", GraphDriver: { Data: null, Name: "overlayfs" } }
      : { Driver: "overlay2", GraphDriver: { Data: containerGraphDriverData(container), Name: "overlay2" } }),
    ...(withSize ? { SizeRw: size.sizeRw, SizeRootFs: size.sizeRootFs } : {}),
    Config: {
      Hostname: container.id.slice(0, 12),
      User: container.user,
      Env: container.configEnv.length === 0 ? null : [...container.configEnv],
      Cmd: [...container.cmd],
      Image: record.imageName,
      WorkingDir: container.workdir,
      Entrypoint: container.entrypoint.length === 0 ? null : [...container.entrypoint],
    },
  };
}
