/**
 * `layercake docker <args>` as an adapter (node-only): takes the state lock, loads the simulated
 * daemon from `$LAYERCAKE_HOME`, runs the pure command, stores what changed and releases the lock.
 * Loaded by `main.ts` only for the `docker` tool, so a docker command never loads the content
 * pipeline or the quiz core.
 */
import { type CommandResult, isMutatingCommand, runDockerCommand } from "../engine/docker/docker.ts";
import { createRecordingIo, type RecordedRead } from "./host-io.ts";
import {
  acquireLock,
  createBlobStore,
  readJournal,
  replayJournal,
  stateHome,
  writeJournal,
} from "./state.ts";

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
  const release = acquireLock(home);
  try {
    const blobs = createBlobStore(home);
    const journal = readJournal(home);
    const daemon = replayJournal(journal, blobs);
    const reads: RecordedRead[] = [];
    const nowMs = Date.now();
    const dockerBuildkit = environment.DOCKER_BUILDKIT;
    const result = runDockerCommand(daemon, args, {
      io: createRecordingIo(cwd, environment, blobs, reads),
      nowMs,
      ...(dockerBuildkit === undefined ? {} : { dockerBuildkit }),
    });
    if (isMutatingCommand(args)) {
      writeJournal(home, [
        ...journal,
        { argv: args, nowMs, ...(dockerBuildkit === undefined ? {} : { dockerBuildkit }), reads },
      ]);
    }
    return result;
  } finally {
    release();
  }
}
