/**
 * `layercake quiz` as an adapter (node-only): reads the content library and the learner's cards,
 * runs the interactive quiz over stdin/stdout and stores the cards. Interactive, so it runs outside
 * the request/response shape of the other tools.
 */
import "../platform/node.ts";
import { createInterface } from "node:readline";
import { DEFAULT_CONTENT_DIR, readContentLibrary } from "../content/node.ts";
import { hasErrors } from "../core/diagnostics.ts";
import {
  parseQuizArgs,
  QUIZ_USAGE,
  readCards,
  resolveDockerProfile,
  runTerminalQuiz,
  transferProgress,
  writeCards,
} from "./quiz.ts";
import { stateHome } from "./state.ts";

/** Runs `layercake quiz <args>`; resolves to the exit code. */
export async function runQuizMain(args: readonly string[]): Promise<number> {
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
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const io = {
    async ask(prompt: string) {
      process.stdout.write(prompt);
      const next = await lines.next();
      return next.done ? undefined : next.value;
    },
    print: (text: string) => process.stdout.write(`${text}\n`),
  };
  const docker = await resolveDockerProfile(
    io,
    home,
    options.docker,
    process.stdin.isTTY === true,
    new Date(),
  );
  const cards = readCards(home);
  await runTerminalQuiz(io, library, { ...options, docker }, cards);
  writeCards(home, cards);
  return 0;
}
