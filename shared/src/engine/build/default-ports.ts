/**
 * The builder's default wiring to the other engine modules. The Dockerfile comes through the local
 * `dockerfile-adapter.ts`; the file-system and shell operations are bound to `fs/` and `shell/` as
 * those modules provide them (see `ports.ts` for the contract).
 */
import { parseBuildPlan, parseTriggerInstruction } from "./dockerfile-adapter.ts";
import type { BuildPorts } from "./ports.ts";

function unavailable(name: string): never {
  throw new Error(`build/default-ports.ts: ${name} is not wired to an engine module yet`);
}

export const defaultPorts: BuildPorts = {
  parse: parseBuildPlan,
  parseTrigger: parseTriggerInstruction,
  applyChangeset: () => unavailable("applyChangeset (fs/union.ts)"),
  createLayer: () => unavailable("createLayer (fs/layer.ts)"),
  mount: () => unavailable("createOverlayMount (fs/overlay.ts)"),
  runShell: () => unavailable("runShell (shell/)"),
  runArgv: () => unavailable("runArgv (shell/)"),
  readArchive: () => undefined,
};
