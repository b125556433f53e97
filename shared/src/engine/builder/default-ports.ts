/**
 * The builder's default wiring to the other engine modules: the Dockerfile parser
 * (`dockerfile/`), the union (`fs/union.ts`), the overlay mount RUN writes through
 * (`fs/overlay.ts`), layers (`image/layer.ts`), archives (`fs/tar.ts`) and the safe shell
 * (`shell/`); see `ports.ts` for the contract.
 */
import { parseDockerfile, parseOnbuildTrigger } from "../dockerfile/index.ts";
import { containerdLayerChanges } from "../fs/containerd-diff.ts";
import { createOverlayMount } from "../fs/overlay.ts";
import { readTar } from "../fs/tar.ts";
import { applyChangeset } from "../fs/union.ts";
import { createLayer } from "../image/layer.ts";
import { runArgv, runShell } from "../shell/index.ts";
import { treeFromTarEntries } from "./archive.ts";
import { planFromDockerfile, toBuildInstruction } from "./plan-from-dockerfile.ts";
import type { BuildPorts } from "./ports.ts";

export const defaultPorts: BuildPorts = {
  parse(text, path) {
    const parsed = parseDockerfile(text, { path });
    return planFromDockerfile(parsed.dockerfile, parsed.diagnostics);
  },
  parseTrigger(expression, escapeToken) {
    const parsed = parseOnbuildTrigger(expression, { escapeToken: escapeToken === "`" ? "`" : "\\" });
    const instruction = parsed.instruction === undefined ? undefined : toBuildInstruction(parsed.instruction);
    return instruction === undefined
      ? { diagnostics: parsed.diagnostics }
      : { instruction, diagnostics: parsed.diagnostics };
  },
  applyChangeset,
  containerdDiff: containerdLayerChanges,
  createLayer,
  mount: (lower, options) => createOverlayMount(lower, options),
  runShell,
  runArgv,
  readArchive: (bytes) => {
    const read = readTar(bytes);
    if (read.diagnostics.length > 0 || read.entries.length === 0) return undefined;
    return treeFromTarEntries(read.entries);
  },
};
