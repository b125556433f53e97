/**
 * The simulated daemon's image store: images, tags, local parent links (legacy builder
 * intermediates, commits), the legacy build cache (children of an image) and `docker rmi`, with
 * BuildKit's cache records (buildkit-cache-store.ts) and the daemon's ID counters (id-counters.ts)
 * beside them. It is the only state a build touches: `buildImage(request, store)` reads and adds
 * here, so rebuilding with the same store shows cache hits.
 */
import { type Digest, shortId } from "../../core/hash.ts";
import type { ClassicCacheCandidate } from "../cache/classic.ts";
import { findCatalogImage } from "../catalog/index.ts";
import type { DirNode } from "../fs/types.ts";
import { serializeImageConfig } from "../image/config-json.ts";
import { readImageDraft, readImageFormat, readImageIndexNonce, readImageParent } from "../image/image.ts";
import { chainIds } from "../image/layer.ts";
import type { Image } from "../image/types.ts";
import {
  type BuildKitCacheState,
  type BuildKitCacheStore,
  type CacheUsage,
  createBuildKitCacheStore,
  type OtherCacheRecord,
} from "./buildkit-cache-store.ts";
import { createIdCounters, type IdCountersState } from "./id-counters.ts";
import { normalizeImageTag, parseImageReference } from "./reference.ts";

export type { BuildKitCacheStore, CacheUsage, OtherCacheRecord };

/** Finds a simulated registry image by reference (the container helper's catalog). */
export type CatalogLookup = (reference: string) => Image | undefined;

/** A container that uses an image, as `docker rmi` must know it. */
export interface ImageUser {
  readonly id: string;
  readonly running: boolean;
}

export interface RemoveImageOptions {
  /** `docker rmi -f`. */
  readonly force?: boolean;
  /** `--no-prune` sets this to false: untagged parents are kept. */
  readonly prune?: boolean;
  /** Containers created from an image (the container helper knows them). */
  readonly containersUsing?: (image: Image) => readonly ImageUser[];
  /**
   * The containerd image store's rules (moby daemon/containerd/image_delete.go): the last name of an
   * image a container uses is refused as `unable to delete <name> (must be forced)`, and with force
   * only the name goes, the image staying as a dangling image the container still uses.
   */
  readonly containerd?: boolean;
}

/** One line of `docker rmi` output. */
export type RemoveRecord = { readonly untagged: string } | { readonly deleted: string };

export type RemoveImageResult =
  | { readonly ok: true; readonly records: readonly RemoveRecord[] }
  | { readonly ok: false; readonly error: string; readonly records: readonly RemoveRecord[] };

/** What a build step recorded about the image it produced, for later explanations. */
export interface StepAnnotation {
  /** The instruction text that produced the image. */
  readonly instruction: string;
  /** COPY/ADD: digest of every source entry by context-relative path (computed when asked). */
  readonly sourceDigests?: () => ReadonlyMap<string, string>;
}

