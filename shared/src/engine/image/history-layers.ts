/**
 * An image's history entries paired with its layers, bottom first: every entry that is not an
 * `empty_layer` owns the next layer of `rootfs` (OCI image spec, config.md "history"). The one
 * place that walks the two lists together (`docker history`, diagrams, the playground, the bot).
 */
import { readImageDraft } from "./image.ts";
import type { HistoryEntry, Image, Layer } from "./types.ts";

export interface HistoryLayer {
  readonly entry: HistoryEntry;
  /** The layer the entry created; absent for a metadata-only entry (`empty_layer`). */
  readonly layer?: Layer;
}

/** The image's history, oldest first, each entry with the layer it created. */
export function historyWithLayers(image: Image): HistoryLayer[] {
  let next = 0;
  // The draft's history is the config's, without computing the config document of a lazy image.
  return readImageDraft(image).history.map((entry) => {
    if (entry.empty_layer) return { entry };
    const layer = image.layers[next];
    next += 1;
    return layer === undefined ? { entry } : { entry, layer };
  });
}
