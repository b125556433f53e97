/**
 * The simulated daemon's state as files (node-only), laid out as `/var/lib/docker` keeps its own:
 * small metadata in one JSON document (`state.json`: images with their configs, tags, both build
 * caches, containers, counters) and content-addressed files for what is large and never changes —
 * file trees (`trees/<sha256>.json`: a layer's changes, a container's writable layer, the last
 * transferred build context) and file bytes over `INLINE_BYTES` (`blobs/<sha256>`).
 *
 * Writing encodes only trees it has not written before (a tree read back from disk remembers its
 * key), so a command pays for the layers it made, not for every layer the daemon holds. Reading
 * parses the metadata and leaves every tree on disk until the engine touches it: the root of a
 * layer's changes, a container's writable layer or the transferred context reads its file when
 * first looked into, so `docker images` reads one small file however many layers exist.
 *
 * Values are encoded generically (plain objects, arrays, Maps, byte arrays), with references for
 * what has identity in the engine: images and layers are rows of two tables (an image's parent and
 * a cache record's snapshot point at the same objects again after loading), directory trees are
 * files, and file contents keep their keys (generated payloads are stored as their recipes).
 * Functions in the engine's values are lazily computed explanations of cache misses (BuildKit's
 * `contentEntries`); they are not stored, as no docker command prints them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Digest } from "../core/hash.ts";
import { readImageSourceIdentities, restoreImageSourceIdentities } from "../engine/builder/buildkit.ts";
import { computedContainerdSizes } from "../engine/docker/containerd-sizes.ts";
import type { SimDaemonState } from "../engine/docker/daemon.ts";
import { bytesContent, contentFromRecipe, readContentRecipe } from "../engine/fs/content.ts";
import { lastAllocatedInode, reserveInodes, WHITEOUT } from "../engine/fs/tree.ts";
import type { DirNode, FileContent, FsNode, Metadata } from "../engine/fs/types.ts";
import { createImage, readImageRecipe } from "../engine/image/image.ts";
import type { Image, Layer } from "../engine/image/types.ts";
import { StateError } from "./state-error.ts";

/** File bytes up to this size are kept inside their tree's file; larger ones are blobs. */
const INLINE_BYTES = 8 * 1024;

/** Properties holding lazily computed explanations (functions), left out of the saved state. */
const EXPLANATION_PROPERTIES: ReadonlySet<string> = new Set(["contentEntries", "sourceDigests"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The metadata document (`state.json`) without its format version. */
export interface StateDocument {
  readonly layers: readonly LayerRow[];
  readonly images: readonly ImageRow[];
  readonly daemon: Json;
  /** Inode numbers at or below this may appear in stored trees. */
  readonly lastInode: number;
  readonly sourceIdentityCounter: number;
  /** The blobs each tree holds (trees without any are left out), so unused blobs can be removed. */
  readonly treeBlobs: Readonly<Record<string, readonly string[]>>;
}

/** A state to write: the document and the trees it references (every other tree is unused). */
export interface EncodedState {
  readonly document: StateDocument;
  readonly trees: ReadonlySet<string>;
}

/**
 * DiffID, size, tree key, and the size of its gzip blob on the containerd store once computed
 * (compressing is the slowest part of listing images there).
 */
type LayerRow = readonly [string, number, string] | readonly [string, number, string, number];

interface ImageRow {
  /** Saved so that listing images computes no digest (it equals the config's digest). */
  readonly id: string;
  readonly format: string;
  readonly origin: string;
  readonly document: Json;
  readonly layers: readonly number[];
  readonly parent?: number;
  readonly linkImageFieldToParent?: true;
  /** The config bytes a loaded image arrived with (base64): its ID is their digest. */
  readonly configBytes?: string;
  /** What makes a containerd-store image's index, and so its ID, unique. */
  readonly indexNonce?: string;
  /** The disk usage of its snapshot chain on the containerd store, once computed. */
  readonly snapshotChainUsage?: number;
  readonly sourceIdentity?: string;
}

/** Trees and blobs known to exist on disk in this process, by full path: skips a stat per save. */
const knownFiles = new Set<string>();
/** The key of every tree read from or written to disk in this process. */
const treeKeys = new WeakMap<DirNode, string>();
/** The blobs of every tree read or written in this process, by tree key. */
const blobsOfTree = new Map<string, readonly string[]>();

function sha256Hex(data: string | Uint8Array): string {
  return sha256Digest(data).slice("sha256:".length);
}

/** Writes `data` to `path` unless it is there already: temp file, then rename (never half a file). */
function writeOnce(path: string, data: string | (() => Uint8Array)): void {
  if (knownFiles.has(path)) return;
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, typeof data === "string" ? data : data());
    renameSync(temp, path);
  }
  knownFiles.add(path);
}

