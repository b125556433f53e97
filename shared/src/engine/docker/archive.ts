/**
 * `docker save` / `docker load` archives: Docker 20.10's classic layout (manifest.json, `<id>.json`
 * configs, `<layer>/layer.tar`) and Docker 26.1's OCI image layout (oci-layout, index.json,
 * blobs/sha256/…, plus manifest.json and repositories for older loaders), both written and read.
 */
import { sha256Digest } from "../../core/hash.ts";
import { decodeLayerTar, encodeLayerTar, readTar } from "../fs/tar.ts";
import { serializeImageConfig } from "../image/config-json.ts";
import { createImage, readImageConfigBytes, readImageFormat } from "../image/image.ts";
import { createLayer } from "../image/layer.ts";
import type { Image, ImageConfigDocument } from "../image/types.ts";
import type { SimDaemon } from "./daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "./profile.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Writes a `docker save` archive holding `images` (tagged with their references): the OCI image
 * layout for Docker 26.1, the classic layout for 20.10.
 */
export function saveArchive(
  daemon: SimDaemon,
  images: readonly { image: Image; reference: string }[],
  profile: DaemonProfile = DOCKER_20_10,
): Uint8Array {
  if (profile.engine === "26.1") return saveOciArchive(daemon, images);
  const files = new Map<string, Uint8Array>();
  const manifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, reference } of images) {
    const layers: string[] = [];
    let chain = "";
    for (const layer of image.layers) {
      const tar = encodeLayerTar(layer.changes);
      // Directories are named by the chain of the bytes they carry; the config keeps the layers'
      // DiffIDs unchanged so that its digest, the image ID, survives a load. (A catalog layer holds
      // simulated bytes under the real image's DiffID, so a real daemon would refuse to load it.)
      chain = chain === "" ? sha256Digest(tar) : sha256Digest(`${chain} ${sha256Digest(tar)}`);
      const directory = chain.slice(7);
      files.set(`${directory}/VERSION`, encoder.encode("1.0"));
      files.set(`${directory}/layer.tar`, tar);
      files.set(`${directory}/json`, encoder.encode(JSON.stringify({ id: directory })));
      layers.push(`${directory}/layer.tar`);
    }
    // A loaded image keeps the config bytes it came with (its ID is their digest).
    const configBytes =
      readImageConfigBytes(image) ??
      encoder.encode(serializeImageConfig(image.config, readImageFormat(image)));
    const hex = sha256Digest(configBytes).slice(7);
    files.set(`${hex}.json`, configBytes);
    const tags =
      reference.startsWith("sha256:") || /^[0-9a-f]+$/.test(reference) ? [] : daemon.store.tagsOf(image);
    manifest.push({ Config: `${hex}.json`, RepoTags: tags.length === 0 ? null : tags, Layers: layers });
    for (const tag of tags) {
      const colon = tag.lastIndexOf(":");
      const name = tag.slice(0, colon);
      const repository = repositories[name] ?? {};
      repositories[name] = repository;
      repository[tag.slice(colon + 1)] =
        image.layers.length === 0 ? "" : ((layers.at(-1) ?? "").split("/")[0] ?? "");
    }
  }
  files.set("manifest.json", encoder.encode(JSON.stringify(manifest)));
  files.set("repositories", encoder.encode(JSON.stringify(repositories)));
  return writeTar(files);
}

/** The config bytes `docker save` writes for an image (a loaded image's own, unchanged). */
function configBytesOf(image: Image): Uint8Array {
  return (
    readImageConfigBytes(image) ?? encoder.encode(serializeImageConfig(image.config, readImageFormat(image)))
  );
}

/** The tags a saved reference carries (none when it was named by ID). */
function savedTags(daemon: SimDaemon, image: Image, reference: string): string[] {
  return reference.startsWith("sha256:") || /^[0-9a-f]+$/.test(reference) ? [] : daemon.store.tagsOf(image);
}

/**
 * Docker 26.1's `docker save` (overlay2 store; measured on the daemon): `oci-layout`, an
 * `index.json` naming each tagged manifest (`io.containerd.image.name`, `org.opencontainers.image.
 * ref.name`), the manifests, configs and uncompressed layer tars under `blobs/sha256/`, and the
 * classic `manifest.json` (paths into blobs/, with `LayerSources`) and `repositories`. (The daemon
 * also writes each layer's legacy v1 `json` as a blob; the simulator leaves it out.)
 */
