/**
 * SVG → PNG for Discord (which does not display SVG attachments), with resvg compiled to
 * WebAssembly: no native addon to build. Fonts come from the DejaVu files of Debian's
 * fonts-dejavu-core when present; without them the diagram still renders, text-less. Loaded only in
 * the simulate worker (adapters/engine-worker.ts), never in the bot's main thread.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initWasm, Resvg } from "@resvg/resvg-wasm";

const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
];

let ready: Promise<void> | undefined;
let fonts: Uint8Array[] = [];

/** Loads the WebAssembly module and the fonts once. */
export function initPngRenderer(): Promise<void> {
  ready ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm"));
    await initWasm(wasm);
    fonts = FONT_FILES.filter((file) => existsSync(file)).map((file) => new Uint8Array(readFileSync(file)));
  })();
  return ready;
}

/** Renders an SVG document to PNG bytes; call initPngRenderer() first. */
export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: 960 },
    background: "#ffffff",
    font: {
      fontBuffers: fonts,
      defaultFontFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans Mono",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  const png = resvg.render().asPng();
  resvg.free();
  return png;
}
