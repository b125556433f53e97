/**
 * `docker rmi` / `docker image rm`.
 */
import { hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { containersUsing, type SimDaemon } from "../daemon.ts";

export function rmi(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("rmi", argv, [{ long: "force", short: "f" }, { long: "no-prune" }], (args) => {
    const missing = requireArgs("rmi", args, 1, "rmi [OPTIONS] IMAGE [IMAGE...]");
    if (missing) return missing;
    const out: string[] = [];
    const errors: string[] = [];
    for (const reference of args.positionals) {
      const result = daemon.store.removeImage(reference, {
        force: hasFlag(args, "force"),
        prune: !hasFlag(args, "no-prune"),
        containersUsing: (image) => containersUsing(daemon, image),
        containerd: profileOf(env).store === "containerd",
      });
      for (const record of result.records) {
        out.push("untagged" in record ? `Untagged: ${record.untagged}` : `Deleted: ${record.deleted}`);
      }
      if (!result.ok) {
        errors.push(
          result.error.startsWith("Error: No such image")
            ? `Error: No such image: ${reference}`
            : result.error,
        );
      }
    }
    const stdout = out.length === 0 ? "" : `${out.join("\n")}\n`;
    return errors.length === 0 ? ok(stdout) : fail(errors.join("\n"), 1, stdout);
  });
}