/** Encodes a daemon's state into `dir`: trees and blobs are written, the document is returned. */
export function encodeDaemonState(state: SimDaemonState, dir: string): EncodedState {
  mkdirSync(join(dir, "trees"), { recursive: true });
  mkdirSync(join(dir, "blobs"), { recursive: true });
  const layerIndex = new Map<Layer, number>();
  const layers: LayerRow[] = [];
  const imageIndex = new Map<Image, number>();
  const images: (ImageRow | undefined)[] = [];
  const imageObjects: Image[] = [];
  const referencedTrees = new Set<string>();
  let treeBlobList: string[] = [];

  const writeBlob = (content: FileContent): string => {
    const hex = content.key.startsWith("sha256:") ? content.key.slice(7) : sha256Hex(content.bytes());
    writeOnce(join(dir, "blobs", hex), () => content.bytes());
    treeBlobList.push(hex);
    return hex;
  };

  const encodeContent = (content: FileContent): Json => {
    const recipe = readContentRecipe(content);
    if (recipe?.kind === "zero") return ["z", recipe.size];
    if (recipe?.kind === "synthetic") return ["s", recipe.seed, recipe.size];
    if (recipe?.kind === "concat")
      return ["c", encodeContent(recipe.parts[0]), encodeContent(recipe.parts[1])];
    // Stored bytes: their key is their sha256 unless the content was made with another key.
    const ownKey = content.key.startsWith("sha256:") ? undefined : content.key;
    const tail = ownKey === undefined ? [] : [ownKey];
    if (content.size > INLINE_BYTES) return ["B", writeBlob(content), content.size, ...tail];
    return ["b", Buffer.from(content.bytes()).toString("base64"), ...tail];
  };

  const encodeMeta = (meta: Metadata): Json => {
    const base = [meta.mode, meta.uid, meta.gid, meta.mtime];
    return meta.xattrs === undefined ? base : [...base, { ...meta.xattrs }];
  };

  const encodeNode = (node: FsNode): Json => {
    if (node.kind === "whiteout") return node.marker === undefined ? ["w"] : ["w", encodeMeta(node.marker)];
    if (node.kind === "symlink") return ["l", encodeMeta(node.meta), node.target];
    if (node.kind === "file") {
      const encoded = ["f", encodeMeta(node.meta), node.inode, encodeContent(node.content)];
      return node.linkOnly ? [...encoded, 1] : encoded;
    }
    const children: Json[] = [];
    for (const [name, child] of node.children) children.push([name, encodeNode(child)]);
    return ["d", encodeMeta(node.meta), node.opaque ? 1 : 0, children];
  };

  const treeKey = (tree: DirNode): string => {
    const known = treeKeys.get(tree);
    if (known !== undefined && knownFiles.has(join(dir, "trees", `${known}.json`))) {
      referencedTrees.add(known);
      return known;
    }
    treeBlobList = [];
    const text = JSON.stringify(encodeNode(tree));
    const key = known ?? sha256Hex(text);
    writeOnce(join(dir, "trees", `${key}.json`), text);
    treeKeys.set(tree, key);
    if (treeBlobList.length > 0) blobsOfTree.set(key, [...new Set(treeBlobList)]);
    referencedTrees.add(key);
    return key;
  };

  const layerRef = (layer: Layer): number => {
    const known = layerIndex.get(layer);
    if (known !== undefined) return known;
    const index = layers.length;
    const blob = computedContainerdSizes.layerBlob(layer);
    const key = treeKey(layer.changes);
    layers.push(blob === undefined ? [layer.diffId, layer.size, key] : [layer.diffId, layer.size, key, blob]);
    layerIndex.set(layer, index);
    return index;
  };

  const imageRef = (image: Image): number => {
    const known = imageIndex.get(image);
    if (known !== undefined) return known;
    const index = images.length;
    imageIndex.set(image, index);
    images.push(undefined);
    imageObjects.push(image);
    const recipe = readImageRecipe(image);
    const chainUsage = computedContainerdSizes.snapshotChain(image);
    const row: ImageRow = {
      id: image.id,
      format: recipe.format,
      origin: recipe.origin,
      document: value(recipe.document),
      layers: recipe.layers.map(layerRef),
      ...(recipe.parent === undefined ? {} : { parent: imageRef(recipe.parent) }),
      ...(recipe.linkImageFieldToParent === true ? { linkImageFieldToParent: true as const } : {}),
      ...(recipe.configBytes === undefined
        ? {}
        : { configBytes: Buffer.from(recipe.configBytes).toString("base64") }),
      ...(recipe.indexNonce === undefined ? {} : { indexNonce: recipe.indexNonce }),
      ...(chainUsage === undefined ? {} : { snapshotChainUsage: chainUsage }),
    };
    images[index] = row;
    return index;
  };

  const value = (input: unknown, property?: string): Json => {
    if (input === null || typeof input === "boolean" || typeof input === "string") return input;
    if (typeof input === "number") {
      if (!Number.isFinite(input))
        throw new Error(`cannot save the non-finite number in ${property ?? "a value"}`);
      return input;
    }
    if (typeof input !== "object") {
      throw new Error(`cannot save a ${typeof input} in ${property ?? "a value"} of the daemon's state`);
    }
    if (Array.isArray(input)) {
      return input.map((item) => (item === undefined ? { $: "undefined" } : value(item, property)));
    }
    if (input instanceof Map) {
      return { $: "map", entries: [...input.entries()].map(([key, item]) => [value(key), value(item)]) };
    }
    if (input instanceof Set) return { $: "set", values: [...input].map((item) => value(item, property)) };
    if (input instanceof Uint8Array) return { $: "bytes", base64: Buffer.from(input).toString("base64") };
    if (isFsNode(input)) {
      return input.kind === "dir"
        ? { $: "tree", key: treeKey(input) }
        : { $: "node", node: encodeNode(input) };
    }
    if (isLayer(input)) return { $: "layer", index: layerRef(input) };
    if (isImage(input)) return { $: "image", index: imageRef(input) };
    const prototype = Object.getPrototypeOf(input);
    if (prototype !== Object.prototype && prototype !== null) {
      // A class instance would come back as a plain object: a new kind of value needs its own encoding.
      throw new Error(
        `cannot save a ${String(prototype?.constructor?.name)} in ${property ?? "a value"} of the daemon's state`,
      );
    }
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(input)) {
      if (key === "$") throw new Error("cannot save an object with a property named $");
      const item = (input as Record<string, unknown>)[key];
      if (item === undefined) continue;
      if (typeof item === "function" && EXPLANATION_PROPERTIES.has(key)) continue;
      out[key] = value(item, key);
    }
    return out;
  };

  const daemon = value({
    store: state.store,
    containers: state.containers,
    createdMs: state.createdMs,
  });
  const { identities, counter } = readImageSourceIdentities(imageObjects);
  identities.forEach((identity, index) => {
    const row = images[index];
    if (row !== undefined && identity !== undefined) images[index] = { ...row, sourceIdentity: identity };
  });
  const treeBlobs: Record<string, readonly string[]> = {};
  for (const key of [...referencedTrees].sort()) {
    const blobs = blobsOfTree.get(key);
    if (blobs !== undefined) treeBlobs[key] = blobs;
  }
  const document: StateDocument = {
    layers,
    images: images.filter((row): row is ImageRow => row !== undefined),
    daemon,
    lastInode: lastAllocatedInode(),
    sourceIdentityCounter: counter,
    treeBlobs,
  };
  return { document, trees: referencedTrees };
}

