/**
 * Image sizes on the containerd image store (Docker 26.1 with `features.containerd-snapshotter`):
 * what its content store holds for an image (gzip-compressed layer blobs, the config, the manifest,
 * BuildKit's index) and what its snapshotter holds (each layer unpacked, plus the init layer under
 * every layer a container commit made). Each rule cites the moby v26.1.5 code it follows and was
 * checked against the daemon (shared/test/docker/README.md "containerd image store").
 *
 * - `docker image inspect` `.Size` (`daemon/containerd/image.go` `size`): every descriptor reached
 *   from the image's target, keeping one platform manifest (`LimitManifests(…, 1)`): BuildKit's
 *   index (its attestation manifest is left out), the image manifest, the config and every layer
 *   blob. A classic build, `docker commit` and `docker import` target the manifest itself.
 * - `docker images` SIZE and `system df` SIZE (`image_list.go` `singlePlatformSize`): the image
 *   manifest's content (manifest, config, layer blobs, no index) plus the disk usage of every
 *   snapshot from the image's top layer down its parents (`calculateSnapshotTotalUsage`).
 * - `system df` SHARED SIZE (`computeSharedSize`): the disk usage of the layer snapshots (ChainIDs)
 *   that more than one listed image has; content is never shared. UNIQUE SIZE = SIZE − SHARED.
 */
import { findCatalogImage } from "../catalog/index.ts";
import { contentEquals, EMPTY_CONTENT, readContentRecipe } from "../fs/content.ts";
import { snapshotDiskUsage } from "../fs/disk-usage.ts";
import { encodeLayerTar } from "../fs/tar.ts";
import type { DirNode, FileContent, FsNode } from "../fs/types.ts";
import { serializeImageConfig } from "../image/config-json.ts";
import { goGzip } from "../image/go-deflate.ts";
import { historyWithLayers, isCommittedOverInitSnapshot, layerMakerOf } from "../image/history-layers.ts";
import { readImageDraft } from "../image/image.ts";
import type { Image, Layer } from "../image/types.ts";

/**
 * tiny:1's layer blob as the daemon stores it after `docker import` (1,064,659 bytes, digest
 * sha256:307a33a2cf3d…): the catalog's busybox is simulated content, so its compressed size is a
 * fact measured on the daemon, not computed.
 */
const TINY_BLOB_SIZE = 1_064_659;

function tinyLayer(): Layer | undefined {
  return findCatalogImage("tiny:1")?.layers[0];
}

/** The blob sizes measured on the daemon, by the simulated layer's DiffID (catalog layers). */
function pinnedBlobSize(layer: Layer): number | undefined {
  return layer.diffId === tinyLayer()?.diffId ? TINY_BLOB_SIZE : undefined;
}

/**
 * The blob of a layer holding `bin/` and a byte-identical copy of tiny:1's busybox (mode 700), as
 * the daemon wrote it for a classic `RUN /bin/busybox chmod 700 /bin/busybox` over tiny:1
 * (1,064,329 B; BuildKit's, with its dev/ proc/ sys/ stubs after it, 1,064,420 B).
 */
const BUSYBOX_COPY_LAYER_BLOB_SIZE = 1_064_329;

let pinnedPayloads: readonly { readonly content: FileContent; readonly deflated: number }[] | undefined;

/**
 * What a copy of tiny:1's busybox takes in a layer blob: the measured blob of a layer holding only
 * such a copy, less Go's gzip of that layer's tar with the payload emptied. A layer holding a
 * byte-identical copy (`chmod` or `touch` copies it up) counts that instead of stored blocks, as the
 * daemon compresses the real file: exact for a layer of the copy alone (the common case), and
 * under by what tar entries after the copy cost more in the stream than alone (they compress worse
 * after a binary): 54 B for BuildKit's chmod layer with its dev/ proc/ sys/ stubs, 151 B for tiny:1's
 * symlinks and etc/.
 */
