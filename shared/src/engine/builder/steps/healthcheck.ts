/**
 * HEALTHCHECK: `Healthcheck` in the config (`CMD-SHELL` for shell form, `NONE` to disable).
 * History: `HEALTHCHECK &{["CMD-SHELL" "true"] "0s" "0s" "0s" '\x00'}` (legacy and BuildKit 20.10),
 * `HEALTHCHECK {Test:[CMD-SHELL true] …}` in current BuildKit.
 */

import { goDurationError, parseGoDuration } from "../../image/go-format.ts";
import type { HealthcheckConfig } from "../../image/types.ts";
import { commitMetadata } from "../commit-metadata.ts";
import { buildkitHealthcheckComment, classicHealthcheckComment } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { failStep, type StepContext, type StepOutcome } from "../runtime.ts";
import { keepsLegacyHistoryForms } from "../types.ts";

const MINIMUM_DURATION = 1e6;

function parseInterval(flags: Readonly<Record<string, string>>, name: string): number | string {
  const value = flags[name];
  if (value === undefined || value === "") return 0;
  const parsed = parseGoDuration(value);
  if (parsed === undefined) return goDurationError(value);
  if (parsed < MINIMUM_DURATION) return `Interval "${name}" cannot be less than 1ms`;
  return parsed;
}

export function runHealthcheck(context: StepContext<InstructionOf<"HEALTHCHECK">>): StepOutcome {
  const { stage, instruction, build } = context;
  let health: HealthcheckConfig;
  if (instruction.command === undefined) {
    health = { Test: ["NONE"] };
  } else {
    const durations: Record<string, number> = {};
    for (const name of ["interval", "timeout", "start-period"]) {
      const parsed = parseInterval(instruction.flags, name);
      if (typeof parsed === "string") return failStep(parsed);
      durations[name] = parsed;
    }
    const retriesText = instruction.flags.retries;
    const retries = retriesText === undefined || retriesText === "" ? 0 : Number(retriesText);
    if (!Number.isInteger(retries))
      return failStep(`strconv.ParseInt: parsing "${retriesText}": invalid syntax`);
    if (retriesText !== undefined && retriesText !== "" && retries < 1) {
      return failStep(`--retries must be at least 1 (not ${retries})`);
    }
    const command = instruction.command;
    const test = command.form === "exec" ? ["CMD", ...command.argv] : ["CMD-SHELL", command.text];
    health = {
      Test: test,
      ...(durations.interval ? { Interval: durations.interval } : {}),
      ...(durations.timeout ? { Timeout: durations.timeout } : {}),
      ...(durations["start-period"] ? { StartPeriod: durations["start-period"] } : {}),
      ...(retries ? { Retries: retries } : {}),
    };
  }
  stage.config = { ...stage.config, Healthcheck: health };
  // Docker 25+ added StartInterval, which the legacy `&{…}` form prints too.
  const classic = classicHealthcheckComment(health, build.flavour === "engine-26.1");
  const buildkit = keepsLegacyHistoryForms(build.flavour) ? classic : buildkitHealthcheckComment(health);
  return commitMetadata(context, classic, buildkit);
}
