import type { CommandImplementation } from "../context.ts";
import { childPaths, errnoText, fullPath, parseOptions } from "./support.ts";

/** KiB a file occupies on ext4/overlay: whole 4 KiB blocks (none for a symlink's inline target). */
function kibibytes(kind: string, size: number): number {
  if (kind === "symlink") return 0;
  if (kind === "dir") return 4;
  return Math.ceil(size / 4096) * 4;
}

/** busybox's human sizes: one decimal below 10 of a unit, `12.0K`, `1.5M`. */
export function humanSize(kib: number): string {
  const units = ["K", "M", "G", "T"];
  let value = kib;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (kib === 0) return "0";
  return `${value.toFixed(1)}${units[unit]}`;
}

/** du [-aschk] [-d N] [FILE…]. */
export const du: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("du", argv.slice(1), "aschkmlxLHd:");
  const maxDepth = flags.has("s") ? 0 : values.has("d") ? Number(values.get("d")) : Number.POSITIVE_INFINITY;
  const format = (kib: number) =>
    flags.has("h") ? humanSize(kib) : flags.has("m") ? String(Math.ceil(kib / 1024)) : String(kib);
  let status = 0;
  let total = 0;
  let out = "";
  const walk = (full: string, label: string, depth: number): number => {
    context.budget.step();
    const stat = context.fs.lstat(full);
    if (!stat.ok) {
      io.err(`du: ${label}: ${errnoText(stat.error)}\n`);
      status = 1;
      return 0;
    }
    let size = kibibytes(stat.value.kind, stat.value.size);
    if (stat.value.kind === "dir") {
      for (const child of childPaths(context, full))
        size += walk(
          child,
          `${label.replace(/\/$/, "")}/${child.slice(child.lastIndexOf("/") + 1)}`,
          depth + 1,
        );
      if (depth <= maxDepth) out += `${format(size)}\t${label}\n`;
    } else if (depth === 0 || (flags.has("a") && depth <= maxDepth)) out += `${format(size)}\t${label}\n`;
    return size;
  };
  for (const operand of operands.length === 0 ? ["."] : operands)
    total += walk(fullPath(context, operand), operand, 0);
  if (flags.has("c")) out += `${format(total)}\ttotal\n`;
  io.out(out);
  return status;
};
