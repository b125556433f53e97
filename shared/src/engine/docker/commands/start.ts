/**
 * `docker start`, and starting a container's main process as `run` does too.
 */
import { startContainer } from "../../container/container.ts";
import { hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, profileOf, requireArgs, withFlags } from "../command.ts";
import { type ContainerRecord, findContainer, type SimDaemon } from "../daemon.ts";

/** Long-running main processes (`sleep 600`, `tail -f`) keep a started container `Up`. */
function isLongRunning(argv: readonly string[]): boolean {
  const words = argv.map((word) => word.replace(/^.*\//, ""));
  const program = words[0] === "busybox" ? words[1] : words[0];
  if (program === "sleep") return true;
  if (program === "tail" && words.includes("-f")) return true;
  if (program === "sh" && words.includes("-c")) {
    const script = argv[argv.indexOf("-c") + 1] ?? "";
    return /(^|[;&|]\s*)(\/bin\/busybox\s+)?(sleep\s+\d+|tail\s+-f)\s*$/.test(script.trim());
  }
  return false;
}

/** Starts a container's main process; returns what it printed. */
export function startRecord(daemon: SimDaemon, record: ContainerRecord, env: CommandEnv): CommandResult {
  const argv = [...record.container.entrypoint, ...record.container.cmd];
  const result = startContainer(record.container, daemon.runtime, env.nowMs);
  if (result.exitCode === 126 || result.exitCode === 127 || (result.exitCode === 125 && argv.length === 0)) {
    const message = result.stderr.trim();
    if (/^exec: /.test(message)) {
      // runc fails before the process exists: the container stays Created with the exit code set.
      record.container = { ...result.container, status: "created", exitCode: result.exitCode };
      const prefix = profileOf(env).engine === "26.1" ? "failed to create task for container: " : "";
      const text = `${prefix}failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${message}: unknown`;
      return { exitCode: result.exitCode, stdout: "", stderr: `${text}\n` };
    }
  }
  const longRunning = isLongRunning(argv) && result.exitCode === 0;
  record.container = longRunning
    ? (({ exitCode: _exitCode, ...rest }) => ({ ...rest, status: "running" as const }))(result.container)
    : result.container;
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

export function start(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags(
    "start",
    argv,
    [
      { long: "attach", short: "a" },
      { long: "interactive", short: "i" },
    ],
    (args) => {
      const missing = requireArgs("start", args, 1, "start [OPTIONS] CONTAINER [CONTAINER...]");
      if (missing) return missing;
      const attach = hasFlag(args, "attach");
      let stdout = "";
      let stderr = "";
      let exitCode = 0;
      for (const reference of args.positionals) {
        const record = findContainer(daemon, reference);
        if (record === undefined) {
          stderr += `Error response from daemon: No such container: ${reference}\nError: failed to start containers: ${reference}\n`;
          exitCode = 1;
          continue;
        }
        if (record.container.status === "running") {
          if (!attach) stdout += `${reference}\n`;
          continue;
        }
        const result = startRecord(daemon, record, env);
        if (/^(failed to create task for container: )?failed to create shim task/.test(result.stderr)) {
          stderr += `Error response from daemon: ${result.stderr.trim()}\nError: failed to start containers: ${reference}\n`;
          exitCode = 1;
          continue;
        }
        if (attach) {
          stdout += result.stdout;
          stderr += result.stderr;
          exitCode = result.exitCode;
        } else stdout += `${reference}\n`;
      }
      return { exitCode, stdout, stderr };
    },
  );
}
