/**
 * The `layercake` command (node-only): `layercake docker <args>` runs a docker command against the
 * simulated daemon whose state persists under `$LAYERCAKE_HOME`. Each tool's module is imported
 * only when that tool runs (the bundle keeps each in its own chunk), so `layercake docker images`
 * never parses the content pipeline, the quiz core or the scenario runner. Everything is caught
 * here: a learner sees a message, never a stack trace.
 */
import { writeSync } from "node:fs";
import type { CommandResult } from "../engine/docker/docker.ts";

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
): Promise<CommandResult> {
  const [tool, ...args] = argv;
  if (tool === undefined || tool === "--help" || tool === "-h" || tool === "help") {
    return { exitCode: 0, stdout: USAGE, stderr: "" };
  }
  if (tool === "docker") {
    const { runDockerMain } = await import("./docker-main.ts");
    return runDockerMain(args, cwd, environment);
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

function describeError(error: unknown): string {
  return `layercake: internal error: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** The process entry: runs `argv` (without node and the script), prints, sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
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
    result = await runCli(argv, process.cwd(), process.env);
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
