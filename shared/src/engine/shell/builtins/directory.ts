/**
 * The builtins of the working directory and file mode: cd (-L/-P, `cd -` back to OLDPWD, PWD and
 * OLDPWD exported as ash does), pwd and umask.
 */

import { absolutePath, normalize, setExported } from "../context.ts";
import { type Builtin, report } from "./support.ts";

export const cd: Builtin = (args, io, context, name) => {
  const operands = args.filter((arg) => arg !== "-L" && arg !== "-P");
  let target = operands[0] ?? context.env.get("HOME") ?? "/";
  let print = false;
  if (target === "-") {
    target = context.env.get("OLDPWD") ?? context.cwd;
    print = true;
  }
  const path = normalize(absolutePath(context, target));
  const stat = context.fs.stat(path);
  if (!stat.ok || stat.value.kind !== "dir") {
    report(
      io,
      context,
      name,
      `can't cd to ${target}: ${stat.ok ? "Not a directory" : "No such file or directory"}`,
    );
    return 2;
  }
  // ash's setpwd: OLDPWD and PWD, both exported.
  setExported(context, "OLDPWD", context.env.get("PWD") ?? context.cwd);
  context.cwd = path;
  setExported(context, "PWD", context.cwd);
  if (print) io.out(`${path}\n`);
  return 0;
};

export const umask: Builtin = (args, io) => {
  if (args.length === 0) io.out("0022\n");
  return 0;
};

export const pwd: Builtin = (_args, io, context) => {
  io.out(`${context.cwd}\n`);
  return 0;
};
