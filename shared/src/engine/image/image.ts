import { type Digest, sha256Digest } from "../../core/hash.ts";
import { type ConfigFormat, computeImageId } from "./config-json.ts";
import type { ContainerConfig, Image, ImageConfigDocument, ImageOrigin, Layer } from "./types.ts";

/** What Docker puts in `Env` when the base image has no PATH (`system.DefaultPathEnv("linux")`). */
export const DEFAULT_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The Docker version the legacy builder writes into `docker_version` (the version of the experiments). */
export const DOCKER_VERSION = "20.10.24";

/** An image config document before its `rootfs` is known (the layers' DiffIDs are computed lazily). */
export type ImageDocumentDraft = Omit<ImageConfigDocument, "rootfs">;

export interface CreateImageOptions {
  readonly format: ConfigFormat;
  readonly origin: ImageOrigin;
  /** Bottom to top; `rootfs.diff_ids` are their DiffIDs. */
  readonly layers: readonly Layer[];
  readonly document: ImageDocumentDraft;
  /** The local parent image (legacy builder intermediate chain, commits). */
  readonly parent?: Image;
  /**
   * Legacy builds: `config.Image` and `container_config.Image` name the parent image's ID
   * (`dispatchState.updateRunConfig`), filled in when the config is first read.
   */
  readonly linkImageFieldToParent?: boolean;
  /**
   * The ID when it is already known (an image restored from a saved daemon state): it must be the
   * digest the config would give, which then need not be computed.
   */
  readonly id?: Digest;
  /**
   * The config bytes the image arrived with (`docker load`): its ID is their digest, whatever this
   * engine would serialise, and `docker save` writes them back unchanged, as the daemon keeps them.
   */
  readonly configBytes?: Uint8Array;
  /**
   * The containerd image store names an image by its manifest (or index) digest, not its config
   * digest: with a nonce (what makes the index unique, e.g. a provenance attestation's build time)
   * the ID is a digest over the config digest and the nonce.
   */
  readonly indexNonce?: string;
}

interface ImageInternals {
  readonly format: ConfigFormat;
  readonly configBytes: Uint8Array | undefined;
  readonly indexNonce: string | undefined;
  readonly document: ImageDocumentDraft;
  readonly parent: Image | undefined;
  readonly linkImageFieldToParent: boolean;
}

const internals = new WeakMap<Image, ImageInternals>();

/**
 * Creates an image whose config document and ID are computed on first read: the ID needs every
 * layer's DiffID (a sha256 over the layer tar), which a build does not need until someone asks.
 * @example createImage({ format: "moby", origin: "import", layers: [layer], document }).id
 */
export function createImage(options: CreateImageOptions): Image {
  let config: ImageConfigDocument | undefined;
  let id: Digest | undefined = options.id;
  const { parent, document, format, layers } = options;
  const readConfig = (): ImageConfigDocument => {
    if (config === undefined) {
      const imageField = options.linkImageFieldToParent ? (parent?.id ?? "") : undefined;
      config = {
        ...document,
        config: withImageField(document.config, imageField),
        ...(document.container_config === undefined
          ? {}
          : { container_config: withImageField(document.container_config, imageField) }),
        rootfs: { type: "layers", diff_ids: layers.map((layer) => layer.diffId) },
      };
    }
    return config;
  };
  const image: Image = {
    get id() {
      if (id === undefined) {
        const configDigest =
          options.configBytes === undefined
            ? computeImageId(readConfig(), format)
            : sha256Digest(options.configBytes);
        id =
          options.indexNonce === undefined
            ? configDigest
            : sha256Digest(`layercake-image-index\n${configDigest}\n${options.indexNonce}`);
      }
      return id;
    },
    get config() {
      return readConfig();
    },
    layers,
    origin: options.origin,
  };
  if (parent !== undefined) {
    // A getter, defined (not spread: a spread would read it) so that the parent's ID is computed only when asked.
    Object.defineProperty(image, "parentId", { get: () => parent.id, enumerable: true });
  }
  internals.set(image, {
    format,
    document,
    parent,
    linkImageFieldToParent: options.linkImageFieldToParent ?? false,
    configBytes: options.configBytes,
    indexNonce: options.indexNonce,
  });
  return image;
}

function withImageField(config: ContainerConfig, imageField: string | undefined): ContainerConfig {
  return imageField === undefined ? config : { ...config, Image: imageField };
}

/** The config document of an image without its `rootfs` (cheap: computes no DiffID). */
export function readImageDraft(image: Image): ImageDocumentDraft {
  const known = internals.get(image);
  if (known !== undefined) return known.document;
  const { rootfs: _rootfs, ...draft } = image.config;
  return draft;
}

/** The format the image's config bytes are written in (`moby` unless built by BuildKit). */
export function readImageFormat(image: Image): ConfigFormat {
  return internals.get(image)?.format ?? (image.origin === "buildkit-build" ? "oci" : "moby");
}

/** The nonce that makes a containerd-store image's index (and ID) unique, when it has one. */
export function readImageIndexNonce(image: Image): string | undefined {
  return internals.get(image)?.indexNonce;
}

/** The config bytes an image was loaded with, when it came from an archive. */
export function readImageConfigBytes(image: Image): Uint8Array | undefined {
  return internals.get(image)?.configBytes;
}

/** The local parent object of an image created with `createImage`, when it has one. */
export function readImageParent(image: Image): Image | undefined {
  return internals.get(image)?.parent;
}

/**
 * What `createImage` needs to make this image again (with the same config bytes and ID), for a
 * saved daemon state. An image not made by `createImage` is described by its config.
 */
export function readImageRecipe(image: Image): CreateImageOptions {
  const known = internals.get(image);
  const common = { origin: image.origin, layers: image.layers };
  if (known === undefined) {
    return { ...common, format: readImageFormat(image), document: readImageDraft(image) };
  }
  return {
    ...common,
    format: known.format,
    document: known.document,
    ...(known.parent === undefined ? {} : { parent: known.parent }),
    ...(known.linkImageFieldToParent ? { linkImageFieldToParent: true } : {}),
    // A loaded image keeps its config bytes and a containerd-store image its index nonce: both
    // are part of its ID.
    ...(known.configBytes === undefined ? {} : { configBytes: known.configBytes }),
    ...(known.indexNonce === undefined ? {} : { indexNonce: known.indexNonce }),
  };
}
