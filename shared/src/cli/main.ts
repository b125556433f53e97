/**
 * The `layercake` command (node-only): `layercake docker <args>` runs a docker command against the
 * simulated daemon whose state persists under `$LAYERCAKE_HOME`. Everything is caught here: a
 * learner sees a message, never a stack trace.
 */
import "../platform/node.ts";
import { runContentCommand } from "./content-check.ts";
import { type CommandResult, isMutatingCommand, runDockerCommand } from "./docker.ts";
import { createRecordingIo, type RecordedRead } from "./host-io.ts";
import {
  acquireLock,
  createBlobStore,
  readJournal,
  replayJournal,
  stateHome,
  writeJournal,
} from "./state.ts";

const USAGE = `Usage: layercake docker <command> [args…]
       layercake content check [content-dir]

A simulated Docker 20.10 (images, layers, build cache, containers); state lives in
$LAYERCAKE_HOME (default ~/.layercake). Try: layercake docker --help
`;

/**
 * Runs the CLI for `argv` (without node and the script) in `cwd` with `environment`.
 * @example runCli(["docker", "images"], process.cwd(), process.env)
 */
export function runCli(
  argv: readonly string[],
  cwd: string,
  environment: Readonly<Record<string, string | undefined>>,
): CommandResult {
  const [tool, ...args] = argv;
  if (tool === undefined || tool === "--help" || tool === "-h" || tool === "help") {
    return { exitCode: 0, stdout: USAGE, stderr: "" };
  }
  if (tool === "content") return runContentCommand(args, cwd);
  if (tool !== "docker") {
    return {
      exitCode: 1,
      stdout: "",
      stderr: `layercake: unknown command '${tool}' (supported: docker, content)\n${USAGE}`,
    };
  }
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

function main(): void {
  let result: CommandResult;
  try {
    result = runCli(process.argv.slice(2), process.cwd(), process.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    result = { exitCode: 1, stdout: "", stderr: `layercake: internal error: ${message}\n` };
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

if (import.meta.main) main();
