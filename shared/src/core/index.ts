export * from "./clock.ts";
export * from "./content-model.ts";
export * from "./diagnostic-catalog.ts";
export * from "./diagnostics.ts";
export * from "./hash.ts";
export * from "./random.ts";
export * from "./reasons.ts";
export * from "./rule-codes.ts";
