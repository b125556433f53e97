/**
 * The simulated daemon the `layercake docker` command talks to: the engine's image store plus the
 * containers, and the helpers every command shares (finding images and containers, sizes, image
 * rows). Node-free: the persistence and the file system live in `state.ts` and `host-io.ts`.
 */
import { sha256Digest } from "../../core/hash.ts";
import type { BuildKitCacheRecord } from "../cache/buildkit.ts";
import { findCatalogImage } from "../catalog/index.ts";
import {
  type Container,
  type ContainerRuntime,
  type ContainerSize,
  containerSize,
  imageSize,
} from "../container/container.ts";
import {
  createImageStore,
  type ImageStore,
  type ImageStoreState,
  type ImageUser,
  type OtherCacheRecord,
} from "../daemon/image-store.ts";
import { snapshotDiskUsage } from "../fs/disk-usage.ts";
import type { Image, Layer } from "../image/types.ts";
import { runArgv } from "../shell/index.ts";
import {
  containerdManifestContentSize,
  containerdSnapshotChainUsage,
  initDirectoriesUnder,
  initSnapshotUsage,
  layerBlobSize,
} from "./containerd-sizes.ts";
import { type DaemonProfile, DOCKER_20_10 } from "./profile.ts";

/** A container plus what the CLI needs beyond the engine's value. */
export interface ContainerRecord {
  container: Container;
  /** The image reference the user gave (`tiny:1`), shown by `docker ps`. */
  readonly imageName: string;
  /** `docker run --rm`. */
  readonly autoRemove: boolean;
  /** `-e` entries as given (a commit records these, not the runtime's defaults). */
  readonly userEnv: readonly string[];
  /** `--network` as given (`docker ps`'s NETWORKS); absent for the default bridge. */
  readonly network?: string;
}

export interface SimDaemon {
  readonly store: ImageStore;
  /** In creation order. */
  readonly containers: ContainerRecord[];
  readonly runtime: ContainerRuntime;
  /** When each image was stored (ms), for CREATED columns and ordering. */
  readonly createdMs: Map<Image, number>;
}

/** A daemon's state as values, for saving it between commands (`exportDaemonState`). */
export interface SimDaemonState {
  readonly store: ImageStoreState;
  readonly containers: readonly ContainerRecord[];
  readonly createdMs: ReadonlyMap<Image, number>;
}

/**
 * A fresh daemon with the simulated catalog as its registry. `tiny:1` is present from the start
 * unless `pulled` says otherwise (`layercake docker` starts with none, as a fresh install lists no
 * images); other catalog images are pulled on first use (a build, run or create).
 */
export function createDaemon(options: CreateDaemonOptions = {}): SimDaemon {
  const { seed = "layercake-cli", pulled = ["tiny:1"] } = options;
  const store = createImageStore({ catalog: findCatalogImage, ...(seed === null ? {} : { seed }) });
  for (const reference of pulled) store.resolveBaseImage(reference);
  return { store, containers: [], runtime: { runArgv }, createdMs: new Map() };
}

export interface CreateDaemonOptions {
  /** Seeds the store's generated IDs (null: the store's default seed). Default "layercake-cli". */
  readonly seed?: string | null;
  /** Catalog images present from the start. Default `tiny:1`, as on the recorded daemon. */
  readonly pulled?: readonly string[];
}

/** A daemon that continues from a saved state (what `exportDaemonState` returned). */
export function restoreDaemon(
  state: SimDaemonState,
  options: Pick<CreateDaemonOptions, "seed"> = {},
): SimDaemon {
  const { seed = "layercake-cli" } = options;
  const store = createImageStore({
    catalog: findCatalogImage,
    ...(seed === null ? {} : { seed }),
    state: state.store,
  });
  return {
    store,
    containers: [...state.containers],
    runtime: { runArgv },
    createdMs: new Map(state.createdMs),
  };
}

/** What `restoreDaemon` needs to continue where this daemon is. */
export function exportDaemonState(daemon: SimDaemon): SimDaemonState {
  return { store: daemon.store.exportState(), containers: daemon.containers, createdMs: daemon.createdMs };
}

/**
 * What `docker history` shows as a layer's SIZE: its bytes (overlay2) or, on the containerd image
 * store, the disk usage of its unpacked snapshot (fs/disk-usage.ts).
 */
export function historyLayerSize(profile: DaemonProfile): (layer: Layer) => number {
  return profile.store === "containerd" ? (layer) => snapshotDiskUsage(layer.changes) : (layer) => layer.size;
}

/**
 * `SizeRw` and `SizeRootFs` of a container: on overlay2 the bytes of its writable layer and of the
 * image plus those; on the containerd image store the disk usage of its writable snapshot, and of
 * it plus every snapshot under it (moby v26.1.5 daemon/containerd/service.go
 * `GetContainerLayerSize`: the container's init snapshot, the image's layer snapshots and the init
 * snapshots under its committed layers), measured on Docker 26.1.
 */
