/** busybox rm and rmdir. */
import type { FsError } from "../../fs/types.ts";
import type { CommandImplementation, ShellContext } from "../context.ts";
import { normalize } from "../context.ts";
import { errnoText, parseFlags, path } from "./support.ts";

export function removeTree(context: ShellContext, full: string): FsError | undefined {
  const stat = context.fs.lstat(full);
  if (!stat.ok) return stat.error;
  if (stat.value.kind !== "dir") {
    const result = context.fs.unlink(full);
    return result.ok ? undefined : result.error;
  }
  const listing = context.fs.readdir(full);
  if (listing.ok) {
    for (const name of listing.value) {
      const error = removeTree(context, `${full === "/" ? "" : full}/${name}`);
      if (error) return error;
    }
  }
  const result = context.fs.rmdir(full);
  return result.ok ? undefined : result.error;
}

export const rm: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const recursive = flags.has("r") || flags.has("R");
  const force = flags.has("f");
  let status = 0;
  for (const operand of operands) {
    const full = normalize(path(context, operand));
    const stat = context.fs.lstat(full);
    if (!stat.ok) {
      if (!force) {
        io.err(`rm: can't remove '${operand}': ${errnoText(stat.error)}\n`);
        status = 1;
      }
      continue;
    }
    if (stat.value.kind === "dir" && !recursive) {
      io.err(`rm: '${operand}' is a directory\n`);
      status = 1;
      continue;
    }
    const error = removeTree(context, full);
    if (error) {
      io.err(`rm: can't remove '${operand}': ${errnoText(error)}\n`);
      status = 1;
    }
  }
  return status;
};

export const rmdir: CommandImplementation = (argv, io, context) => {
  const { operands } = parseFlags(argv.slice(1));
  let status = 0;
  for (const operand of operands) {
    const result = context.fs.rmdir(path(context, operand));
    if (!result.ok) {
      io.err(`rmdir: '${operand}': ${errnoText(result.error)}\n`);
      status = 1;
    }
  }
  return status;
};
