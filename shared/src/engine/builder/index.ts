/** The builders: Dockerfile + context + store → image, step records with reasons, and output. */

// go-units HumanSize, as `docker build` prints the context size; kept here for existing importers.
export { humanSize } from "../units/human-size.ts";
export { buildImage } from "./build.ts";
export {
  type BuildOutput,
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
