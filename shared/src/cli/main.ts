/**
 * The `layercake` command (node-only): `layercake docker <args>` runs a docker command against the
 * simulated daemon whose state persists under `$LAYERCAKE_HOME`. Each tool's module is imported
 * only when that tool runs (the bundle keeps each in its own chunk), so `layercake docker images`
 * never parses the content pipeline, the quiz core or the scenario runner. Everything is caught
 * here: a learner sees a message, never a stack trace.
 */
import { writeSync } from "node:fs";
import type { CommandResult } from "../engine/docker/docker.ts";
import {
  askResident,
  RESIDENT_BUILD,
  residentSocketFor,
  startResident,
  usesStandardStreams,
} from "./docker-resident.ts";

const USAGE = `Usage: layercake docker <command> [args…]
       layercake content check|stats [content-dir] [--json]
       layercake quiz [--topic T] [--length N] [--drill] [--review]

A simulated Docker (images, layers, build cache, containers); state lives in
$LAYERCAKE_HOME (default ~/.layercake). Docker 26.1 unless LAYERCAKE_DOCKER_VERSION=20.10; the
image store comes from $LAYERCAKE_HOME/daemon.json ("features": {"containerd-snapshotter": true}
for the containerd image store, written on first use). Try: layercake docker --help
`;

/**
 * Runs the CLI for `argv` (without node and the script) in `cwd` with `environment`; `quiz` is
 * interactive and runs through `main` instead.
 * @example await runCli(["docker", "images"], process.cwd(), process.env)
 */
export async function runCli(
  argv: readonly string[],
  cwd: string,
  environment: Readonly<Record<string, string | undefined>>,
  options: CliOptions = {},
): Promise<CommandResult> {
  const [tool, ...args] = argv;
  if (tool === undefined || tool === "--help" || tool === "-h" || tool === "help") {
    return { exitCode: 0, stdout: USAGE, stderr: "" };
  }
  if (tool === "docker") {
    if (options.residentAsked !== true) {
      const answered = await askResidentDaemon(args, cwd, environment);
      if (answered !== undefined) return answered;
    }
    const { runDockerMain } = await import("./docker-main.ts");
    const result = runDockerMain(args, cwd, environment);
    const socketPath = residentSocketFor(environment);
    if (socketPath !== undefined) startResident(socketPath, environment);
    return result;
  }
  if (tool === "content") {
    const { runContentCommand } = await import("./content-check.ts");
    return runContentCommand(args, cwd);
  }
  return {
    exitCode: 1,
    stdout: "",
    stderr: `layercake: unknown command '${tool}' (supported: docker, content, quiz)\n${USAGE}`,
  };
}

export interface CliOptions {
  /** The launcher asked the resident daemon already, and none answered: run the command here. */
  readonly residentAsked?: boolean;
}

/**
 * The docker command's result from this build's resident daemon (docker-resident.ts), or
 * `undefined` when none ran it. With `sourcesRoot`, the daemon first checks that no source under it
 * changed since the bundle was built (and otherwise refuses and leaves).
 */
async function askResidentDaemon(
  args: readonly string[],
  cwd: string,
  environment: Readonly<Record<string, string | undefined>>,
  sourcesRoot?: string,
): Promise<CommandResult | undefined> {
  const socketPath = residentSocketFor(environment);
  if (socketPath === undefined || RESIDENT_BUILD === undefined || usesStandardStreams(args)) return undefined;
  const request = {
    build: RESIDENT_BUILD,
    args,
    cwd,
    env: environment,
    ...(sourcesRoot ? { sourcesRoot } : {}),
  };
  const answer = await askResident(socketPath, request);
  if (answer.kind === "answered") return answer.result;
  if (answer.kind === "absent") return undefined;
  return {
    exitCode: 1,
    stdout: "",
    stderr: `layercake: the resident daemon stopped before answering (${answer.why}), so the command may or may not have run: check with \`layercake docker ps -a\` or \`images\` (${socketPath.replace(/\.sock$/, ".log")} says why it stopped)\n`,
  };
}

/**
 * The launcher's first step for `layercake docker …` (bin/layercake.js): hands the command to this
 * build's resident daemon before anything else, leaving it to the daemon to check that the bundle is
 * still newer than its sources under `sourcesRoot` (about 2 ms of stat calls the launcher would
 * make at every command). Returns whether the daemon answered: then the result is printed and the
 * exit code set; otherwise the launcher goes on as without a daemon.
 */
export async function mainThroughResident(argv: readonly string[], sourcesRoot: string): Promise<boolean> {
  if (argv[0] !== "docker") return false;
  let result: CommandResult | undefined;
  try {
    result = await askResidentDaemon(argv.slice(1), process.cwd(), process.env, sourcesRoot);
  } catch {
    return false;
  }
  if (result === undefined) return false;
  print(1, result.stdout);
  print(2, result.stderr);
  process.exitCode = result.exitCode;
  return true;
}

function describeError(error: unknown): string {
  return `layercake: internal error: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** The process entry: runs `argv` (without node and the script), prints, sets the exit code. */
export async function main(argv: readonly string[], options: CliOptions = {}): Promise<void> {
  if (argv[0] === "quiz") {
    try {
      const { runQuizMain } = await import("./quiz-main.ts");
      process.exitCode = await runQuizMain(argv.slice(1));
      process.stdin.destroy();
    } catch (error) {
      process.stderr.write(describeError(error));
      process.exitCode = 1;
    }
    return;
  }
  let result: CommandResult;
  try {
    result = await runCli(argv, process.cwd(), process.env, options);
  } catch (error) {
    result = { exitCode: 1, stdout: "", stderr: describeError(error) };
  }
  print(1, result.stdout);
  print(2, result.stderr);
  process.exitCode = result.exitCode;
}

/**
 * Writes `text` to standard output (1) or error (2) with write(2) itself: `process.stdout` builds a
 * stream on first use, which loads Node's stream modules (about 3 ms of every command). A pipe the
 * parent left non-blocking answers EAGAIN when full; the stream then takes the rest and writes it
 * before the process exits. A reader that went away (`| head -1`) ends the output quietly, as it
 * ends the docker CLI's.
 */
function print(fd: 1 | 2, text: string): void {
  if (text === "") return;
  const bytes = Buffer.from(text, "utf8");
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE") return;
    if (code !== "EAGAIN") throw error;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

if (import.meta.main) await main(process.argv.slice(2));
