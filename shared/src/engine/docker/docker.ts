/**
 * `layercake docker …`: the docker CLI's commands over the simulated daemon. Every command reads
 * through `HostIo` (so that a run can be replayed from its journal) and returns its output and exit
 * code as data; the caller prints them. Wording and formats follow the Docker 20.10 CLI. One file per
 * command in `commands/`, gathered in the table of `commands/index.ts`; this module dispatches.
 */
import { type CommandEnv, type CommandResult, fail, ok, profileOf } from "./command.ts";
import { COMMANDS, GROUPS } from "./commands/index.ts";
import type { SimDaemon } from "./daemon.ts";
import { type DaemonProfile, DOCKER_20_10 } from "./profile.ts";

export type { CommandEnv, CommandResult } from "./command.ts";
export { containerImageName, containerSizeText, containerStatus } from "./commands/ps.ts";
export { inspectImage } from "./inspect-documents.ts";

/** The commands `layercake docker` supports, for help and error texts. */
export const SUPPORTED_COMMANDS = [
  "build",
  "builder",
  "commit",
  "create",
  "diff",
  "exec",
  "history",
  "image",
  "images",
  "info",
  "inspect",
  "load",
  "ps",
  "pull",
  "rm",
  "rmi",
  "run",
  "save",
  "start",
  "stop",
  "system",
  "tag",
  "version",
] as const;

/** Whether a command can change the daemon's state (such commands are journaled). */
export function isMutatingCommand(argv: readonly string[]): boolean {
  const [command, sub] = argv;
  if (command === "image")
    return (
      sub === "rm" || sub === "tag" || sub === "build" || sub === "load" || sub === "prune" || sub === "pull"
    );
  if (command === "system" || command === "builder") return sub === "prune";
  if (command === "container") return sub !== "ls" && sub !== "ps" && sub !== "diff" && sub !== "inspect";
  return [
    "build",
    "commit",
    "create",
    "exec",
    "load",
    "pull",
    "rm",
    "rmi",
    "run",
    "start",
    "stop",
    "tag",
  ].includes(command ?? "");
}

/**
 * Runs one docker command (`["images", "-a"]`) against the daemon.
 * @example runDockerCommand(daemon, ["tag", "tiny:1", "mine:1"], env)
 */
export function runDockerCommand(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "help") return ok(usage(profileOf(env)));
  if (command === "image" || command === "container" || command === "system" || command === "builder") {
    const [sub, ...subRest] = rest;
    const handler = GROUPS[command][sub ?? ""];
    if (handler === undefined) {
      const names = Object.keys(GROUPS[command]).join(", ");
      return fail(
        sub === undefined
          ? `Usage: docker ${command} COMMAND\nSupported: ${names}`
          : `docker: '${command} ${sub}' is not a docker command (layercake supports: docker ${command} ${names}).\nSee 'docker ${command} --help'`,
      );
    }
    return handler(daemon, subRest, env);
  }
  const handler = COMMANDS[command];
  if (handler === undefined) {
    return fail(
      `docker: '${command}' is not a docker command.\nSee 'docker --help'\nlayercake supports: ${SUPPORTED_COMMANDS.join(", ")}`,
    );
  }
  return handler(daemon, rest, env);
}

export function usage(profile: DaemonProfile = DOCKER_20_10): string {
  return `Usage:  layercake docker COMMAND\n\nA simulated ${profile.name} daemon (images, layers, build cache, containers).\n\nCommands:\n${SUPPORTED_COMMANDS.map((name) => `  ${name}`).join("\n")}\n`;
}
