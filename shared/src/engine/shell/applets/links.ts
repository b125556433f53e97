import type { CommandImplementation, ShellContext } from "../context.ts";
import { fullPath, parseOptions, path } from "./support.ts";

/**
 * Resolves every symlink in a path (canonicalize). With `missingLast`, the last component may be
 * missing (realpath, readlink -f); undefined when resolution fails.
 */
export function canonicalPath(
  context: ShellContext,
  target: string,
  missingLast: boolean,
): string | undefined {
  const parts: string[] = [];
  // `..` is resolved after the symlink before it (/link/../x is the link target's parent's x).
  let pending = path(context, target).split("/").filter(Boolean);
  for (let hops = 0; pending.length > 0; ) {
    const next = pending.shift() as string;
    if (next === ".") continue;
    if (next === "..") {
      parts.pop();
      continue;
    }
    const candidate = `/${[...parts, next].join("/")}`;
    const stat = context.fs.lstat(candidate);
    if (!stat.ok) {
      if (missingLast && pending.length === 0) {
        parts.push(next);
        break;
      }
      return undefined;
    }
    if (stat.value.kind !== "symlink") {
      parts.push(next);
      continue;
    }
    hops += 1;
    if (hops > 40) return undefined;
    const link = context.fs.readlink(candidate);
    if (!link.ok) return undefined;
    if (link.value.startsWith("/")) parts.length = 0;
    pending = [...link.value.split("/").filter(Boolean), ...pending];
  }
  return `/${parts.join("/")}`;
}

/** readlink [-fn] FILE. */
export const readlink: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("readlink", argv.slice(1), "fnsqve");
  const file = operands[0];
  if (file === undefined) {
    io.err("readlink: missing operand\n");
    return 1;
  }
  const newline = flags.has("n") ? "" : "\n";
  if (flags.has("f") || flags.has("e")) {
    const resolved = canonicalPath(context, file, flags.has("f"));
    if (resolved === undefined) return 1;
    io.out(`${resolved}${newline}`);
    return 0;
  }
  const link = context.fs.readlink(fullPath(context, file));
  if (!link.ok) return 1;
  io.out(`${link.value}${newline}`);
  return 0;
};

/** realpath FILE…. */
export const realpath: CommandImplementation = (argv, io, context) => {
  let status = 0;
  for (const file of argv.slice(1)) {
    const resolved = canonicalPath(context, file, true);
    if (resolved === undefined) {
      io.err(`realpath: ${file}: No such file or directory\n`);
      status = 1;
    } else io.out(`${resolved}\n`);
  }
  return status;
};
