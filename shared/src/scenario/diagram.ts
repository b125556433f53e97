/**
 * Layer-stack diagrams as SVG, drawn from an image's history: one band per history entry, top of
 * the stack first. Filesystem layers are filled bands with their size; metadata-only entries
 * (`empty_layer`) are thin dashed outlines, so "every instruction is a layer" is visibly false; the
 * entries that came with the base image sit together in one labelled group at the bottom.
 */

import { imageHistory } from "../engine/daemon/history.ts";
import { historyLayerSize, type SimDaemon } from "../engine/docker/daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../engine/docker/profile.ts";
import { historyWithLayers } from "../engine/image/history-layers.ts";
import type { Image } from "../engine/image/types.ts";
import { listingSize } from "../engine/units/human-size.ts";

export interface DiagramLayer {
  createdBy: string;
  size: number;
  /** A history entry without a filesystem layer. */
  empty: boolean;
  diffId?: string;
}

export interface LayerDiagramInput {
  image: string;
  /** Bottom (base) first, one per history entry. */
  layers: DiagramLayer[];
  /** The first `entries` layers came with the base image `name` (FROM). */
  base?: { name: string; entries: number };
  /** The accessible title; by default it summarises the stack. */
  title?: string;
}

// Text widths are estimated from character counts (no font metrics are available in the browser
// build, and no external font is loaded): DejaVu Sans Mono advances 0.602 em; sans-serif digits
// and units stay under 0.62 em.
const FONT_SIZE = 13;
const MONO_ADVANCE = 0.602 * FONT_SIZE;
const SANS_ADVANCE = 0.62 * FONT_SIZE;
const PAD = 12;
const GAP = 24;
const MIN_WIDTH = 360;
const LAYER_ROW = 30;
const EMPTY_ROW = 22;
const HEADER = 40;
const GROUP_CAPTION = 22;
const FOOTER = 34;
const LABEL_CHARS = 60;
const MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace";
const SANS = "DejaVu Sans, Helvetica, Arial, sans-serif";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The instruction as written, without the builder's shell prefix or BuildKit's marker. */
function instructionOf(createdBy: string): string {
  const text = createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, "")
    .replace(/^\/bin\/sh -c /, "RUN ")
    .replace(/\s*# buildkit$/, "")
    .trim();
  return text === "" ? "(imported layer)" : text;
}

