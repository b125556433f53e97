export * from "./efficiency.ts";
export * from "./layers.ts";
export * from "./wasted-space.ts";