export interface ImageStore {
  /**
   * Adds an image and returns the stored one: an image whose config and layers equal a stored
   * image's is that image (the ID is the config digest, D5), so the stored object is returned.
   */
  addImage(image: Image, options?: { readonly createdMs?: number }): Image;
  hasImage(image: Image): boolean;
  /** Every stored image, in the order they were added. */
  listImages(): readonly Image[];
  /** By `name[:tag]`, full ID (`sha256:…`) or an unambiguous ID prefix (as `docker` accepts them). */
  getImage(reference: string): Image | undefined;
  /** Local store first, then the simulated catalog ("pulls" the image: adds and tags it). */
  resolveBaseImage(reference: string): Image | undefined;
  /** Tags an image; returns the normalised tag, or undefined when the reference is invalid. */
  tagImage(image: Image, reference: string): string | undefined;
  /** Tags of an image, sorted. */
  tagsOf(image: Image): string[];
  /** Every tag with its image. */
  listTags(): readonly { readonly tag: string; readonly image: Image }[];
  parentOf(image: Image): Image | undefined;
  /** Children of an image; `undefined` asks for the images without a parent (legacy `FROM scratch` probe). */
  childrenOf(image: Image | undefined): Image[];
  /** The legacy builder's cache candidates under a parent (its children with their container configs). */
  classicCacheCandidates(parent: Image | undefined): ClassicCacheCandidate[];
  /** `docker rmi`. */
  removeImage(reference: string, options?: RemoveImageOptions): RemoveImageResult;
  /** Removes one name; false when no image had it. */
  untag(tag: string): boolean;
  /**
   * Removes an image and its names outright, whatever was built on it: the containerd image store
   * keeps no parent links between images (its prune deletes the classic builder's intermediates).
   */
  dropImage(image: Image): void;
  annotate(image: Image, annotation: StepAnnotation): void;
  annotationOf(image: Image): StepAnnotation | undefined;
  /** BuildKit cache records (content-addressed by cache key). */
  readonly buildkitCache: BuildKitCacheStore;
  /**
   * BuildKit's cache mounts (`RUN --mount=type=cache`) by id (default: the target path): what they
   * hold between builds. Never part of a layer or a cache key.
   */
  readonly cacheMounts: Map<string, DirNode>;
  /** A fresh, deterministic 64-hex container ID (builds create one per legacy step). */
  nextContainerId(): string;
  /** BuildKit: the build context as last transferred to the daemon (see build/context-transfer.ts). */
  transferredContext(): DirNode | undefined;
  rememberTransferredContext(context: DirNode): void;
  /**
   * A fresh inode number for files a build copies (COPY/ADD): numbered from 2^40 so that they never
   * meet the inodes of catalog images or of the build context.
   */
  nextInode(): number;
  /** Everything the store holds, for saving the daemon's state (see `ImageStoreState`). */
  exportState(): ImageStoreState;
}

/**
 * A store's contents as values (the objects themselves: images share layers, records hold them),
 * for saving the simulated daemon between commands and restoring it with `createImageStore`.
 * Annotations are left out: they only explain cache misses, which no docker command prints.
 */
export interface ImageStoreState {
  /** In the order they were added. */
  readonly images: readonly StoredImage[];
  /** In the order they were set. */
  readonly tags: readonly (readonly [string, Image])[];
  readonly buildkitCache: BuildKitCacheState;
  /** How many images were ever added (their sequence numbers continue from it). */
  readonly imageSequence: number;
  readonly ids: IdCountersState;
  readonly transferredContext?: DirNode;
  /** BuildKit's cache mounts by id, in the order they were made. */
  readonly cacheMounts?: readonly (readonly [string, DirNode])[];
}

export interface StoredImage {
  readonly image: Image;
  readonly parent: Image | undefined;
  readonly createdMs: number;
  readonly sequence: number;
}

type ConflictKind = "dependent-child" | "running-container" | "active-reference" | "stopped-container";
const HARD_CONFLICTS: ReadonlySet<ConflictKind> = new Set(["dependent-child", "running-container"]);
const ALL_CONFLICTS: ReadonlySet<ConflictKind> = new Set([
  "dependent-child",
  "running-container",
  "active-reference",
  "stopped-container",
]);

type Entry = StoredImage;

export interface CreateImageStoreOptions {
  /** Where FROM finds images the store lacks; default the simulated catalog (`catalog/`). */
  readonly catalog?: CatalogLookup;
  /** Seed for container IDs, so that two stores do not hand out the same IDs. */
  readonly seed?: string;
  /** What an earlier store exported (`exportState`): the store starts with it. */
  readonly state?: ImageStoreState;
}

/**
 * Creates an empty store.
 * @example const store = createImageStore({ catalog: findCatalogImage });
 */
