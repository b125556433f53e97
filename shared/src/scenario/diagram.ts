/**
 * Layer-stack diagrams as SVG, drawn from an image's history: one band per history entry, top of
 * the stack first. Filesystem layers are filled bands with their size; metadata-only entries
 * (`empty_layer`) are dashed outlines, so "every instruction is a layer" is visibly false.
 */
import type { SimDaemon } from "../cli/daemon.ts";
import { humanSize } from "../cli/format.ts";
import { imageHistory } from "../engine/daemon/history.ts";
import type { Image } from "../engine/image/types.ts";

export interface DiagramLayer {
  createdBy: string;
  size: number;
  /** A history entry without a filesystem layer. */
  empty: boolean;
}

export interface LayerDiagramInput {
  image: string;
  /** Bottom (base) first. */
  layers: DiagramLayer[];
}

const WIDTH = 640;
const ROW = 30;
const TOP = 40;
const LABEL_CHARS = 64;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** What the band shows for a history entry: the instruction without the builder's shell prefix. */
function labelOf(createdBy: string): string {
  const text = createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, "")
    .replace(/^\/bin\/sh -c /, "RUN ")
    .replace(/\s*# buildkit$/, "")
    .trim();
  const shown = text === "" ? "(imported base layer)" : text;
  return shown.length > LABEL_CHARS ? `${shown.slice(0, LABEL_CHARS - 1)}…` : shown;
}

/** Renders the stack as an accessible, deterministic SVG document. */
export function renderLayerDiagram(input: LayerDiagramInput): string {
  const rows = [...input.layers].reverse();
  const filesystem = input.layers.filter((layer) => !layer.empty).length;
  const total = input.layers.reduce((sum, layer) => sum + (layer.empty ? 0 : layer.size), 0);
  const height = TOP + rows.length * ROW + 34;
  const title = `Layers of ${input.image}: ${filesystem} filesystem layer${filesystem === 1 ? "" : "s"}, ${input.layers.length} history entries, ${humanSize(total)}`;
  const bands = rows.map((layer, index) => {
    const y = TOP + index * ROW;
    const label = escapeXml(labelOf(layer.createdBy));
    const size = layer.empty ? "no layer" : humanSize(layer.size);
    const band = layer.empty
      ? `<rect x="8" y="${y + 3}" width="${WIDTH - 16}" height="${ROW - 6}" rx="4" fill="none" stroke="#8a8f98" stroke-dasharray="5 4"/>`
      : `<rect x="8" y="${y + 2}" width="${WIDTH - 16}" height="${ROW - 4}" rx="4" fill="#1d4f91" stroke="#0f2f5c"/>`;
    const color = layer.empty ? "#4a4f57" : "#ffffff";
    return (
      `<g>${band}` +
      `<text x="18" y="${y + 20}" fill="${color}" font-size="13" font-family="DejaVu Sans Mono, monospace">${label}</text>` +
      `<text x="${WIDTH - 18}" y="${y + 20}" fill="${color}" font-size="13" font-family="DejaVu Sans, sans-serif" text-anchor="end">${size}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="layers-title">`,
    `<title id="layers-title">${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="24" fill="#111111" font-size="15" font-weight="bold" font-family="DejaVu Sans, sans-serif">${escapeXml(input.image)} (top of the stack first)</text>`,
    ...bands,
    `<text x="8" y="${height - 12}" fill="#333333" font-size="12" font-family="DejaVu Sans, sans-serif">${escapeXml(`${filesystem} filesystem layers (filled), ${input.layers.length - filesystem} history-only entries (dashed); ${humanSize(total)} in all`)}</text>`,
    "</svg>",
  ].join("\n");
}

/** The diagram input for an image the daemon holds, bottom layer first. */
export function diagramInputOf(daemon: SimDaemon, image: Image, name: string): LayerDiagramInput {
  const rows = imageHistory(daemon.store, image);
  const history = image.config.history;
  return {
    image: name,
    layers: [...rows].reverse().map((row, index) => ({
      createdBy: row.createdBy,
      size: row.size,
      empty: history[index]?.empty_layer === true,
    })),
  };
}
