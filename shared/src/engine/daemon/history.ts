/**
 * `docker history` (D7, `moby@20.10` daemon/images/image_history.go): one row per history item,
 * newest first; SIZE is the layer's size for items with a layer and 0 otherwise; IMAGE names the
 * images along the local parent chain (so a legacy build shows an ID per step) and `<missing>`
 * beyond it (all but the top row of a BuildKit or pulled image).
 */
import { historyWithLayers } from "../image/history-layers.ts";
import type { Image, Layer } from "../image/types.ts";
import type { ImageStore } from "./image-store.ts";

export interface HistoryRow {
  /** The image ID, or `<missing>`. */
  readonly image: string;
  readonly created: string;
  readonly createdBy: string;
  readonly size: number;
  readonly comment: string;
  readonly tags: readonly string[];
}

/**
 * The rows of `docker history <image>`. `layerSize` gives a layer's SIZE: its bytes on overlay2
 * (the default), its snapshot's disk usage on the containerd image store.
 */
export function imageHistory(
  store: ImageStore,
  image: Image,
  layerSize: (layer: Layer) => number = (layer) => layer.size,
): HistoryRow[] {
  const rows = historyWithLayers(image)
    .map(({ entry, layer }) => ({
      image: "<missing>",
      created: entry.created,
      createdBy: entry.created_by ?? "",
      size: layer === undefined ? 0 : layerSize(layer),
      comment: entry.comment ?? "",
      tags: [] as readonly string[],
    }))
    .reverse();
  let current: Image | undefined = image;
  for (const row of rows) {
    if (current === undefined) break;
    row.image = current.id;
    row.tags = store.tagsOf(current);
    current = store.parentOf(current);
  }
  return rows;
}