function truncate(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** Renders the stack as an accessible, deterministic SVG document. */
export function renderLayerDiagram(input: LayerDiagramInput): string {
  const baseEntries = Math.min(input.base?.entries ?? 0, input.layers.length);
  const rows = input.layers.map((layer, index) => ({
    layer,
    inBase: index < baseEntries,
    label: truncate(instructionOf(layer.createdBy), LABEL_CHARS),
    size: layer.empty ? "no layer" : listingSize(layer.size),
  }));
  rows.reverse();
  const filesystem = input.layers.filter((layer) => !layer.empty).length;
  const total = input.layers.reduce((sum, layer) => sum + (layer.empty ? 0 : layer.size), 0);
  const baseLayers = input.layers.slice(0, baseEntries).filter((layer) => !layer.empty).length;
  const caption =
    input.base && baseEntries > 0
      ? `from ${input.base.name}: ${plural(baseLayers, "layer")}, ${listingSize(input.layers.slice(0, baseEntries).reduce((sum, layer) => sum + (layer.empty ? 0 : layer.size), 0))}`
      : undefined;
  const heading = `${input.image} (top of the stack first)`;
  const legend = `${plural(filesystem, "filesystem layer")} (filled), ${plural(input.layers.length - filesystem, "history-only entry", "history-only entries")} (dashed); ${listingSize(total)} in all`;

  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length)) * MONO_ADVANCE;
  const sizeWidth = Math.max(0, ...rows.map((row) => row.size.length)) * SANS_ADVANCE;
  const width = Math.ceil(
    Math.max(
      MIN_WIDTH,
      2 * PAD + 2 * 10 + labelWidth + GAP + sizeWidth,
      2 * PAD + heading.length * SANS_ADVANCE * 1.1,
      2 * PAD + legend.length * 0.6 * 12,
      caption === undefined ? 0 : 2 * PAD + caption.length * 0.6 * 12 + 10,
    ),
  );

  const parts: string[] = [];
  let y = HEADER;
  let groupTop: number | undefined;
  for (const row of rows) {
    if (row.inBase && groupTop === undefined) {
      groupTop = y;
      y += GROUP_CAPTION;
    }
    const height = row.layer.empty ? EMPTY_ROW : LAYER_ROW;
    const x = row.inBase ? PAD + 6 : PAD;
    const bandWidth = width - 2 * x;
    const color = row.layer.empty ? "#4a4f57" : "#ffffff";
    const band = row.layer.empty
      ? `<rect x="${x}" y="${y + 3}" width="${bandWidth}" height="${height - 6}" rx="3" fill="none" stroke="#8a8f98" stroke-dasharray="5 4"/>`
      : `<rect x="${x}" y="${y + 2}" width="${bandWidth}" height="${height - 4}" rx="4" fill="${row.inBase ? "#5b6b80" : "#1d4f91"}" stroke="#0f2f5c"/>`;
    const baseline = y + Math.round(height / 2) + 5;
    parts.push(
      `<g>${band}` +
        `<text x="${x + 10}" y="${baseline}" fill="${color}" font-size="${row.layer.empty ? 12 : FONT_SIZE}" font-family="${MONO}">${escapeXml(row.label)}</text>` +
        `<text x="${x + bandWidth - 10}" y="${baseline}" fill="${color}" font-size="${row.layer.empty ? 12 : FONT_SIZE}" font-family="${SANS}" text-anchor="end">${row.size}</text></g>`,
    );
    y += height;
  }
  if (groupTop !== undefined && caption !== undefined) {
    // Drawn first so that the bands sit on top of the group's background.
    parts.unshift(
      `<g><rect x="${PAD}" y="${groupTop}" width="${width - 2 * PAD}" height="${y - groupTop + 4}" rx="6" fill="#eef1f5" stroke="#9aa5b1"/>` +
        `<text x="${PAD + 8}" y="${groupTop + 16}" fill="#333333" font-size="12" font-family="${SANS}">${escapeXml(caption)}</text></g>`,
    );
    y += 4;
  }
  const height = y + FOOTER;
  const title =
    input.title ??
    `Layers of ${input.image}: ${plural(filesystem, "filesystem layer")}, ${plural(input.layers.length, "history entry", "history entries")}, ${listingSize(total)}`;
  const description = rows
    .map((row) => `${row.label}: ${row.layer.empty ? "history only, no layer" : row.size}`)
    .join("; ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="layers-title layers-desc">`,
    `<title id="layers-title">${escapeXml(title)}</title>`,
    `<desc id="layers-desc">${escapeXml(`Top first: ${description}.`)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="24" fill="#111111" font-size="15" font-weight="bold" font-family="${SANS}">${escapeXml(heading)}</text>`,
    ...parts,
    `<text x="${PAD}" y="${height - 12}" fill="#333333" font-size="12" font-family="${SANS}">${escapeXml(legend)}</text>`,
    "</svg>",
  ].join("\n");
}

/**
 * The diagram input for an image the daemon holds, bottom layer first. The base image is the
 * pulled (catalog) image whose history and layers begin this image's: the FROM it was built on.
 * Sizes are `docker history`'s on `profile`'s image store (the containerd store counts disk usage).
 */
export function diagramInputOf(
  daemon: SimDaemon,
  image: Image,
  name: string,
  profile: DaemonProfile = DOCKER_20_10,
): LayerDiagramInput {
  const rows = [...imageHistory(daemon.store, image, historyLayerSize(profile))].reverse();
  const paired = historyWithLayers(image);
  const layers = rows.map((row, index) => {
    const empty = paired[index]?.entry.empty_layer === true;
    const diffId = paired[index]?.layer?.diffId;
    return { createdBy: row.createdBy, size: row.size, empty, ...(diffId === undefined ? {} : { diffId }) };
  });
  const base = baseImageOf(daemon, image);
  return { image: name, layers, ...(base === undefined ? {} : { base }) };
}

function baseImageOf(daemon: SimDaemon, image: Image): { name: string; entries: number } | undefined {
  let best: { name: string; entries: number } | undefined;
  for (const candidate of daemon.store.listImages()) {
    if (candidate === image || candidate.origin !== "catalog") continue;
    const history = candidate.config.history;
    const prefix =
      history.length <= image.config.history.length &&
      candidate.layers.length <= image.layers.length &&
      candidate.layers.every((layer, index) => layer.diffId === image.layers[index]?.diffId) &&
      history.every((entry, index) => entry.created_by === image.config.history[index]?.created_by);
    if (!prefix || (best !== undefined && best.entries >= history.length)) continue;
    const name = daemon.store.tagsOf(candidate)[0];
    if (name !== undefined) best = { name, entries: history.length };
  }
  return best;
}
