/**
 * `docker exec`.
 */
import { execInContainer } from "../../container/container.ts";
import { type CommandEnv, type CommandResult, fail, profileOf, requireArgs, withFlags } from "../command.ts";
import { findContainer, type SimDaemon } from "../daemon.ts";

export function exec(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "exec",
    argv,
    [
      { long: "interactive", short: "i" },
      { long: "tty", short: "t" },
      { long: "env", short: "e", value: true },
      { long: "user", short: "u", value: true },
      { long: "workdir", short: "w", value: true },
    ],
    (args) => {
      const missing = requireArgs("exec", args, 2, "exec [OPTIONS] CONTAINER COMMAND [ARG...]");
      if (missing) return missing;
      const [reference = "", ...command] = args.positionals;
      const record = findContainer(daemon, reference);
      if (record === undefined) return fail(`Error: No such container: ${reference}`);
      if (record.container.status !== "running") {
        const word = profileOf(env).engine === "26.1" ? "container" : "Container";
        return fail(`Error response from daemon: ${word} ${record.container.id} is not running`);
      }
      const result = execInContainer(record.container, command, daemon.runtime, env.nowMs);
      record.container = result.container;
      if (/^exec: /.test(result.stderr)) {
        return fail(
          `OCI runtime exec failed: exec failed: unable to start container process: ${result.stderr.trim()}: unknown`,
          result.exitCode,
        );
      }
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
    { interspersed: false },
  );
}
