/**
 * The layer-simulation engine: Dockerfile → layers for the classic builder and BuildKit, the build
 * cache, the union view, whiteouts, containers with copy-on-write, `docker diff`, sizes and layer
 * analysis, and the simulated docker CLI and daemon over them (docker/: `openDockerSession` is the
 * way in). Pure TypeScript: runs unchanged in Node and in the browser. The rooms and the direction
 * of their imports: ../README.md.
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