function pinnedPayloadSizes(): readonly { readonly content: FileContent; readonly deflated: number }[] {
  if (pinnedPayloads !== undefined) return pinnedPayloads;
  const bin = tinyLayer()?.changes.children.get("bin");
  const busybox = bin?.kind === "dir" ? bin.children.get("busybox") : undefined;
  if (bin?.kind !== "dir" || busybox?.kind !== "file") {
    pinnedPayloads = [];
    return pinnedPayloads;
  }
  const copyOnly: DirNode = {
    ...bin,
    children: new Map([["busybox", { ...busybox, meta: { ...busybox.meta, mode: 0o700 } }]]),
  };
  const measured: DirNode = {
    kind: "dir",
    meta: bin.meta,
    opaque: false,
    children: new Map([["bin", copyOnly]]),
  };
  const skeleton = withoutSyntheticPayloads(measured, { bytes: 0 }, () => undefined);
  const deflated = BUSYBOX_COPY_LAYER_BLOB_SIZE - goGzip(goTarOf(skeleton)).length;
  pinnedPayloads = [{ content: busybox.content, deflated }];
  return pinnedPayloads;
}

function pinnedPayloadSize(content: FileContent): number | undefined {
  return pinnedPayloadSizes().find((pinned) => contentEquals(pinned.content, content))?.deflated;
}

const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
/**
 * What moby's classic-builder COPY/ADD layers (committed from an RWLayer, not a container) are
 * tagged (daemon/containerd/image_builder.go `CreateImage`: `MediaTypeDockerSchema2LayerGzip`; the
 * RWLayer is prepared straight on the image's snapshot, `rolayer.NewRWLayer`, so no init snapshot);
 * container commits use the OCI type (image_commit.go `createDiff`).
 */
const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
/** Every digest in a descriptor is `sha256:` and 64 hex digits: only the length matters here. */
const SOME_DIGEST = `sha256:${"0".repeat(64)}`;

const blobSizes = new WeakMap<Layer, number>();
/** How many sizes this process has computed (not remembered from a saved state). */
let sizesComputed = 0;

/**
 * Sizes that depend on nothing but a layer's or an image's content, once computed. The saved state
 * keeps them (cli/state-codec.ts), so that the next process lists images without compressing a
 * layer or reading a single tree again; `count` tells the CLI that a command computed new ones,
 * worth saving even when the command changed nothing else.
 */
export const computedContainerdSizes = {
  count: (): number => sizesComputed,
  layerBlob: (layer: Layer): number | undefined => blobSizes.get(layer),
  rememberLayerBlob: (layer: Layer, size: number): void => {
    blobSizes.set(layer, size);
  },
  snapshotChain: (image: Image): number | undefined => chainUsages.get(image),
  rememberSnapshotChain: (image: Image, usage: number): void => {
    chainUsages.set(image, usage);
  },
};

/**
 * The size of a layer's gzip blob: Go's `gzip.NewWriter` over the tar containerd's differ (or
 * BuildKit's) writes, which is Go's archive/tar USTAR (devmajor/devminor written as zero octal
 * fields, unlike the canonical tar Layercake hashes). The tar's mtimes are the simulated clock's,
 * so the size can differ from a real build's by the few bytes its own builds differ by.
 *
 * Simulated payloads (`syntheticContent`: catalog binaries and packages) are noise that deflate
 * cannot shrink: Go stores them in stored blocks of at most 16,384 bytes (one block per
 * `maxFlateBlockTokens` literals) with a 5-byte header each (a block right after the window slides
 * cannot be stored and is Huffman-coded, a little longer), so they are counted as stored blocks,
 * within 0.1% of compressing them byte by byte, which would take seconds for a catalog image. Zero-filled files
 * over 1 MiB (`dd if=/dev/zero`) are counted at the rate Go compresses zeros (16 MiB → 16,332 B
 * with 23 bytes of gzip framing): exact below that, within a few bytes per MiB above it, and a
 * 100 MB file no longer takes seconds on every `docker images`.
 */
export function layerBlobSize(layer: Layer): number {
  // The remembered size first: a saved state lists tiny:1's layer without building the catalog's
  // tiny:1 (and hashing its files) only to learn that the size is the pinned one.
  const remembered = blobSizes.get(layer);
  if (remembered !== undefined) return remembered;
  let size = pinnedBlobSize(layer);
  if (size === undefined) {
    const stored = { bytes: 0 };
    const skeleton = withoutSyntheticPayloads(layer.changes, stored, pinnedPayloadSize);
    size = goGzip(goTarOf(skeleton)).length + stored.bytes;
  }
  blobSizes.set(layer, size);
  sizesComputed += 1;
  return size;
}

