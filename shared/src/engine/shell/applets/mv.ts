/** busybox mv: a rename, or a copy and delete where overlayfs refuses the rename. */
import { type CommandImplementation, normalize } from "../context.ts";
import { copyPath, destinationFor } from "./cp.ts";
import { removeTree } from "./rm.ts";
import { errnoText, parseFlags, path } from "./support.ts";

export const mv: CommandImplementation = (argv, io, context) => {
  const { operands } = parseFlags(argv.slice(1));
  if (operands.length < 2) {
    io.err("mv: need at least two arguments\n");
    return 1;
  }
  const destination = operands.pop() as string;
  let status = 0;
  for (const source of operands) {
    const from = normalize(path(context, source));
    const to = destinationFor(context, source, destination, operands.length > 1);
    const renamed = context.fs.rename(from, to);
    if (renamed.ok) continue;
    if (renamed.error.code === "EXDEV") {
      // O5: overlayfs refuses to rename a lower directory; mv copies it, then deletes the original.
      const error =
        copyPath(context, from, to, { recursive: true, preserve: true }) ?? removeTree(context, from);
      if (!error) continue;
      io.err(`mv: can't rename '${source}': ${errnoText(error)}\n`);
    } else io.err(`mv: can't rename '${source}': ${errnoText(renamed.error)}\n`);
    status = 1;
  }
  return status;
};
