/** busybox ln: hard links, -s symbolic links, -f replacing, -v. */
import type { CommandImplementation } from "../context.ts";
import { destinationFor } from "./cp.ts";
import { errnoText, parseFlags, path } from "./support.ts";

export const ln: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  if (operands.length < 1) {
    io.err("ln: need at least one argument\n");
    return 1;
  }
  const target = operands[0] as string;
  const linkName = operands[1] ?? (target.split("/").pop() as string);
  const full = destinationFor(context, target, linkName, false);
  if (flags.has("f")) context.fs.unlink(full);
  const result = flags.has("s")
    ? context.fs.symlink(target, full)
    : context.fs.link(path(context, target), full);
  if (result.ok && flags.has("v")) io.out(`'${linkName}' -> '${target}'\n`);
  if (!result.ok) {
    io.err(`ln: ${result.error.code === "EEXIST" ? linkName : target}: ${errnoText(result.error)}\n`);
    return 1;
  }
  return 0;
};