function isFsNode(input: object): input is FsNode {
  const kind = (input as { kind?: unknown }).kind;
  if (kind === "whiteout") return true;
  return (kind === "dir" || kind === "file" || kind === "symlink") && "meta" in input;
}

function isLayer(input: object): input is Layer {
  return "changes" in input && "diffId" in input && "size" in input;
}

function isImage(input: object): input is Image {
  return "layers" in input && "origin" in input && "config" in input;
}

/** Decodes a document read from `dir` into a daemon state whose trees load on first use. */
export function decodeDaemonState(document: StateDocument, dir: string): SimDaemonState {
  reserveInodes(document.lastInode);
  for (const [key, blobs] of Object.entries(document.treeBlobs)) blobsOfTree.set(key, blobs);
  const readTree = (path: string): DirNode => {
    let tree: FsNode;
    try {
      tree = decodeNode(JSON.parse(readFileSync(path, "utf8")) as Json);
    } catch (error) {
      throw new StateError(
        `${path}: cannot read this file tree of the saved state (${(error as Error).message}); start over with \`layercake docker system reset\``,
      );
    }
    if (tree.kind !== "dir") throw new StateError(`${path}: not a directory tree`);
    return tree;
  };
  /**
   * A directory whose file is read when the engine first looks inside (its meta, children or
   * opaque flag); until then it is only its key, and saving it again writes nothing.
   */
  const trees = new Map<string, DirNode>();
  const lazyTree = (key: string): DirNode => {
    const known = trees.get(key);
    if (known !== undefined) return known;
    const path = join(dir, "trees", `${key}.json`);
    let loaded: DirNode | undefined;
    const load = (): DirNode => {
      loaded ??= readTree(path);
      return loaded;
    };
    const tree: DirNode = {
      kind: "dir",
      get meta() {
        return load().meta;
      },
      get children() {
        return load().children;
      },
      get opaque() {
        return load().opaque;
      },
    };
    knownFiles.add(path);
    treeKeys.set(tree, key);
    trees.set(key, tree);
    return tree;
  };

  const decodeContent = (encoded: Json): FileContent => {
    const [kind, first, second, third] = encoded as [string, Json, Json, Json];
    if (kind === "z") return contentFromRecipe({ kind: "zero", size: first as number });
    if (kind === "s")
      return contentFromRecipe({ kind: "synthetic", seed: first as string, size: second as number });
    if (kind === "c") {
      return contentFromRecipe({ kind: "concat", parts: [decodeContent(first), decodeContent(second)] });
    }
    if (kind === "b") {
      const bytes = new Uint8Array(Buffer.from(first as string, "base64"));
      return second === undefined
        ? bytesContent(bytes)
        : keyedContent(bytes.length, second as string, () => bytes);
    }
    if (kind === "B") {
      const path = join(dir, "blobs", first as string);
      knownFiles.add(path);
      let bytes: Uint8Array | undefined;
      const read = () => {
        bytes ??= new Uint8Array(readFileSync(path));
        return bytes;
      };
      return keyedContent(
        second as number,
        (third as string | undefined) ?? `sha256:${first as string}`,
        read,
      );
    }
    throw new Error(`unknown file content kind ${String(kind)} in the saved state`);
  };

  const decodeMeta = (encoded: Json): Metadata => {
    const [mode, uid, gid, mtime, xattrs] = encoded as [
      number,
      number,
      number,
      number,
      Record<string, string>?,
    ];
    return xattrs === undefined ? { mode, uid, gid, mtime } : { mode, uid, gid, mtime, xattrs };
  };

  const decodeNode = (encoded: Json): FsNode => {
    const [kind, meta, a, b, c] = encoded as [string, Json, Json, Json, Json];
    if (kind === "w") return meta === undefined ? WHITEOUT : { kind: "whiteout", marker: decodeMeta(meta) };
    if (kind === "l") return { kind: "symlink", meta: decodeMeta(meta), target: a as string };
    if (kind === "f") {
      const file = {
        kind: "file",
        meta: decodeMeta(meta),
        inode: a as number,
        content: decodeContent(b),
      } as const;
      return c === 1 ? { ...file, linkOnly: true } : file;
    }
    if (kind === "d") {
      const children = new Map<string, FsNode>();
      for (const [name, child] of b as [string, Json][]) children.set(name, decodeNode(child));
      return { kind: "dir", meta: decodeMeta(meta), opaque: a === 1, children };
    }
    throw new Error(`unknown file tree node kind ${String(kind)} in the saved state`);
  };

  const layers = document.layers.map(([diffId, size, key, blob]): Layer => {
    const layer: Layer = { changes: lazyTree(key), diffId: diffId as Layer["diffId"], size };
    if (blob !== undefined) computedContainerdSizes.rememberLayerBlob(layer, blob);
    return layer;
  });
  const layerAt = (index: number): Layer => {
    const layer = layers[index];
    if (layer === undefined) throw new Error(`the saved state names layer ${index}, which it does not hold`);
    return layer;
  };

  const images: (Image | undefined)[] = [];
  const imageAt = (index: number): Image => {
    const known = images[index];
    if (known !== undefined) return known;
    const row = document.images[index];
    if (row === undefined) throw new Error(`the saved state names image ${index}, which it does not hold`);
    const image = createImage({
      id: row.id as Image["id"],
      format: row.format as Parameters<typeof createImage>[0]["format"],
      origin: row.origin as Image["origin"],
      layers: row.layers.map(layerAt),
      document: value(row.document) as Parameters<typeof createImage>[0]["document"],
      ...(row.parent === undefined ? {} : { parent: imageAt(row.parent) }),
      ...(row.linkImageFieldToParent === true ? { linkImageFieldToParent: true } : {}),
      ...(row.configBytes === undefined
        ? {}
        : { configBytes: new Uint8Array(Buffer.from(row.configBytes, "base64")) }),
      ...(row.indexNonce === undefined ? {} : { indexNonce: row.indexNonce }),
    });
    if (row.snapshotChainUsage !== undefined)
      computedContainerdSizes.rememberSnapshotChain(image, row.snapshotChainUsage);
    images[index] = image;
    return image;
  };

  function value(encoded: Json): unknown {
    if (encoded === null || typeof encoded !== "object") return encoded;
    if (Array.isArray(encoded)) return encoded.map(value);
    const tag = encoded.$;
    if (tag === "map")
      return new Map((encoded.entries as [Json, Json][]).map(([key, item]) => [value(key), value(item)]));
    if (tag === "set") return new Set((encoded.values as Json[]).map(value));
    if (tag === "undefined") return undefined;
    if (tag === "bytes") return new Uint8Array(Buffer.from(encoded.base64 as string, "base64"));
    if (tag === "tree") return lazyTree(encoded.key as string);
    if (tag === "node") return decodeNode(encoded.node as Json);
    if (tag === "layer") return layerAt(encoded.index as number);
    if (tag === "image") return imageAt(encoded.index as number);
    if (tag !== undefined) throw new Error(`unknown value kind ${String(tag)} in the saved state`);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(encoded)) out[key] = value(item);
    return out;
  }

  for (let index = 0; index < document.images.length; index += 1) imageAt(index);
  restoreImageSourceIdentities(
    images as Image[],
    document.images.map((row) => row.sourceIdentity),
    document.sourceIdentityCounter,
  );
  return value(document.daemon) as SimDaemonState;
}

/**
 * Forgets every file this process learnt of, as a fresh process knows none. What it knows holds
 * only while it holds the state lock: between two commands another process may have removed
 * files (as unused in its state) that a later save here must write again.
 */
export function forgetKnownFiles(): void {
  knownFiles.clear();
  blobsOfTree.clear();
}

/** Forgets that these files exist (they were removed as unused). */
export function forgetFiles(paths: readonly string[]): void {
  for (const path of paths) knownFiles.delete(path);
}

/** Bytes with a key of their own (not their sha256), as some engine contents carry. */
function keyedContent(size: number, key: string, read: () => Uint8Array): FileContent {
  return {
    size,
    key,
    bytes: read,
    text: () => new TextDecoder().decode(read()),
  };
}
