/**
 * `layercake docker <args>` as an adapter (node-only): takes the state lock, loads the simulated
 * daemon from `$LAYERCAKE_HOME`, runs the pure command, saves the state when the command can have
 * changed it, and releases the lock. Loaded by `main.ts` only for the `docker` tool, so a docker
 * command never loads the content pipeline or the quiz core.
 */
import "../platform/node.ts";
import { computedContainerdSizes } from "../engine/docker/containerd-sizes.ts";
import { type CommandResult, isMutatingCommand } from "../engine/docker/docker.ts";
import { openDockerSession } from "../engine/docker/session.ts";
import { readEngineProfile } from "./engine-profile.ts";
import { createHostIo } from "./host-io.ts";
import { acquireLock, loadDaemon, resetState, StateError, saveDaemon, stateHome } from "./state.ts";

const RESET_USAGE = `
Usage:  layercake docker system reset

Remove the simulated daemon's state (images, layers, build cache, containers) from $LAYERCAKE_HOME,
so that the next command starts from a fresh daemon. Not a docker command: layercake's own.
`;

/**
 * Runs one docker command (`args` without `docker`) in `cwd` against the state in `environment`'s
 * `$LAYERCAKE_HOME`.
 * @example runDockerMain(["images"], process.cwd(), process.env)
 */
export function runDockerMain(
  args: readonly string[],
  cwd: string,
  environment: Readonly<Record<string, string | undefined>>,
): CommandResult {
  const home = stateHome(environment);
  try {
    const release = acquireLock(home);
    try {
      if (args[0] === "system" && args[1] === "reset") return resetCommand(home, args.slice(2));
      const reading = readEngineProfile(home, environment);
      if ("problem" in reading) return { exitCode: 1, stdout: "", stderr: `layercake: ${reading.problem}\n` };
      const nowMs = Date.now();
      const session = openDockerSession({
        clock: { now: () => nowMs },
        profile: reading.profile,
        host: createHostIo(cwd, environment),
        daemon: loadDaemon(home, reading.profile.store),
      });
      const dockerBuildkit = environment.DOCKER_BUILDKIT;
      const sizesBefore = computedContainerdSizes.count();
      const result = session.docker(args, dockerBuildkit === undefined ? {} : { dockerBuildkit });
      // A listing that computed containerd-store sizes (compressing layers) saves them, so that the
      // next one does not compute them again.
      if (isMutatingCommand(args) || computedContainerdSizes.count() > sizesBefore)
        saveDaemon(home, reading.profile.store, session.daemon);
      return result;
    } finally {
      release();
    }
  } catch (error) {
    if (error instanceof StateError)
      return { exitCode: 1, stdout: "", stderr: `layercake: ${error.message}\n` };
    throw error;
  }
}

function resetCommand(home: string, rest: readonly string[]): CommandResult {
  if (rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h")) {
    return { exitCode: 0, stdout: RESET_USAGE, stderr: "" };
  }
  if (rest.length > 0) {
    return {
      exitCode: 1,
      stdout: "",
      stderr: `"layercake docker system reset" accepts no arguments.\n${RESET_USAGE}`,
    };
  }
  resetState(home);
  return { exitCode: 0, stdout: `Removed the simulated daemon's state in ${home}\n`, stderr: "" };
}
