export * from "./efficiency.ts";
export * from "./wasted-space.ts";
