/**
 * `docker rm`.
 */
import { hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  profileOf,
  removeRecord,
  requireArgs,
  withFlags,
} from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";

export function rm(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
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
            profileOf(env).engine === "26.1"
              ? `Error response from daemon: cannot remove container "/${record.container.name}": container is running: stop the container before removing or force remove`
              : `Error response from daemon: You cannot remove a running container ${record.container.id}. Stop the container before attempting removal or force remove`,
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