/** Go's deflate output per byte of zeros, from 16 MiB of them (16,332 B less the 23 bytes of framing). */
const ZERO_DEFLATE_RATIO = (16_332 - 23) / (16 << 20);
/** Zero payloads up to this size are compressed for real (every recorded transcript's are). */
const EXACT_ZERO_LIMIT = 1 << 20;

/** Deflate's stored blocks for incompressible data: 5 header bytes per 16,384 literals. */
function storedBlocksSize(bytes: number): number {
  return bytes + 5 * Math.ceil(bytes / 16_384);
}

function isSyntheticPayload(content: FileContent): boolean {
  const recipe = readContentRecipe(content);
  if (recipe === undefined) return false;
  if (recipe.kind === "synthetic") return true;
  return recipe.kind === "concat" && recipe.parts.some(isSyntheticPayload);
}

function isLargeZeroPayload(content: FileContent): boolean {
  return content.size > EXACT_ZERO_LIMIT && readContentRecipe(content)?.kind === "zero";
}

/**
 * The changeset with simulated and large zero payloads emptied, their estimated deflate sizes added
 * to `stored` (a payload `known` sizes counts that size: a copy of a pinned layer's payload).
 */
function withoutSyntheticPayloads(
  dir: DirNode,
  stored: { bytes: number },
  known: (content: FileContent) => number | undefined,
): DirNode {
  let changed = false;
  const children = new Map<string, FsNode>();
  for (const [name, child] of dir.children) {
    let next: FsNode = child;
    if (child.kind === "dir") {
      next = withoutSyntheticPayloads(child, stored, known);
    } else if (child.kind === "file" && isSyntheticPayload(child.content)) {
      stored.bytes += known(child.content) ?? storedBlocksSize(child.content.size);
      next = { ...child, content: EMPTY_CONTENT };
    } else if (child.kind === "file" && isLargeZeroPayload(child.content)) {
      stored.bytes += Math.ceil(child.content.size * ZERO_DEFLATE_RATIO);
      next = { ...child, content: EMPTY_CONTENT };
    }
    if (next !== child) changed = true;
    children.set(name, next);
  }
  return changed ? { ...dir, children } : dir;
}

