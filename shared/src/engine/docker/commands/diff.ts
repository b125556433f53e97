/**
 * `docker diff`.
 */
import { containerDiff } from "../../container/container.ts";
import { type CommandResult, fail, ok, withFlags } from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";

export function diff(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("diff", argv, [], (args) => {
    if (args.positionals.length !== 1) {
      return fail(
        `"docker diff" requires exactly 1 argument.\nSee 'docker diff --help'.\n\nUsage:  docker diff CONTAINER`,
      );
    }
    const reference = args.positionals[0] as string;
    const record = findContainer(daemon, reference);
    if (record === undefined) return fail(`Error: No such container: ${reference}`);
    const entries = containerDiff(record.container);
    return ok(
      entries.length === 0 ? "" : `${entries.map((entry) => `${entry.kind} ${entry.path}`).join("\n")}\n`,
    );
  });
}
