export * from "./container.ts";
