export type { EnvLookup, ExpandOptions, ExpandResult } from "./expand.ts";
export { expandedInstructions, expandString, expandWords, goQuote, lookupFromEnv } from "./expand.ts";
export type { ExpandedInstruction } from "./expand-instruction.ts";
export { expandInstruction } from "./expand-instruction.ts";
export { isInstructionKeyword } from "./instructions.ts";
export { firstDockerError, parseDockerfile, parseOnbuildTrigger } from "./parse.ts";
export type { FromReference } from "./stages.ts";
export { resolveFromReference } from "./stages.ts";
export type * from "./types.ts";
