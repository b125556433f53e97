import type { CommandImplementation } from "../context.ts";
import { applyMode } from "./chmod.ts";
import { errnoText, fullPath, parseOptions } from "./support.ts";

/**
 * mkdir [-p] [-m MODE] DIR…. With -p, busybox walks the path a component at a time and names the
 * prefix (with its slash) that is in the way: `can't create directory 'file/': Not a directory`.
 */
export const mkdir: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("mkdir", argv.slice(1), "pm:v");
  const spec = values.get("m");
  const mode = spec === undefined ? 0o755 : applyMode(0o777, spec, true, 0o022);
  if (mode === undefined) {
    io.err(`mkdir: invalid mode '${spec}'\n`);
    return 1;
  }
  let status = 0;
  const fail = (name: string, reason: string) => {
    io.err(`mkdir: can't create directory '${name}': ${reason}\n`);
    status = 1;
  };
  for (const operand of operands) {
    context.budget.step();
    if (!flags.has("p")) {
      const result = context.fs.mkdir(fullPath(context, operand), { mode });
      if (!result.ok) fail(operand, errnoText(result.error));
      else if (spec !== undefined) context.fs.chmod(fullPath(context, operand), mode);
      continue;
    }
    const parts = operand.split("/");
    let prefix = operand.startsWith("/") ? "/" : "";
    for (const [index, part] of parts.entries()) {
      if (part === "") continue;
      prefix += part;
      const last = index === parts.length - 1 || parts.slice(index + 1).every((rest) => rest === "");
      const full = fullPath(context, prefix);
      const stat = context.fs.stat(full);
      if (stat.ok) {
        if (stat.value.kind !== "dir") {
          fail(last ? prefix : `${prefix}/`, last ? "File exists" : "Not a directory");
          break;
        }
      } else {
        const made = context.fs.mkdir(full, { mode: last ? mode : 0o755 });
        if (!made.ok) {
          fail(last ? prefix : `${prefix}/`, errnoText(made.error));
          break;
        }
        if (last && spec !== undefined) context.fs.chmod(full, mode);
      }
      prefix += "/";
    }
  }
  return status;
};
