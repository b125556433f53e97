/**
 * The arguments `npm start` gives node for the bot: its package.json `start` script, whose V8 flags
 * keep its memory small and its replies quick (bot/README.md, "Memory"). Read from there by the
 * repository's `npm start` (scripts/start.ts), the e2e tests and the bench, so that every one runs
 * the bot exactly as production does and the flags are written in one place.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** `["--flag", …, "src/index.ts"]`, to run from the bot's directory. */
export function startArguments(): string[] {
  const packageJson = join(import.meta.dirname, "..", "package.json");
  const script = (JSON.parse(readFileSync(packageJson, "utf8")) as { scripts?: { start?: string } }).scripts
    ?.start;
  const [program, ...args] = script?.split(/\s+/) ?? [];
  if (
    program !== "node" ||
    args.at(-1) !== "src/index.ts" ||
    args.slice(0, -1).some((arg) => !arg.startsWith("--"))
  )
    throw new Error(
      `${packageJson}: the start script should read "node --flag … src/index.ts", not "${script}"`,
    );
  return args;
}
