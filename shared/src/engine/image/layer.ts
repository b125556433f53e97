/**
 * Layers as Docker identifies and measures them: DiffID over the uncompressed tar (D1), ChainID by
 * the OCI formula (D3), and DiffSize (S1) for `docker history` and image sizes.
 *
 * A layer is the image side of a changeset: it lives in image/ and reads fs/ (trees, tars), while
 * fs/ knows nothing of images, so the two folders never import each other.
 */
import { createSha256, type Digest, sha256Digest } from "../../core/hash.ts";
import { writeLayerTar } from "../fs/tar.ts";
import type { DirNode } from "../fs/types.ts";
import type { Layer } from "./types.ts";

/** D6: the DiffID of an empty layer (1024 zero bytes), `layer.DigestSHA256EmptyTar` in moby. */
export const EMPTY_LAYER_DIFF_ID: Digest =
  "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/** D1: sha256 of the layer's canonical uncompressed tar, hashed chunk by chunk. */
export function computeDiffId(changes: DirNode): Digest {
  if (changes.children.size === 0 && !changes.opaque) return EMPTY_LAYER_DIFF_ID;
  const hash = createSha256();
  // The encoder stages headers in a 64 kB buffer, so the hash sees few, large updates.
  writeLayerTar(changes, (chunk) => hash.update(chunk));
  return hash.digest();
}

/**
 * S1 / moby `directory.Size`: bytes of regular files plus symlink target lengths; a hard-linked
 * inode counts once; directories and whiteouts count 0.
 */
export function computeLayerSize(changes: DirNode): number {
  const seenInodes = new Set<number>();
  let size = 0;
  const visit = (dir: DirNode) => {
    for (const child of dir.children.values()) {
      if (child.kind === "dir") visit(child);
      else if (child.kind === "symlink") size += child.target.length;
      else if (child.kind === "file" && !seenInodes.has(child.inode)) {
        seenInodes.add(child.inode);
        size += child.content.size;
      }
    }
  };
  visit(changes);
  return size;
}

/** True when the changeset would encode to the empty tar: nothing added, changed or deleted. */
export function isEmptyChangeset(changes: DirNode): boolean {
  return changes.children.size === 0 && !changes.opaque;
}

/**
 * A layer whose DiffID and size are computed on first use and then kept. `declaredDiffId` is for
 * layers that arrive with their DiffID, as a pulled image's layers do (its config lists them).
 */
export function createLayer(
  changes: DirNode,
  declaredDiffId?: Digest,
  options: { readonly overInitLayer?: boolean } = {},
): Layer {
  let diffId: Digest | undefined = declaredDiffId;
  let size: number | undefined;
  return {
    changes,
    ...(options.overInitLayer ? { overInitLayer: true as const } : {}),
    get diffId() {
      diffId ??= computeDiffId(changes);
      return diffId;
    },
    get size() {
      size ??= computeLayerSize(changes);
      return size;
    },
  };
}

/**
 * D3: `ChainID(L0) = DiffID(L0)`, `ChainID(L0|…|Ln) = sha256(ChainID(L0|…|Ln-1) + " " + DiffID(Ln))`.
 * Local layer storage is keyed by ChainID, so one DiffID on two chains is stored twice (D4).
 */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const chain: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = chain.at(-1);
    chain.push(previous === undefined ? diffId : sha256Digest(`${previous} ${diffId}`));
  }
  return chain;
}
