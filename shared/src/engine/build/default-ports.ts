/**
 * The builder's default wiring to the other engine modules: the Dockerfile parser
 * (`dockerfile/`), the union (`fs/union.ts`), the overlay mount RUN writes through
 * (`fs/overlay.ts`), layers (`fs/layer.ts`) and archives (`fs/tar.ts`). The shell is bound as
 * `shell/` provides it (see `ports.ts` for the contract).
 */
import { parseDockerfile, parseOnbuildTrigger } from "../dockerfile/index.ts";
import { createLayer } from "../fs/layer.ts";
import { createOverlayMount } from "../fs/overlay.ts";
import { readTar } from "../fs/tar.ts";
import { applyChangeset } from "../fs/union.ts";
import { treeFromTarEntries } from "./archive.ts";
import { planFromDockerfile, toBuildInstruction } from "./plan-from-dockerfile.ts";
import type { BuildPorts } from "./ports.ts";

function unavailable(name: string): never {
  throw new Error(`build/default-ports.ts: ${name} is not wired to an engine module yet`);
}

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
  createLayer,
  mount: (lower, options) => createOverlayMount(lower, options),
  runShell: () => unavailable("runShell (shell/)"),
  runArgv: () => unavailable("runArgv (shell/)"),
  readArchive: (bytes) => {
    const read = readTar(bytes);
    if (read.diagnostics.length > 0 || read.entries.length === 0) return undefined;
    return treeFromTarEntries(read.entries);
  },
};
