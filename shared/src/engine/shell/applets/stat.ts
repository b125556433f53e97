import type { Stat } from "../../fs/types.ts";
import type { CommandImplementation, ShellContext } from "../context.ts";
import { strftime } from "./date.ts";
import { errnoText, fullPath, modeString, nameForId, parseOptions } from "./support.ts";

function fileType(stat: Stat): string {
  if (stat.kind === "dir") return "directory";
  if (stat.kind === "symlink") return "symbolic link";
  return stat.size === 0 ? "regular empty file" : "regular file";
}

function timestamp(seconds: number): string {
  return `${strftime("%Y-%m-%d %H:%M:%S", seconds)}.000000000 +0000`;
}

function directive(letter: string, operand: string, stat: Stat, context: ShellContext): string {
  switch (letter) {
    case "n":
      return operand;
    case "N": {
      if (stat.kind !== "symlink") return operand;
      const target = context.fs.readlink(fullPath(context, operand));
      return `'${operand}' -> '${target.ok ? target.value : ""}'`;
    }
    case "s":
      return String(stat.size);
    case "a":
      return stat.mode.toString(8);
    case "A":
      return modeString(stat.kind, stat.mode);
    case "f":
      return (
        (stat.kind === "dir" ? 0o040000 : stat.kind === "symlink" ? 0o120000 : 0o100000) | stat.mode
      ).toString(16);
    case "F":
      return fileType(stat);
    case "u":
      return String(stat.uid);
    case "g":
      return String(stat.gid);
    case "U":
    case "G": {
      // busybox prints UNKNOWN for an id without a name.
      const id = letter === "U" ? stat.uid : stat.gid;
      const name = nameForId(context, letter === "U" ? "/etc/passwd" : "/etc/group", id);
      return name === String(id) ? "UNKNOWN" : name;
    }
    case "i":
      return String(stat.inode);
    case "h":
      return String(stat.nlink);
    case "b":
      return String(stat.kind === "symlink" ? 0 : Math.ceil(stat.size / 4096) * 8);
    case "B":
      return "512";
    case "o":
      return "4096";
    case "Y":
    case "Z":
    case "X":
      return String(stat.mtime);
    case "y":
    case "z":
    case "x":
      return timestamp(stat.mtime);
    case "%":
      return "%";
    default:
      return "?";
  }
}

/** stat [-L] [-c FORMAT] FILE…; the default layout for `stat FILE`. */
export const stat: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("stat", argv.slice(1), "c:Lft");
  let status = 0;
  let out = "";
  for (const operand of operands) {
    const full = fullPath(context, operand);
    const result = flags.has("L") ? context.fs.stat(full) : context.fs.lstat(full);
    if (!result.ok) {
      io.err(`stat: can't stat '${operand}': ${errnoText(result.error)}\n`);
      status = 1;
      continue;
    }
    const value = result.value;
    const format = values.get("c");
    if (format !== undefined) {
      out += `${format.replace(/%([a-zA-Z%])/g, (_match, letter: string) => directive(letter, operand, value, context))}\n`;
      continue;
    }
    const name = directive("N", operand, value, context);
    out +=
      `  File: ${value.kind === "symlink" ? name : `'${operand}'`}\n` +
      `  Size: ${String(value.size).padEnd(10)}\tBlocks: ${directive("b", operand, value, context).padEnd(10)} IO Block: 4096   ${fileType(value)}\n` +
      `Device: 0h/0d\tInode: ${String(value.inode).padEnd(11)} Links: ${value.nlink}\n` +
      `Access: (${value.mode.toString(8).padStart(4, "0")}/${modeString(value.kind, value.mode)})  Uid: (${String(value.uid).padStart(5)}/${nameForId(context, "/etc/passwd", value.uid).padStart(8)})   Gid: (${String(value.gid).padStart(5)}/${nameForId(context, "/etc/group", value.gid).padStart(8)})\n` +
      `Access: ${timestamp(value.mtime)}\nModify: ${timestamp(value.mtime)}\nChange: ${timestamp(value.mtime)}\n`;
  }
  io.out(out);
  return status;
};
