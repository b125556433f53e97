/**
 * `docker run`: create, then start.
 */
import { hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, fail, ok, removeRecord } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";
import { withNewContainer } from "./create.ts";
import { startRecord } from "./start.ts";

export function run(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withNewContainer("run", daemon, argv, env, (record, args) => {
    const result = startRecord(daemon, record, env);
    if (/^(failed to create task for container: )?failed to create shim task/.test(result.stderr)) {
      if (record.autoRemove) removeRecord(daemon, record);
      return fail(`docker: Error response from daemon: ${result.stderr.trim()}.`, result.exitCode);
    }
    if (result.stderr.startsWith("docker: Error response from daemon")) {
      return { exitCode: result.exitCode, stdout: "", stderr: result.stderr };
    }
    if (record.autoRemove && record.container.status !== "running") removeRecord(daemon, record);
    if (hasFlag(args, "detach")) return ok(`${record.container.id}\n`);
    return result;
  });
}
