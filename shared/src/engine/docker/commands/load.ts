/**
 * `docker load -i FILE`, or `docker load < FILE`.
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
      // Without -i, the archive piped in (the docker CLI refuses a terminal with this message).
      const bytes = input === undefined ? env.io.readStandardInput?.() : env.io.readBytes(input);
      if (input === undefined && bytes === undefined)
        return fail("requested load from stdin, but stdin is empty");
      if (bytes === undefined) return fail(`open ${input}: no such file or directory`);
      const result = loadArchive(daemon, bytes, env.nowMs);
      if (!result.ok) return fail(`Error response from daemon: ${result.error}`);
      return ok(result.lines.map((line) => `${line}\n`).join(""));
    },
  );
}