export function createImageStore(options: CreateImageStoreOptions = {}): ImageStore {
  const entries = new Map<Image, Entry>();
  const children = new Map<Image | undefined, Image[]>();
  const tags = new Map<string, Image>();
  const annotations = new WeakMap<Image, StepAnnotation>();
  let sequence = 0;
  let transferred: DirNode | undefined;

  const parentOf = (image: Image): Image | undefined => {
    const entry = entries.get(image);
    if (entry !== undefined) return entry.parent;
    return readImageParent(image);
  };

  const tokens = new WeakMap<object, number>();
  let tokenCounter = 0;
  const tokenOf = (value: object): number => {
    let token = tokens.get(value);
    if (token === undefined) {
      tokenCounter += 1;
      token = tokenCounter;
      tokens.set(value, token);
    }
    return token;
  };
  /** Images by parent and layers: only images sharing both can have equal config bytes (then equal IDs). */
  const byShape = new Map<string, Image[]>();
  const shapeOf = (image: Image): string => {
    const parent = readImageParent(image);
    return `${parent === undefined ? "" : tokenOf(parent)}/${image.layers.map((layer) => tokenOf(layer)).join(",")}`;
  };
  const configBytesOf = (image: Image): string => {
    const format = readImageFormat(image);
    // Images with different index nonces are different images (containerd store), however alike.
    return `${format}\n${readImageIndexNonce(image) ?? ""}\n${serializeImageConfig({ ...readImageDraft(image), rootfs: { type: "layers", diff_ids: [] } }, format)}`;
  };

  const addImage = (image: Image, addOptions: { readonly createdMs?: number } = {}): Image => {
    if (entries.has(image)) return image;
    const shape = shapeOf(image);
    const sameShape = (byShape.get(shape) ?? []).filter((candidate) => entries.has(candidate));
    if (sameShape.length > 0) {
      // Equal config bytes and equal layers mean an equal ID (D5): the stored image is this image.
      const bytes = configBytesOf(image);
      const same = sameShape.find((candidate) => configBytesOf(candidate) === bytes);
      if (same !== undefined) return same;
    }
    byShape.set(shape, [...sameShape, image]);
    let parent = readImageParent(image);
    if (parent === undefined && image.parentId !== undefined) parent = findById(image.parentId);
    const createdMs = addOptions.createdMs ?? parseCreated(image);
    sequence += 1;
    entries.set(image, { image, parent, createdMs, sequence });
    const siblings = children.get(parent) ?? [];
    siblings.push(image);
    children.set(parent, siblings);
    return image;
  };

  const findById = (id: string): Image | undefined => {
    for (const image of entries.keys()) if (image.id === id) return image;
    return undefined;
  };

  const getImage = (reference: string): Image | undefined => {
    const tag = normalizeImageTag(reference);
    if (tag !== undefined) {
      const tagged = tags.get(tag);
      if (tagged !== undefined) return tagged;
    }
    const hex = reference.startsWith("sha256:") ? reference.slice(7) : reference;
    if (!/^[0-9a-f]{1,64}$/.test(hex)) return undefined;
    // An ID prefix must name exactly one image (Docker: "ambiguous" otherwise); full IDs always do.
    const matches = [...entries.keys()].filter((image) => image.id.slice(7).startsWith(hex));
    return matches.length === 1 ? matches[0] : matches.find((image) => image.id.slice(7) === hex);
  };

  const tagsOf = (image: Image): string[] =>
    [...tags.entries()]
      .filter(([, tagged]) => tagged === image)
      .map(([tag]) => tag)
      .sort();

  const removeEntry = (image: Image): void => {
    const entry = entries.get(image);
    if (entry === undefined) return;
    entries.delete(image);
    const siblings = children.get(entry.parent);
    if (siblings !== undefined) {
      const index = siblings.indexOf(image);
      if (index !== -1) siblings.splice(index, 1);
    }
  };

  const layerChains = (image: Image): Digest[] => chainIds(image.layers.map((layer) => layer.diffId));

  const deleteHelper = (
    image: Image,
    out: RemoveRecord[],
    force: boolean,
    prune: boolean,
    quiet: boolean,
    users: (image: Image) => readonly ImageUser[],
  ): string | undefined => {
    const conflict = deleteConflict(image, users, force ? HARD_CONFLICTS : ALL_CONFLICTS);
    if (conflict !== undefined) {
      const dangling = tagsOf(image).length === 0 && (children.get(image)?.length ?? 0) === 0;
      if (quiet && (!dangling || conflict.used)) return undefined;
      return conflict.message;
    }
    const parent = parentOf(image);
    for (const tag of tagsOf(image)) {
      tags.delete(tag);
      out.push({ untagged: tag });
    }
    const chains = layerChains(image);
    removeEntry(image);
    out.push({ deleted: image.id });
    const stillUsed = new Set<string>();
    for (const other of entries.keys()) for (const chain of layerChains(other)) stillUsed.add(chain);
    // BuildKit's cache records hold their snapshots in the same layer store.
    const cacheRecords = [...buildkitCache.list(), ...buildkitCache.otherRecords()];
    for (const snapshot of cacheRecords.map((record) => record.snapshot ?? [])) {
      const chain = chainIds(snapshot.map((layer) => layer.diffId)).at(-1);
      if (chain !== undefined) stillUsed.add(chain);
    }
    for (const chain of [...chains].reverse()) {
      if (stillUsed.has(chain)) break;
      out.push({ deleted: chain });
    }
    if (!prune || parent === undefined || !entries.has(parent)) return undefined;
    return deleteHelper(parent, out, false, true, true, users);
  };

  /** `checkImageDeleteConflict` with Docker's conflict mask and messages. */
  const deleteConflict = (
    image: Image,
    users: (image: Image) => readonly ImageUser[],
    mask: ReadonlySet<ConflictKind>,
  ): { message: string; used: boolean } | undefined => {
    const short = shortId(image.id);
    if (mask.has("dependent-child") && (children.get(image)?.length ?? 0) > 0) {
      return {
        message: `conflict: unable to delete ${short} (cannot be forced) - image has dependent child images`,
        used: false,
      };
    }
    const running = users(image).find((user) => user.running);
    if (mask.has("running-container") && running !== undefined) {
      return {
        message: `conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${shortId(running.id)}`,
        used: true,
      };
    }
    if (mask.has("active-reference") && tagsOf(image).length > 0) {
      return {
        message: `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories`,
        used: false,
      };
    }
    const stopped = users(image).find((user) => !user.running);
    if (mask.has("stopped-container") && stopped !== undefined) {
      return {
        message: `conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${shortId(stopped.id)}`,
        used: true,
      };
    }
    return undefined;
  };

  const removeImage = (reference: string, removeOptions: RemoveImageOptions = {}): RemoveImageResult => {
    const force = removeOptions.force ?? false;
    const prune = removeOptions.prune ?? true;
    const users = removeOptions.containersUsing ?? (() => []);
    const image = getImage(reference);
    if (image === undefined) return { ok: false, error: `Error: No such image: ${reference}`, records: [] };
    const out: RemoveRecord[] = [];
    const failed = (message: string): RemoveImageResult => ({
      ok: false,
      error: `Error response from daemon: ${message}`,
      records: out,
    });
    let quiet = false;
    if (!isIdPrefix(image.id, reference)) {
      // By reference: untag; delete only when no other tag is left (image_delete.go).
      const tag = normalizeImageTag(reference) ?? reference;
      const user = users(image)[0];
      if (!force && tagsOf(image).length === 1 && user !== undefined) {
        return failed(
          removeOptions.containerd
            ? `conflict: unable to delete ${tag} (must be forced) - container ${shortId(user.id)} is using its referenced image ${shortId(image.id)}`
            : `conflict: unable to remove repository reference "${reference}" (must force) - container ${shortId(user.id)} is using its referenced image ${shortId(image.id)}`,
        );
      }
      if (removeOptions.containerd && tagsOf(image).length === 1 && user !== undefined) {
        // softImageDelete: the image stays, dangling, for the container that uses it.
        tags.delete(tag);
        return { ok: true, records: [{ untagged: tag }] };
      }
      tags.delete(tag);
      out.push({ untagged: tag });
      if (tagsOf(image).length > 0) return { ok: true, records: out };
      quiet = true;
    } else if (tagsOf(image).length === 1) {
      const mask = force
        ? HARD_CONFLICTS
        : new Set<ConflictKind>(["dependent-child", "running-container", "stopped-container"]);
      const conflict = deleteConflict(image, users, mask);
      if (conflict !== undefined) return failed(conflict.message);
      for (const tag of tagsOf(image)) {
        tags.delete(tag);
        out.push({ untagged: tag });
      }
    }
    const error = deleteHelper(image, out, force, prune, quiet, users);
    return error === undefined ? { ok: true, records: out } : failed(error);
  };

  const buildkitCache = createBuildKitCacheStore(options.state?.buildkitCache);
  const cacheMounts = new Map<string, DirNode>(options.state?.cacheMounts ?? []);
  const counters = createIdCounters(options.seed ?? "", options.state?.ids);

  if (options.state !== undefined) {
    const { state } = options;
    for (const entry of state.images) {
      entries.set(entry.image, entry);
      const siblings = children.get(entry.parent) ?? [];
      siblings.push(entry.image);
      children.set(entry.parent, siblings);
      const shape = shapeOf(entry.image);
      byShape.set(shape, [...(byShape.get(shape) ?? []), entry.image]);
    }
    for (const [tag, image] of state.tags) tags.set(tag, image);
    sequence = state.imageSequence;
    transferred = state.transferredContext;
  }

  return {
    addImage,
    untag: (tag) => tags.delete(tag),
    dropImage(image) {
      for (const tag of tagsOf(image)) tags.delete(tag);
      removeEntry(image);
    },
    hasImage: (image) => entries.has(image),
    listImages: () => [...entries.keys()],
    getImage,
    resolveBaseImage(reference) {
      const local = getImage(reference);
      if (local !== undefined) return local;
      const pulled = (options.catalog ?? findCatalogImage)(reference);
      if (pulled === undefined) return undefined;
      addImage(pulled);
      const tag = normalizeImageTag(reference);
      if (tag !== undefined && parseImageReference(reference)?.digest === undefined) tags.set(tag, pulled);
      return pulled;
    },
    tagImage(image, reference) {
      const tag = normalizeImageTag(reference);
      if (tag === undefined) return undefined;
      addImage(image);
      tags.set(tag, image);
      return tag;
    },
    tagsOf,
    listTags: () => [...tags.entries()].map(([tag, image]) => ({ tag, image })),
    parentOf,
    childrenOf: (image) => [...(children.get(image) ?? [])],
    classicCacheCandidates(parent) {
      return (children.get(parent) ?? []).map((image) => {
        const entry = entries.get(image) as Entry;
        return {
          image,
          containerConfig: readImageDraft(image).container_config ?? {},
          createdMs: entry.createdMs,
          sequence: entry.sequence,
        };
      });
    },
    removeImage,
    annotate: (image, annotation) => annotations.set(image, annotation),
    annotationOf: (image) => annotations.get(image),
    buildkitCache,
    cacheMounts,
    transferredContext: () => transferred,
    rememberTransferredContext(context) {
      transferred = context;
    },
    nextInode: counters.nextInode,
    nextContainerId: counters.nextContainerId,
    exportState: () => ({
      images: [...entries.values()],
      tags: [...tags.entries()],
      buildkitCache: buildkitCache.exportState(),
      imageSequence: sequence,
      ids: counters.exportState(),
      ...(transferred === undefined ? {} : { transferredContext: transferred }),
      ...(cacheMounts.size === 0 ? {} : { cacheMounts: [...cacheMounts.entries()] }),
    }),
  };
}

function parseCreated(image: Image): number {
  const parsed = Date.parse(readImageDraft(image).created);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function isIdPrefix(id: string, reference: string): boolean {
  return id.startsWith(reference) || id.slice(7).startsWith(reference);
}