function saveOciArchive(
  daemon: SimDaemon,
  images: readonly { image: Image; reference: string }[],
): Uint8Array {
  const files = new Map<string, Uint8Array>();
  const blob = (bytes: Uint8Array): { digest: string; size: number; path: string } => {
    const digest = sha256Digest(bytes);
    const path = `blobs/sha256/${digest.slice(7)}`;
    files.set(path, bytes);
    return { digest, size: bytes.length, path };
  };
  const index: Record<string, unknown>[] = [];
  const manifest: Record<string, unknown>[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, reference } of images) {
    const config = blob(configBytesOf(image));
    const layers = image.layers.map((layer) => blob(encodeLayerTar(layer.changes)));
    const layerMediaType = "application/vnd.oci.image.layer.v1.tar";
    const ociManifest = blob(
      encoder.encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          config: {
            mediaType: "application/vnd.oci.image.config.v1+json",
            digest: config.digest,
            size: config.size,
          },
          layers: layers.map((layer) => ({
            mediaType: layerMediaType,
            digest: layer.digest,
            size: layer.size,
          })),
        }),
      ),
    );
    const tags = savedTags(daemon, image, reference);
    for (const tag of tags.length === 0 ? [undefined] : tags) {
      index.push({
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: ociManifest.digest,
        size: ociManifest.size,
        ...(tag === undefined
          ? {}
          : {
              annotations: {
                "io.containerd.image.name": `docker.io/library/${tag}`,
                "org.opencontainers.image.ref.name": tag.slice(tag.lastIndexOf(":") + 1),
              },
            }),
      });
    }
    manifest.push({
      Config: config.path,
      RepoTags: tags.length === 0 ? null : tags,
      Layers: layers.map((layer) => layer.path),
      LayerSources: Object.fromEntries(
        layers.map((layer) => [
          layer.digest,
          { mediaType: layerMediaType, size: layer.size, digest: layer.digest },
        ]),
      ),
    });
    for (const tag of tags) {
      const colon = tag.lastIndexOf(":");
      const name = tag.slice(0, colon);
      const repository = repositories[name] ?? {};
      repositories[name] = repository;
      repository[tag.slice(colon + 1)] = layers.at(-1)?.digest.slice(7) ?? "";
    }
  }
  files.set("oci-layout", encoder.encode('{"imageLayoutVersion": "1.0.0"}'));
  files.set(
    "index.json",
    encoder.encode(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: index,
      }),
    ),
  );
  files.set("manifest.json", encoder.encode(JSON.stringify(manifest)));
  files.set("repositories", encoder.encode(JSON.stringify(repositories)));
  return writeTar(files);
}

/** Loads a `docker save` archive (classic or OCI layout) into the daemon. */
export function loadArchive(
  daemon: SimDaemon,
  bytes: Uint8Array,
  _nowMs: number,
): { ok: true; lines: string[] } | { ok: false; error: string } {
  const { entries } = readTar(bytes);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) if (entry.type === "file") files.set(entry.path, entry.data);
  const json = (path: string): unknown => {
    const data = files.get(path);
    return data === undefined ? undefined : JSON.parse(decoder.decode(data));
  };
  let manifest = json("manifest.json") as
    | { Config: string; RepoTags?: string[] | null; Layers: string[] }[]
    | undefined;
  if (manifest === undefined && files.has("index.json")) manifest = ociManifests(json);
  if (manifest === undefined)
    return {
      ok: false,
      error: "open /var/lib/docker/tmp/docker-import/manifest.json: no such file or directory",
    };
  const lines: string[] = [];
  for (const item of manifest) {
    const configBytes = files.get(item.Config);
    const config = json(item.Config) as ImageConfigDocument | undefined;
    if (config === undefined || configBytes === undefined)
      return { ok: false, error: `invalid archive: missing ${item.Config}` };
    const layers = [];
    for (const path of item.Layers) {
      const tar = files.get(path);
      const decoded = tar === undefined ? undefined : decodeLayerTar(tar).changes;
      if (decoded === undefined) return { ok: false, error: `invalid archive: unreadable layer ${path}` };
      layers.push(createLayer(decoded, config.rootfs.diff_ids[layers.length]));
    }
    const { rootfs: _rootfs, ...document } = config;
    // The image ID is the digest of the archive's config bytes, as the daemon keeps them.
    const image = daemon.store.addImage(
      createImage({ format: "moby", origin: "load", layers, document, configBytes }),
    );
    const tags = item.RepoTags ?? [];
    for (const tag of tags) {
      daemon.store.tagImage(image, tag);
      lines.push(`Loaded image: ${tag}`);
    }
    if (tags.length === 0) lines.push(`Loaded image ID: ${image.id}`);
  }
  return { ok: true, lines };
}

/** OCI image layout → manifest.json-like items (blobs/sha256/<hex>). */
function ociManifests(
  json: (path: string) => unknown,
): { Config: string; RepoTags: string[]; Layers: string[] }[] {
  const blob = (digest: string) => `blobs/${digest.replace(":", "/")}`;
  const index = json("index.json") as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const out: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const visit = (digest: string, name: string | undefined) => {
    const document = json(blob(digest)) as {
      manifests?: { digest: string; annotations?: Record<string, string> }[];
      config?: { digest: string };
      layers?: { digest: string }[];
    };
    if (document.manifests !== undefined) {
      for (const child of document.manifests) visit(child.digest, name);
      return;
    }
    if (document.config === undefined) return;
    out.push({
      Config: blob(document.config.digest),
      RepoTags: name === undefined ? [] : [name],
      Layers: (document.layers ?? []).map((layer) => blob(layer.digest)),
    });
  };
  for (const item of index.manifests) {
    const name =
      item.annotations?.["io.containerd.image.name"] ??
      item.annotations?.["org.opencontainers.image.ref.name"];
    visit(item.digest, name?.includes(":") ? name.replace(/^docker\.io\/library\//, "") : undefined);
  }
  return out;
}

/** A ustar archive of regular files (parent directories implied), sorted by path. */
function writeTar(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (const path of [...files.keys()].sort()) {
    const data = files.get(path) as Uint8Array;
    const header = new Uint8Array(512);
    const put = (offset: number, text: string) => header.set(encoder.encode(text), offset);
    put(0, path);
    put(100, "0000644\0");
    put(108, "0000000\0");
    put(116, "0000000\0");
    put(124, `${data.length.toString(8).padStart(11, "0")}\0`);
    put(136, "00000000000\0");
    put(148, "        ");
    put(156, "0");
    put(257, "ustar\0");
    put(263, "00");
    let sum = 0;
    for (const byte of header) sum += byte;
    put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    chunks.push(header, padded);
    total += 512 + padded.length;
  }
  const out = new Uint8Array(total + 1024);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
