/**
 * `docker load -i`.
 */
import { loadArchive } from "../archive.ts";
import { flagValue } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, withFlags } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";

export function load(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "load",
    argv,
    [
      { long: "input", short: "i", value: true },
      { long: "quiet", short: "q" },
    ],
    (args) => {
      const input = flagValue(args, "input");
      if (input === undefined) return fail("requested load from stdin, but stdin is empty");
      const bytes = env.io.readBytes(input);
      if (bytes === undefined) return fail(`open ${input}: no such file or directory`);
      const result = loadArchive(daemon, bytes, env.nowMs);
      if (!result.ok) return fail(`Error response from daemon: ${result.error}`);
      return ok(result.lines.map((line) => `${line}\n`).join(""));
    },
  );
}
