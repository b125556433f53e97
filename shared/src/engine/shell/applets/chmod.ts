import type { CommandImplementation } from "../context.ts";
import { childPaths, errnoText, fullPath, parseOptions } from "./support.ts";

/**
 * Applies a mode: octal (`755`, `4755`) or symbolic, comma-separated clauses of `[ugoa]*[-+=]`
 * then `rwxXst` or a copy `u`/`g`/`o` (`u+x,go-w`, `a=rX`, `g=u`). Undefined when invalid.
 */
export function applyMode(
  current: number,
  spec: string,
  isDirectory: boolean,
  umask = 0o022,
): number | undefined {
  if (/^[0-7]+$/.test(spec)) {
    const value = Number.parseInt(spec, 8);
    if (value > 0o7777) return undefined;
    // Directories keep their set-id bits unless the octal mode names them (coreutils and busybox).
    return isDirectory && spec.length <= 3 ? (current & 0o6000) | value : value;
  }
  let mode = current;
  for (const clause of spec.split(",")) {
    const match = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause);
    if (!match) return undefined;
    const who = match[1] as string;
    const userMask =
      (who === "" ? 0o7777 & ~umask : 0) |
      (who.includes("u") || who.includes("a") ? 0o4700 : 0) |
      (who.includes("g") || who.includes("a") ? 0o2070 : 0) |
      (who.includes("o") ? 0o0007 : 0) |
      // busybox: only `a` (or no who) reaches the sticky bit.
      (who.includes("a") ? 0o1007 : 0);
    const mask = who === "" ? userMask | 0o7000 : userMask;
    for (const action of (match[2] as string).match(/[-+=][rwxXstugo]*/g) ?? []) {
      const op = action[0] as string;
      let bits = 0;
      for (const letter of action.slice(1)) {
        if (letter === "r") bits |= 0o444;
        else if (letter === "w") bits |= 0o222;
        else if (letter === "x") bits |= 0o111;
        else if (letter === "X") {
          if (isDirectory || (mode & 0o111) !== 0) bits |= 0o111;
        } else if (letter === "s") bits |= 0o6000;
        else if (letter === "t") bits |= 0o1000;
        else {
          const source = letter === "u" ? (mode >> 6) & 7 : letter === "g" ? (mode >> 3) & 7 : mode & 7;
          bits |= (source << 6) | (source << 3) | source;
        }
      }
      bits &= mask;
      if (op === "+") mode |= bits;
      else if (op === "-") mode &= ~bits;
      else mode = (mode & ~(who === "" ? 0o7777 : mask)) | bits;
    }
  }
  return mode & 0o7777;
}

/** chmod [-Rfvc] MODE FILE…. */
export const chmod: CommandImplementation = (argv, io, context) => {
  // A mode like `-w` looks like an option: busybox takes the first non-option as the mode.
  const args = argv.slice(1);
  const modeIndex = args.findIndex((arg) => !/^-[Rfvc]+$/.test(arg) || /^-[rwxXst]/.test(arg));
  const { flags } = parseOptions("chmod", args.slice(0, Math.max(0, modeIndex)), "Rfvc");
  const spec = args[modeIndex];
  const files = args.slice(modeIndex + 1);
  if (spec === undefined || files.length === 0) {
    io.err("chmod: missing operand\n");
    return 1;
  }
  let status = 0;
  const apply = (full: string, label: string, top: boolean) => {
    context.budget.step();
    const stat = top ? context.fs.stat(full) : context.fs.lstat(full);
    if (!stat.ok) {
      if (!flags.has("f")) io.err(`chmod: ${label}: ${errnoText(stat.error)}\n`);
      status = 1;
      return;
    }
    if (stat.value.kind === "symlink") return;
    const mode = applyMode(stat.value.mode, spec, stat.value.kind === "dir");
    if (mode === undefined) {
      io.err(`chmod: invalid mode '${spec}'\n`);
      status = 1;
      throw new InvalidMode();
    }
    context.fs.chmod(full, mode);
    if (flags.has("R") && stat.value.kind === "dir")
      for (const child of childPaths(context, full))
        apply(child, `${label}/${child.slice(child.lastIndexOf("/") + 1)}`, false);
  };
  try {
    for (const file of files) apply(fullPath(context, file), file, true);
  } catch (error) {
    if (!(error instanceof InvalidMode)) throw error;
  }
  return status;
};

class InvalidMode {}
