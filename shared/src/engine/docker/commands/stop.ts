/**
 * `docker stop`.
 */
import { stopContainer } from "../../container/container.ts";
import { type CommandResult, fail, ok, removeRecord, requireArgs, withFlags } from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";

export function stop(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("stop", argv, [{ long: "time", short: "t", value: true }], (args) => {
    const missing = requireArgs("stop", args, 1, "stop [OPTIONS] CONTAINER [CONTAINER...]");
    if (missing) return missing;
    let stdout = "";
    const errors: string[] = [];
    for (const reference of args.positionals) {
      const record = findContainer(daemon, reference);
      if (record === undefined) {
        errors.push(`Error response from daemon: No such container: ${reference}`);
        continue;
      }
      if (record.container.status === "running") {
        // A `sleep` as PID 1 ignores SIGTERM: the daemon kills it after the timeout (137).
        record.container = { ...stopContainer(record.container), exitCode: 137 };
        if (record.autoRemove) removeRecord(daemon, record);
      }
      stdout += `${reference}\n`;
    }
    return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
  });
}