export function containerSizeOf(profile: DaemonProfile, container: Container): ContainerSize {
  if (profile.store !== "containerd") return containerSize(container);
  const sizeRw = snapshotDiskUsage(container.upper, container.impureCopiedUpDirs);
  const initUsage = initSnapshotUsage(initDirectoriesUnder(container.image));
  return { sizeRw, sizeRootFs: sizeRw + initUsage + containerdSnapshotChainUsage(container.image) };
}

/** The creation time of an image (its config's `created`). */
export function imageCreatedMs(image: Image): number {
  const parsed = Date.parse(image.config.created);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** A container by full ID, unique ID prefix or name (with or without the leading slash). */
export function findContainer(daemon: SimDaemon, reference: string): ContainerRecord | undefined {
  const name = reference.replace(/^\//, "");
  const byName = daemon.containers.find((record) => record.container.name === name);
  if (byName !== undefined) return byName;
  if (!/^[0-9a-f]+$/.test(reference)) return undefined;
  const matches = daemon.containers.filter((record) => record.container.id.startsWith(reference));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The containers created from an image, as `rmi` asks for them. */
export function containersUsing(daemon: SimDaemon, image: Image): ImageUser[] {
  return daemon.containers
    .filter((record) => record.container.image.id === image.id)
    .map((record) => ({ id: record.container.id, running: record.container.status === "running" }));
}

export { imageSize };

/** One row of `docker images`: a tag of an image, or `<none>` for an untagged one. */
export interface ImageRow {
  readonly repository: string;
  readonly tag: string;
  readonly image: Image;
  readonly createdMs: number;
  readonly size: number;
}

/**
 * An image's size as `docker images` and `docker system df` list it: the bytes of its layers on
 * overlay2 (R25), and on the containerd image store its content (manifest, config, gzip layer
 * blobs) plus the disk usage of its snapshot chain (containerd-sizes.ts).
 */
export function listedImageSize(profile: DaemonProfile, image: Image): number {
  if (profile.store !== "containerd") return imageSize(image);
  return containerdManifestContentSize(image) + containerdSnapshotChainUsage(image);
}

/**
 * The rows of `docker images [-a]`: every tag, plus untagged images that are not the parent of
 * another image (`-a` lists those intermediates too), newest first.
 */
export function listImageRows(
  daemon: SimDaemon,
  all: boolean,
  profile: DaemonProfile = DOCKER_20_10,
): ImageRow[] {
  const { store } = daemon;
  const rows: ImageRow[] = [];
  for (const image of store.listImages()) {
    const tags = store.tagsOf(image);
    const createdMs = imageCreatedMs(image);
    const size = listedImageSize(profile, image);
    if (tags.length === 0) {
      if (!all && store.childrenOf(image).length > 0) continue;
      rows.push({ repository: "<none>", tag: "<none>", image, createdMs, size });
      continue;
    }
    for (const tag of tags) {
      const colon = tag.lastIndexOf(":");
      rows.push({ repository: tag.slice(0, colon), tag: tag.slice(colon + 1), image, createdMs, size });
    }
  }
  return rows.sort((a, b) => b.createdMs - a.createdMs);
}

/**
 * `docker system df`: bytes of an image shared with other images. overlay2 counts a layer's bytes
 * when another image has the same chain (layers counted once per image); the containerd store
 * counts the disk usage of each layer snapshot (by ChainID) that another listed image has too, and
 * never content or init snapshots (moby v26.1.5 daemon/containerd/image_list.go `computeSharedSize`).
 */
export function sharedSize(daemon: SimDaemon, image: Image, profile: DaemonProfile = DOCKER_20_10): number {
  const containerd = profile.store === "containerd";
  const images = containerd
    ? [...new Set(listImageRows(daemon, false, profile).map((row) => row.image))]
    : daemon.store.listImages();
  const counts = new Map<string, number>();
  for (const other of images) {
    for (const diffId of new Set(chainKeys(other.layers))) counts.set(diffId, (counts.get(diffId) ?? 0) + 1);
  }
  let shared = 0;
  const keys = chainKeys(image.layers);
  image.layers.forEach((layer, index) => {
    if ((counts.get(keys[index] ?? "") ?? 0) > 1) {
      shared += containerd ? snapshotDiskUsage(layer.changes) : layer.size;
    }
  });
  return shared;
}

/** Layer identity by position: the DiffIDs so far (a ChainID without hashing). */
export function chainKeys(layers: readonly Layer[]): string[] {
  const keys: string[] = [];
  let key = "";
  for (const layer of layers) {
    key = `${key} ${layer.diffId}`;
    keys.push(key);
  }
  return keys;
}

/** One record of BuildKit's build cache as `docker system df -v` lists it. */
export interface BuildCacheRow {
  /** 25 characters of [a-z0-9], as BuildKit's record IDs look (derived from the record here). */
  readonly id: string;
  readonly type: "regular" | "source.local";
  readonly size: number;
  /** A layer an image also uses: not counted in the cache's size, kept by a dangling prune. */
  readonly shared: boolean;
  /**
   * BuildKit's mutable records (`*` in Docker 26.1's `builder prune` table): the local sources, and
   * a step result never committed (the last of a stage read through COPY --from) while no image
   * holds it and no step result was stacked on it.
   */
  readonly mutable: boolean;
  readonly usage: number;
  readonly createdMs: number;
  readonly lastUsedMs: number;
  readonly step?: BuildKitCacheRecord;
  readonly other?: OtherCacheRecord;
}

/**
 * The build cache's records (Docker 20.10, checked against the daemon: transcript
 * build-cache-usage): a step's result (its layer's size), a pulled image's layers (0 B each) and the
 * local sources (their bytes). Sizes are the current ones: BuildKit computes a record's size once,
 * at the first `docker system df` or prune after it was made, and keeps it, so the daemon can show
 * a source's old size after the files changed; the simulator does not keep that stale number.
 *
 * On the containerd image store (Docker 26.1, transcripts build-cache-usage and build-cache-stages;
 * BuildKit cache/refs.go `size`) a record's size is its snapshot's disk usage plus its layer's gzip
 * blob once an image exported it: a step's own snapshot (a RUN's with the /etc it copied up for its
 * mounts), a pulled layer's blob only (the image store owns its snapshot), a local source's files
 * in blocks. A record is shared when an image lists its chain of blobs (and so are its parents,
 * cache/manager.go `markShared`); a step result no image exported has no blob of its own, so its
 * chain of blobs is its parent's: a stage's result and a failed build's step over a listed image
 * are shared. Blobs are the exported layers themselves, not their contents: a record whose step
 * ran again (after a prune, `forgetKeys`) is no longer shared once an image holds the new result,
 * even when the two layers are equal (measured on the daemon: the old records turn unshared).
 */
export function buildCacheRows(daemon: SimDaemon, profile: DaemonProfile = DOCKER_20_10): BuildCacheRow[] {
  const heldChains = new Set(daemon.store.listImages().flatMap((image) => chainKeys(image.layers)));
  const chainOf = (layers: readonly Layer[]) => chainKeys(layers).at(-1) ?? "";
  const cache = daemon.store.buildkitCache;
  const onContainerd = profile.store === "containerd";
  const layerNumbers = new Map<Layer, number>();
  const blobChainKeys = (layers: readonly Layer[]): string[] => {
    let key = "";
    return layers.map((layer) => {
      let number = layerNumbers.get(layer);
      if (number === undefined) {
        number = layerNumbers.size;
        layerNumbers.set(layer, number);
      }
      key = `${key}/${number}`;
      return key;
    });
  };
  const heldBlobChains = new Set(daemon.store.listImages().flatMap((image) => blobChainKeys(image.layers)));
  const stackedOn = new Set(cache.list().flatMap((record) => chainKeys(record.snapshot).slice(0, -1)));
  const steps = cache.list().map((record): BuildCacheRow => {
    const usage = cache.usageOf(record);
    const chain = chainOf(record.snapshot);
    const exported = cache.isExported(record);
    const shared = onContainerd
      ? heldBlobChains.has(
          blobChainKeys(exported ? record.snapshot : record.snapshot.slice(0, -1)).at(-1) ?? "",
        )
      : heldChains.has(chain);
    const size = onContainerd
      ? (record.snapshotUsage ?? snapshotDiskUsage(record.layer.changes)) +
        (exported ? layerBlobSize(record.layer) : 0)
      : record.layer.size;
    return {
      id: cacheRecordId(`${record.key}#${record.sequence}`),
      type: "regular",
      size,
      shared,
      mutable: cache.isUncommitted(record) && !heldChains.has(chain) && !stackedOn.has(chain),
      usage: usage.count,
      createdMs: record.createdMs,
      lastUsedMs: usage.lastUsedMs,
      step: record,
    };
  });
  const otherSize = (record: OtherCacheRecord): number => {
    if (!onContainerd) return record.size;
    if (record.type === "source.local") return record.diskUsage ?? record.size;
    const layer = record.snapshot?.at(-1);
    return layer === undefined ? 0 : layerBlobSize(layer);
  };
  const others = cache.otherRecords().map(
    (record): BuildCacheRow => ({
      id: cacheRecordId(record.key),
      type: record.type,
      size: otherSize(record),
      shared: record.snapshot !== undefined && heldChains.has(chainOf(record.snapshot)),
      mutable: record.type === "source.local",
      usage: record.usage.count,
      createdMs: record.createdMs,
      lastUsedMs: record.usage.lastUsedMs,
      other: record,
    }),
  );
  return [...others, ...steps].sort((a, b) => a.createdMs - b.createdMs);
}

function cacheRecordId(seed: string): string {
  return BigInt(`0x${sha256Digest(seed).slice("sha256:".length)}`)
    .toString(36)
    .padStart(25, "0")
    .slice(0, 25);
}
