/**
 * `docker rm`.
 */
import { hasFlag } from "../args.ts";
import { type CommandResult, fail, ok, removeRecord, requireArgs, withFlags } from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";

export function rm(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags(
    "rm",
    argv,
    [
      { long: "force", short: "f" },
      { long: "volumes", short: "v" },
    ],
    (args) => {
      const missing = requireArgs("rm", args, 1, "rm [OPTIONS] CONTAINER [CONTAINER...]");
      if (missing) return missing;
      let stdout = "";
      const errors: string[] = [];
      for (const reference of args.positionals) {
        const record = findContainer(daemon, reference);
        if (record === undefined) {
          errors.push(`Error: No such container: ${reference}`);
          continue;
        }
        if (record.container.status === "running" && !hasFlag(args, "force")) {
          errors.push(
            `Error response from daemon: You cannot remove a running container ${record.container.id}. Stop the container before attempting removal or force remove`,
          );
          continue;
        }
        removeRecord(daemon, record);
        stdout += `${reference}\n`;
      }
      return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
    },
  );
}
