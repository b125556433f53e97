/**
 * The layer-simulation engine: Dockerfile → layers for the classic builder and BuildKit, the build
 * cache, the union view, whiteouts, containers with copy-on-write, `docker diff`, sizes and layer
 * analysis. Pure TypeScript: runs unchanged in Node and in the browser.
 */
export * from "./analysis/index.ts";
export * from "./builder/index.ts";
export * from "./cache/index.ts";
export * from "./catalog/index.ts";
export * from "./container/index.ts";
export * from "./context/index.ts";
export * from "./daemon/index.ts";
export * from "./docker/index.ts";
export * from "./dockerfile/index.ts";
export * from "./fs/index.ts";
export * from "./image/history-layers.ts";
export * from "./image/index.ts";
export * from "./image/layer.ts";
export * from "./shell/index.ts";
export * from "./units/index.ts";
