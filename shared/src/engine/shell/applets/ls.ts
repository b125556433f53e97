/** busybox ls: -l/-n long lines with busybox's columns and dates, -a/-A, -d, -i, -R. */
import type { Stat } from "../../fs/types.ts";
import { type CommandImplementation, normalize, type ShellContext } from "../context.ts";
import { errnoText, parseFlags, path } from "./support.ts";

function modeString(stat: Stat): string {
  const type = stat.kind === "dir" ? "d" : stat.kind === "symlink" ? "l" : "-";
  const bits = ["r", "w", "x", "r", "w", "x", "r", "w", "x"];
  let text = type;
  for (let index = 0; index < 9; index += 1) text += stat.mode & (1 << (8 - index)) ? bits[index] : "-";
  return text;
}

/** A name from /etc/passwd or /etc/group by id, or the id (as ls and whoami look it up). */
export function nameFor(context: ShellContext, file: string, id: number): string {
  const content = context.fs.readFile(file);
  if (content.ok) {
    for (const line of content.value.text().split("\n")) {
      const fields = line.split(":");
      if (Number(fields[2]) === id && fields[0]) return fields[0];
    }
  }
  return String(id);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** busybox ls: the time for files younger than half a year (and at most 15 minutes ahead), else the year. */
function lsDate(seconds: number, now: number): string {
  const date = new Date(seconds * 1000);
  const day = String(date.getUTCDate()).padStart(2, " ");
  const age = now - seconds;
  if (age < (3600 * 24 * 365) / 2 && age > -15 * 60) {
    const time = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
    return `${MONTHS[date.getUTCMonth()]} ${day} ${time}`;
  }
  return `${MONTHS[date.getUTCMonth()]} ${day} ${String(date.getUTCFullYear()).padStart(5)}`;
}

/** Disk usage in KiB as `ls -l`'s total counts it: 4 KiB blocks (ext4/overlay), none for a symlink. */
function kibibytesUsed(stat: Stat): number {
  if (stat.kind === "symlink") return 0;
  if (stat.kind === "dir") return 4;
  return Math.ceil(stat.size / 4096) * 4;
}

export const ls: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  const long = flags.has("l") || flags.has("n");
  const all = flags.has("a") || flags.has("A");
  const recursive = flags.has("R");
  const directoryItself = flags.has("d");
  const showInode = flags.has("i");
  const targets = operands.length > 0 ? operands : ["."];
  let status = 0;
  const entryLine = (full: string, name: string): string => {
    const stat = context.fs.lstat(full);
    if (!stat.ok) return name;
    const inode = showInode ? `${String(stat.value.inode).padStart(8)} ` : "";
    if (!long) return `${inode}${name}`;
    const link = stat.value.kind === "symlink" ? context.fs.readlink(full) : undefined;
    // -n: numeric ids instead of names.
    const numeric = flags.has("n");
    const owner = (numeric ? String(stat.value.uid) : nameFor(context, "/etc/passwd", stat.value.uid)).padEnd(
      8,
    );
    const group = (numeric ? String(stat.value.gid) : nameFor(context, "/etc/group", stat.value.gid)).padEnd(
      8,
    );
    return `${inode}${modeString(stat.value)} ${String(stat.value.nlink).padStart(4)} ${owner} ${group} ${String(stat.value.size).padStart(9)} ${lsDate(stat.value.mtime, context.now)} ${name}${link?.ok ? ` -> ${link.value}` : ""}`;
  };
  const listDirectory = (full: string, label: string, header: boolean) => {
    const listing = context.fs.readdir(full);
    if (!listing.ok) return;
    if (header) io.out(`${label}:\n`);
    const names = listing.value.filter((name) => all || !name.startsWith("."));
    if (flags.has("a")) names.unshift(".", "..");
    const pathOf = (name: string) =>
      name === "." ? full : name === ".." ? normalize(`${full}/..`) : `${full === "/" ? "" : full}/${name}`;
    if (long) {
      let total = 0;
      for (const name of names) {
        const stat = context.fs.lstat(pathOf(name));
        if (stat.ok) total += kibibytesUsed(stat.value);
      }
      io.out(`total ${total}\n`);
    }
    for (const name of names) io.out(`${entryLine(pathOf(name), name)}\n`);
    if (recursive) {
      for (const name of listing.value.filter((item) => all || !item.startsWith("."))) {
        const child = `${full === "/" ? "" : full}/${name}`;
        const stat = context.fs.lstat(child);
        if (stat.ok && stat.value.kind === "dir") {
          io.out("\n");
          listDirectory(child, `${label === "/" ? "" : label}/${name}`, true);
        }
      }
    }
  };
  const files: string[] = [];
  const directories: string[] = [];
  for (const target of targets) {
    const full = normalize(path(context, target));
    // An operand that is a symlink whose target is missing is still listed (lstat).
    const followed = context.fs.stat(full);
    const stat = followed.ok ? followed : context.fs.lstat(full);
    if (!stat.ok) {
      io.err(`ls: ${target}: ${errnoText(stat.error)}\n`);
      status = 1;
      continue;
    }
    if (stat.value.kind === "dir" && !directoryItself) directories.push(target);
    else files.push(target);
  }
  // busybox sorts the operands like directory entries: files first, then directories, each by name.
  files.sort();
  directories.sort();
  for (const file of files) io.out(`${entryLine(normalize(path(context, file)), file)}\n`);
  directories.forEach((directory, index) => {
    if (index > 0 || files.length > 0) io.out("\n");
    listDirectory(normalize(path(context, directory)), directory, targets.length > 1 || recursive);
  });
  return status;
};