/** The canonical tar with Go archive/tar's USTAR devmajor/devminor fields ("0000000\0") and checksum. */
function goTarOf(changes: DirNode): Uint8Array {
  const tar = encodeLayerTar(changes);
  for (let at = 0; at + 512 <= tar.length; ) {
    if (tar[at] === 0) break;
    const size = Number.parseInt(new TextDecoder().decode(tar.subarray(at + 124, at + 135)), 8) || 0;
    tar.fill(0x30, at + 329, at + 336);
    tar.fill(0x30, at + 337, at + 344);
    tar.fill(0x20, at + 148, at + 156);
    let sum = 0;
    for (let index = at; index < at + 512; index += 1) sum += tar[index] ?? 0;
    const digits = sum.toString(8).padStart(6, "0");
    for (let index = 0; index < 6; index += 1) tar[at + 148 + index] = digits.charCodeAt(index);
    tar[at + 154] = 0;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return tar;
}

/** An RFC 3339 time in a config: the simulator's carry milliseconds at most. */
const CONFIG_TIME = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z"/g;

/**
 * The config's length as the daemon writes it: the same fields and values as the simulated
 * document (key order does not change the length), with every time at the nanosecond precision
 * Go's RFC3339Nano gives a real clock (nine digits; a trailing zero, dropped by Go one time in
 * ten, is within the daemon's own jitter). tiny:1's import time is such a time on the daemon too.
 */
function configSizeOf(image: Image): number {
  const json = serializeImageConfig({ ...readImageDraft(image), rootfs: image.config.rootfs }, "oci");
  return new TextEncoder().encode(json.replace(CONFIG_TIME, '"$1.000000000Z"')).length;
}

/** The bytes an image's blobs take in the containerd content store. */
export interface ImageContent {
  /** BuildKit's OCI index, the image's target (0 for classic builds, commits, imports). */
  readonly index: number;
  readonly manifest: number;
  readonly config: number;
  /** Each layer's gzip blob, bottom first. */
  readonly blobs: readonly number[];
  /** Their sum. */
  readonly layers: number;
}

const contents = new WeakMap<Image, ImageContent>();

/** What the content store holds for an image: index (BuildKit), manifest, config, layer blobs. */
export function containerdImageContent(image: Image): ImageContent {
  const known = contents.get(image);
  if (known !== undefined) return known;
  const paired = historyWithLayers(image).filter((item) => item.layer !== undefined);
  const config = configSizeOf(image);
  const descriptors = paired.map(({ entry, layer }) => ({
    mediaType: layerMakerOf(entry) === "classic-copy" ? DOCKER_LAYER : OCI_LAYER,
    digest: SOME_DIGEST,
    size: layerBlobSize(layer as Layer),
  }));
  const blobs = descriptors.map((descriptor) => descriptor.size);
  const layers = blobs.reduce((sum, size) => sum + size, 0);
  let content: ImageContent;
  if (image.origin === "buildkit-build") {
    // BuildKit v0.13's image exporter: two-space indented manifest and index (vendor/github.com/moby/
    // buildkit/exporter/containerimage/writer.go: `json.MarshalIndent(mfst, "", "  ")`).
    const manifest = JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: SOME_DIGEST, size: config },
        layers: descriptors,
      },
      null,
      2,
    ).length;
    content = { index: buildkitIndexSize(manifest), manifest, config, blobs, layers };
  } else if (image.origin === "import" || image.origin === "catalog") {
    // moby's ImportImage (daemon/containerd/image_import.go) marshals the manifest with json.Marshal,
    // no indentation; the catalog's images stand for imported ones (tiny:1: 405 bytes).
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: SOME_DIGEST, size: config },
      layers: descriptors,
    }).length;
    content = { index: 0, manifest, config, blobs, layers };
  } else {
    // moby's createImageOCI (daemon/containerd/image_builder.go: `json.MarshalIndent(newMfst, "", "    ")`),
    // for the classic builder and `docker commit`.
    const manifest = JSON.stringify(
      {
        mediaType: OCI_MANIFEST,
        schemaVersion: 2,
        config: { mediaType: OCI_CONFIG, digest: SOME_DIGEST, size: config },
        layers: descriptors,
      },
      null,
      4,
    ).length;
    content = { index: 0, manifest, config, blobs, layers };
  }
  contents.set(image, content);
  return content;
}

/**
 * The provenance attestation BuildKit adds (mode=min): an in-toto statement of about a kilobyte
 * (1,017–1,018 B on the daemon, with its build times), whose size counts in the attestation
 * manifest and in what `image prune` reclaims.
 */
const PROVENANCE_SIZE = 1017;
const ATTESTATION_CONFIG_SIZE = 167;

/** BuildKit's attestation manifest (566 B on the daemon): one in-toto layer, the provenance. */
function attestationManifestSize(): number {
  return JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: SOME_DIGEST, size: ATTESTATION_CONFIG_SIZE },
      layers: [
        {
          mediaType: "application/vnd.in-toto+json",
          digest: SOME_DIGEST,
          size: PROVENANCE_SIZE,
          annotations: { "in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2" },
        },
      ],
    },
    null,
    2,
  ).length;
}

function buildkitIndexSize(manifestSize: number): number {
  const attestationManifest = attestationManifestSize();
  return JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: SOME_DIGEST,
          size: manifestSize,
          platform: { architecture: "amd64", os: "linux" },
        },
        {
          mediaType: OCI_MANIFEST,
          digest: SOME_DIGEST,
          size: attestationManifest,
          annotations: {
            "vnd.docker.reference.digest": SOME_DIGEST,
            "vnd.docker.reference.type": "attestation-manifest",
          },
          platform: { architecture: "unknown", os: "unknown" },
        },
      ],
    },
    null,
    2,
  ).length;
}

/** What BuildKit's attestation adds to the content store: its manifest and the provenance statement. */
export interface AttestationContent {
  readonly manifest: number;
  readonly provenance: number;
}

/**
 * The attestation blobs an image's index points to (BuildKit builds only), which `image prune`
 * deletes with the image; their config is not among the blobs the daemon lists as deleted.
 */
export function containerdAttestationContent(image: Image): AttestationContent | undefined {
  if (image.origin !== "buildkit-build") return undefined;
  return { manifest: attestationManifestSize(), provenance: PROVENANCE_SIZE };
}

