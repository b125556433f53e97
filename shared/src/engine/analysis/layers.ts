/**
 * Per-layer analysis of an image, dive-style: what each layer added, modified and removed, and the
 * union view after any layer, with Docker's sizes.
 */

import { diffTrees, type TreeChange } from "../fs/changes.ts";
import { createDir } from "../fs/tree.ts";
import type { DirNode } from "../fs/types.ts";
import { stackLayers } from "../fs/union.ts";
import { historyWithLayers } from "../image/history-layers.ts";
import type { Image } from "../image/types.ts";
import { computeDiveEfficiency, type DiveEfficiency } from "./efficiency.ts";
import { computeWastedSpace, type WastedSpace } from "./wasted-space.ts";

export interface LayerAnalysis {
  readonly index: number;
  /** The history item that produced the layer (`created_by`). */
  readonly createdBy: string;
  /** Docker's DiffSize of the layer (what `docker history` shows). */
  readonly size: number;
  readonly added: readonly TreeChange[];
  readonly modified: readonly TreeChange[];
  readonly removed: readonly TreeChange[];
  /** The union view after this layer. */
  readonly view: DirNode;
}

export interface ImageAnalysis {
  readonly layers: readonly LayerAnalysis[];
  /** Σ layer sizes (S2): bytes stored, including bytes later layers hide. */
  readonly imageSize: number;
  readonly dive: DiveEfficiency;
  readonly wasted: WastedSpace;
}

/** Analyses every layer of an image: per-layer changes, views, dive's score and reclaimable bytes. */
export function analyzeImage(image: Image): ImageAnalysis {
  const changesets = image.layers.map((layer) => layer.changes);
  const views = stackLayers(changesets);
  const history = historyWithLayers(image)
    .filter((paired) => paired.layer !== undefined)
    .map((paired) => paired.entry);
  const layers = image.layers.map((layer, index) => {
    const before = index === 0 ? createDir() : (views[index - 1] as DirNode);
    const changes = diffTrees(before, views[index] as DirNode);
    return {
      index,
      createdBy: history[index]?.created_by ?? "",
      size: layer.size,
      added: changes.filter((change) => change.kind === "added"),
      modified: changes.filter((change) => change.kind === "modified"),
      removed: changes.filter((change) => change.kind === "removed"),
      view: views[index] as DirNode,
    };
  });
  return {
    layers,
    imageSize: image.layers.reduce((sum, layer) => sum + layer.size, 0),
    dive: computeDiveEfficiency(changesets),
    wasted: computeWastedSpace(changesets),
  };
}
