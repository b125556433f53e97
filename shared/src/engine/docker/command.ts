/**
 * What every docker command shares: its result and environment, docker's flag errors (exit 125)
 * and argument-count errors, and the lookups that answer with docker's "No such …" messages.
 */
import type { Image } from "../image/types.ts";
import { type FlagSpec, hasFlag, type ParsedArgs, parseFlags } from "./args.ts";
import type { ContainerRecord, SimDaemon } from "./daemon.ts";
import type { HostIo } from "./host-io.ts";
import { type DaemonProfile, DOCKER_20_10 } from "./profile.ts";

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandEnv {
  readonly io: HostIo;
  /** Milliseconds since the epoch when the command started. */
  readonly nowMs: number;
  /** `DOCKER_BUILDKIT` as set in the environment. */
  readonly dockerBuildkit?: string;
  /** The Docker the daemon behaves as; Docker 20.10 when absent. */
  readonly profile?: DaemonProfile;
}

/** The Docker a command answers as (Docker 20.10 when the caller gave none). */
export function profileOf(env: CommandEnv): DaemonProfile {
  return env.profile ?? DOCKER_20_10;
}

export const ok = (stdout = "", stderr = ""): CommandResult => ({ exitCode: 0, stdout, stderr });

export const fail = (stderr: string, exitCode = 1, stdout = ""): CommandResult => ({
  exitCode,
  stdout,
  stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`,
});

export type Handler = (daemon: SimDaemon, argv: readonly string[], env: CommandEnv) => CommandResult;

/** Parses flags or answers with docker's flag error (exit 125). */
export function withFlags(
  command: string,
  argv: readonly string[],
  specs: readonly FlagSpec[],
  body: (args: ParsedArgs) => CommandResult,
  options: { interspersed?: boolean } = {},
): CommandResult {
  const parsed = parseFlags(argv, [...specs, { long: "help" }], options);
  if (parsed.ok && hasFlag(parsed.args, "help")) {
    const lines = [...specs]
      .sort((a, b) => (a.long < b.long ? -1 : 1))
      .map(
        (spec) => `  ${spec.short ? `-${spec.short}, ` : "    "}--${spec.long}${spec.value ? " string" : ""}`,
      );
    return ok(
      `\nUsage:  docker ${command} [OPTIONS]\n\nThe options Layercake simulates${lines.length === 0 ? ": none" : ":"}\n${lines.join("\n")}${lines.length === 0 ? "" : "\n"}`,
    );
  }
  if (!parsed.ok) {
    const supported = specs.map((spec) => (spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`));
    return fail(
      `${parsed.message}\nSee 'docker ${command} --help'.\nlayercake supports: ${supported.join(", ")}`,
      125,
    );
  }
  return body(parsed.args);
}

export function requireArgs(
  command: string,
  args: ParsedArgs,
  min: number,
  usageLine: string,
): CommandResult | undefined {
  if (args.positionals.length >= min) return undefined;
  const plural = min === 1 ? "1 argument" : `${min} arguments`;
  return fail(
    `"docker ${command}" requires at least ${plural}.\nSee 'docker ${command} --help'.\n\nUsage:  docker ${usageLine}`,
  );
}

export function findImageOrFail(daemon: SimDaemon, reference: string): Image | CommandResult {
  const image = daemon.store.getImage(reference);
  return image ?? fail(`Error response from daemon: No such image: ${reference}`);
}

export function isResult(value: Image | CommandResult): value is CommandResult {
  return "exitCode" in value;
}

export function removeRecord(daemon: SimDaemon, record: ContainerRecord): void {
  const index = daemon.containers.indexOf(record);
  if (index !== -1) daemon.containers.splice(index, 1);
}
