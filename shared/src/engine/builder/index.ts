/** The builders: Dockerfile + context + store → image, step records with reasons, and output. */
export { buildImage } from "./build.ts";
export {
  type BuildOutput,
  humanSize,
  renderBuildKitOutput,
  renderBuildOutput,
  renderClassicOutput,
} from "./log.ts";
export type { BuildPorts, MountOptions, ShellOptions, ShellOutcome, StepMount } from "./ports.ts";
export type {
  BuilderKind,
  BuildFailure,
  BuildKitFlavour,
  BuildRequest,
  BuildResult,
  BuildStep,
  CacheStatus,
  LayerOutcome,
} from "./types.ts";
