/**
 * EXPOSE: `ExposedPorts` (`80` → `80/tcp`). The only instruction whose variables expand into several
 * words. History: legacy `EXPOSE 80 443/udp` as written; BuildKit 20.10 `EXPOSE map[443/udp:{} 80/tcp:{}]`
 * (a Go map), current BuildKit `EXPOSE [80/tcp 443/udp]`.
 */
import { commitMetadata } from "../commit-metadata.ts";
import type { InstructionOf } from "../instructions.ts";
import { expandSplitting, failStep, type StepContext, type StepOutcome } from "../runtime.ts";
import { keepsLegacyHistoryForms } from "../types.ts";

/** `nat.ParsePortSpecs` for EXPOSE: `port[-port][/proto]` → `port/proto` entries. */
export function parsePortSpecs(
  ports: readonly string[],
): { ok: true; value: string[] } | { ok: false; message: string } {
  const out: string[] = [];
  for (const spec of ports) {
    const [range = "", proto = "tcp"] = spec.split("/");
    const match = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (match === null || !["tcp", "udp", "sctp"].includes(proto.toLowerCase())) {
      // go-connections as Docker 20.10 and 26.1 vendor it: capitalised (recorded in fail-error-texts).
      return { ok: false, message: `Invalid containerPort: ${range}` };
    }
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start || end > 65535)
      return { ok: false, message: `invalid range specified for container: ${range}` };
    for (let port = start; port <= end; port += 1) out.push(`${port}/${proto.toLowerCase()}`);
  }
  return { ok: true, value: out };
}

export function runExpose(context: StepContext<InstructionOf<"EXPOSE">>): StepOutcome {
  // Docker's instruction parser sorts the words as written (`parseExpose`: sort.Strings), before expansion.
  const written = [...context.instruction.ports].sort((left, right) =>
    left < right ? -1 : left > right ? 1 : 0,
  );
  const words = expandSplitting(context, written);
  if (!words.ok) return failStep(words.message);
  const specs = parsePortSpecs(words.value);
  if (!specs.ok) return failStep(specs.message);
  const exposed = { ...(context.stage.config.ExposedPorts ?? {}) };
  for (const port of specs.value) exposed[port] = {};
  context.stage.config = { ...context.stage.config, ExposedPorts: exposed };
  const unique = [...new Set(specs.value)];
  const buildkitMessage = keepsLegacyHistoryForms(context.build.flavour)
    ? `EXPOSE map[${[...unique]
        .sort()
        .map((port) => `${port}:{}`)
        .join(" ")}]`
    : `EXPOSE [${specs.value.join(" ")}]`;
  return commitMetadata(context, `EXPOSE ${words.value.join(" ")}`, buildkitMessage);
}
