export * from "./changes.ts";
export * from "./content.ts";
export * from "./overlay.ts";
export * from "./path.ts";
export * from "./tar.ts";
export * from "./tree.ts";
export type * from "./types.ts";
export * from "./union.ts";
export * from "./whiteout.ts";
