/**
 * `docker run`: create, then start.
 */
import { hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  removeRecord,
  requireArgs,
  withFlags,
} from "../command.ts";
import type { SimDaemon } from "../daemon.ts";
import { CREATE_FLAGS, createRecord } from "./create.ts";
import { startRecord } from "./start.ts";

export function run(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "run",
    argv,
    CREATE_FLAGS,
    (args) => {
      const missing = requireArgs("run", args, 1, "run [OPTIONS] IMAGE [COMMAND] [ARG...]");
      if (missing) return missing;
      const created = createRecord(daemon, args, env, "run");
      if ("error" in created) return created.error;
      const { record } = created;
      const result = startRecord(daemon, record, env);
      if (/^failed to create shim task/.test(result.stderr)) {
        if (record.autoRemove) removeRecord(daemon, record);
        return fail(`docker: Error response from daemon: ${result.stderr.trim()}.`, result.exitCode);
      }
      if (result.stderr.startsWith("docker: Error response from daemon")) {
        return { exitCode: result.exitCode, stdout: "", stderr: result.stderr };
      }
      if (record.autoRemove && record.container.status !== "running") removeRecord(daemon, record);
      if (hasFlag(args, "detach")) return ok(`${record.container.id}\n`);
      return result;
    },
    { interspersed: false },
  );
}