/** `docker image inspect .Size` on the containerd store: index (BuildKit), manifest, config, layer blobs. */
export function containerdInspectSize(image: Image): number {
  const content = containerdImageContent(image);
  return content.index + content.manifest + content.config + content.layers;
}

/** The content `docker images` and `system df` count: manifest, config and layer blobs (no index). */
export function containerdManifestContentSize(image: Image): number {
  const content = containerdImageContent(image);
  return content.manifest + content.config + content.layers;
}

/** The mount points Docker's init layer makes directories of (moby `daemon/initlayer/setup_unix.go`). */
const INIT_DIRECTORIES = ["dev/pts", "dev/shm", "proc", "sys"] as const;

/**
 * Disk usage of the init snapshot Docker prepares under a container, over a lower view in which
 * `present` of the init directories exist. `initlayer.Setup` unlinks and re-creates
 * /.dockerenv, /dev/console, /etc/{resolv.conf,hosts,hostname} and the /etc/mtab symlink (so the
 * snapshot's root, /dev and /etc are always written: three directories; the files are empty and
 * the symlink fast), and makes each missing directory of dev/pts, dev/shm, proc, sys. Measured:
 * 28,672 B over tiny:1 (seven directories), 12,288 B over an image whose chain already holds an
 * init layer.
 */
export function initSnapshotUsage(present: ReadonlySet<string>): number {
  const missing = INIT_DIRECTORIES.filter((path) => !present.has(path)).length;
  return (3 + missing) * 4096;
}

/** Which of the init directories a layer's changes leave present, given those present below it. */
function initDirectoriesAfter(present: ReadonlySet<string>, changes: DirNode): Set<string> {
  const next = new Set(present);
  for (const path of INIT_DIRECTORIES) {
    const state = pathStateIn(changes, path.split("/"));
    if (state === "dir") next.add(path);
    else if (state === "removed") next.delete(path);
  }
  return next;
}

/** What a changeset does to a path: makes it a directory, removes it, or leaves it as it was. */
function pathStateIn(changes: DirNode, parts: readonly string[]): "dir" | "removed" | "unchanged" {
  let node: FsNode = changes;
  for (const part of parts) {
    if (node.kind !== "dir") return "removed";
    const child: FsNode | undefined = node.children.get(part);
    if (child === undefined) return node.opaque ? "removed" : "unchanged";
    node = child;
  }
  if (node.kind === "dir") return "dir";
  return "removed";
}

const chainUsages = new WeakMap<Image, number>();

/**
 * The disk usage of every snapshot from the image's top layer down its parents: each layer's
 * snapshot, plus, under each layer a container commit made (classic RUN and WORKDIR, `docker
 * commit`), that container's init snapshot, which moby's `applyDiffLayer` makes the parent of the
 * committed snapshot (daemon/containerd/image_commit.go: `sn.Prepare(ctx, key, info.Parent)`).
 * Classic COPY/ADD commit an RWLayer over the image's own snapshot, BuildKit its own snapshots:
 * no init layer under those, nor under a loaded image's layers (`isCommittedOverInitSnapshot`).
 */
export function containerdSnapshotChainUsage(image: Image): number {
  const known = chainUsages.get(image);
  if (known !== undefined) return known;
  let present = new Set<string>();
  let usage = 0;
  for (const { entry, layer } of historyWithLayers(image)) {
    if (layer === undefined) continue;
    if (isCommittedOverInitSnapshot(image, entry)) {
      usage += initSnapshotUsage(present);
      present = new Set(INIT_DIRECTORIES);
    }
    usage += snapshotDiskUsage(layer.changes);
    present = initDirectoriesAfter(present, layer.changes);
  }
  chainUsages.set(image, usage);
  sizesComputed += 1;
  return usage;
}

/**
 * The init directories present under a container of this image (its chain's layers and the init
 * layers below its committed layers), for the container's own init snapshot.
 */
export function initDirectoriesUnder(image: Image): Set<string> {
  let present = new Set<string>();
  for (const { entry, layer } of historyWithLayers(image)) {
    if (layer === undefined) continue;
    if (isCommittedOverInitSnapshot(image, entry)) present = new Set(INIT_DIRECTORIES);
    present = initDirectoriesAfter(present, layer.changes);
  }
  return present;
}
