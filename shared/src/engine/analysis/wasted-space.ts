/**
 * Layercake's own answer to "how much could this image shrink?": bytes stored in some layer that
 * the final union view never shows — shadowed by a later version of the path, deleted by a
 * whiteout, or hidden by an opaque directory (which dive ignores). Each byte comes with the layer
 * that added it, the layer that hid it, and what to change (S3, W2, W3).
 */
import { type Reason, reason } from "../../core/reasons.ts";
import type { DirNode, FsNode } from "../fs/types.ts";

export type HiddenBy = "whiteout" | "opaque-directory" | "replaced";

export interface WastedFile {
  readonly path: string;
  readonly bytes: number;
  /** Index of the layer that stored these bytes. */
  readonly addedInLayer: number;
  /** Index of the first later layer that hid them. */
  readonly hiddenInLayer: number;
  readonly hiddenBy: HiddenBy;
  readonly reason: Reason;
}

export interface WastedSpace {
  /** Bytes a rewrite of the Dockerfile could reclaim (same files, each stored once, nothing deleted later). */
  readonly reclaimableBytes: number;
  readonly files: readonly WastedFile[];
}

type Present = Exclude<FsNode, { kind: "whiteout" }>;

function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/** How a later changeset affects `path` (components), if at all. */
function hiddenIn(changes: DirNode, parts: readonly string[]): HiddenBy | undefined {
  let dir: DirNode = changes;
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index] as string;
    if (dir.opaque && index > 0) return "opaque-directory";
    const next = dir.children.get(part);
    if (next === undefined) return undefined;
    if (next.kind === "whiteout") return "whiteout";
    const last = index === parts.length - 1;
    if (last) return "replaced";
    if (next.kind !== "dir") return "replaced";
    dir = next;
  }
  return undefined;
}

function sizeOf(node: Present): number {
  if (node.kind === "file") return node.content.size;
  if (node.kind === "symlink") return node.target.length;
  return 0;
}

function explain(path: string, bytes: number, added: number, hidden: number, by: HiddenBy): Reason {
  const advice =
    by === "replaced"
      ? "write the file once: combine the steps, or order them so the final version is the only one stored"
      : "delete it in the same RUN that created it, or build it in an earlier stage and COPY --from only what you need";
  const what =
    by === "whiteout"
      ? `deleted by layer ${hidden} (a whiteout)`
      : by === "opaque-directory"
        ? `hidden by an opaque directory in layer ${hidden}`
        : `replaced by a new version in layer ${hidden}`;
  return reason(
    `wasted-${by}`,
    `${path}: ${bytes} B stored in layer ${added} but ${what}; the bytes stay in layer ${added} — ${advice}.`,
    by === "replaced" ? "W1" : by === "whiteout" ? "S3" : "W3",
    { path, bytes, addedInLayer: added, hiddenInLayer: hidden },
  );
}

/**
 * Every file (and symlink) stored in a layer whose bytes the final view does not show, with the
 * reason. A hard-linked inode counts once per layer, as Docker's DiffSize does.
 */
export function computeWastedSpace(layers: readonly DirNode[]): WastedSpace {
  const files: WastedFile[] = [];
  layers.forEach((layer, layerIndex) => {
    const seenInodes = new Set<number>();
    const visit = (dir: DirNode, path: string, parts: string[]) => {
      for (const name of [...dir.children.keys()].sort()) {
        const node = dir.children.get(name) as FsNode;
        if (node.kind === "whiteout") continue;
        const where = childPath(path, name);
        const whereParts = [...parts, name];
        if (node.kind === "dir") {
          visit(node, where, whereParts);
          continue;
        }
        if (node.kind === "file") {
          if (seenInodes.has(node.inode)) continue;
          seenInodes.add(node.inode);
        }
        const bytes = sizeOf(node);
        if (bytes === 0) continue;
        for (let later = layerIndex + 1; later < layers.length; later += 1) {
          const by = hiddenIn(layers[later] as DirNode, whereParts);
          if (by === undefined) continue;
          files.push({
            path: where,
            bytes,
            addedInLayer: layerIndex,
            hiddenInLayer: later,
            hiddenBy: by,
            reason: explain(where, bytes, layerIndex, later, by),
          });
          break;
        }
      }
    };
    visit(layer, "/", []);
  });
  return { reclaimableBytes: files.reduce((sum, file) => sum + file.bytes, 0), files };
}
