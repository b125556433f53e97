/**
 * The `layercake` command (node-only): `layercake docker <args>` runs a docker command against the
 * simulated daemon whose state persists under `$LAYERCAKE_HOME`. Everything is caught here: a
 * learner sees a message, never a stack trace.
 */
import "../platform/node.ts";
import { createInterface } from "node:readline";
import { DEFAULT_CONTENT_DIR, readContentLibrary } from "../content/node.ts";
import { hasErrors } from "../core/diagnostics.ts";
import { runContentCommand } from "./content-check.ts";
import { type CommandResult, isMutatingCommand, runDockerCommand } from "./docker.ts";
import { createRecordingIo, type RecordedRead } from "./host-io.ts";
import {
  parseQuizArgs,
  QUIZ_USAGE,
  readCards,
  runTerminalQuiz,
  transferProgress,
  writeCards,
} from "./quiz.ts";
import {
  acquireLock,
  createBlobStore,
  readJournal,
  replayJournal,
  stateHome,
  writeJournal,
} from "./state.ts";

const USAGE = `Usage: layercake docker <command> [args…]
       layercake content check|stats [content-dir] [--json]
       layercake quiz [--topic T] [--length N] [--drill] [--review]

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
      stderr: `layercake: unknown command '${tool}' (supported: docker, content, quiz)\n${USAGE}`,
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

/** `layercake quiz`: interactive, so it runs outside runCli's request/response shape. */
async function quizMain(args: readonly string[]): Promise<number> {
  const { library, diagnostics } = readContentLibrary(
    process.env.LAYERCAKE_CONTENT_DIR ?? DEFAULT_CONTENT_DIR,
  );
  if (hasErrors(diagnostics)) {
    process.stderr.write(`layercake quiz: the content has errors; run npm run check:content\n`);
    return 1;
  }
  const options = parseQuizArgs(args, library, () => new Date());
  if ("problem" in options) {
    process.stderr.write(`layercake quiz: ${options.problem}\n${QUIZ_USAGE}`);
    return 1;
  }
  const home = stateHome(process.env);
  if (options.transfer) {
    const moved = transferProgress(home, options.transfer);
    if ("problem" in moved) process.stderr.write(`layercake quiz: ${moved.problem}\n`);
    else process.stdout.write(moved.stdout);
    return "problem" in moved ? 1 : 0;
  }
  const cards = readCards(home);
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const io = {
    async ask(prompt: string) {
      process.stdout.write(prompt);
      const next = await lines.next();
      return next.done ? undefined : next.value;
    },
    print: (text: string) => process.stdout.write(`${text}\n`),
  };
  await runTerminalQuiz(io, library, options, cards);
  writeCards(home, cards);
  return 0;
}

function main(): void {
  if (process.argv[2] === "quiz") {
    quizMain(process.argv.slice(3)).then(
      (code) => {
        process.exitCode = code;
        process.stdin.destroy();
      },
      (error: unknown) => {
        process.stderr.write(
          `layercake: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      },
    );
    return;
  }
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
