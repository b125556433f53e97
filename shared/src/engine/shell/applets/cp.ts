/** busybox cp: files, -r/-R/-a trees, -p/-a preserving modes, owners and times. */
import type { FsError } from "../../fs/types.ts";
import { type CommandImplementation, normalize, type ShellContext } from "../context.ts";
import { errnoText, parseFlags, path } from "./support.ts";

export function copyPath(
  context: ShellContext,
  from: string,
  to: string,
  options: { recursive: boolean; preserve: boolean },
): FsError | undefined {
  const stat = context.fs.lstat(from);
  if (!stat.ok) return stat.error;
  if (stat.value.kind === "dir") {
    if (!options.recursive) return { code: "EISDIR", syscall: "copy", path: from };
    const made = context.fs.mkdir(to, { mode: stat.value.mode });
    if (!made.ok && made.error.code !== "EEXIST") return made.error;
    const listing = context.fs.readdir(from);
    if (listing.ok) {
      for (const name of listing.value) {
        const error = copyPath(context, `${from === "/" ? "" : from}/${name}`, `${to}/${name}`, options);
        if (error) return error;
      }
    }
  } else if (stat.value.kind === "symlink") {
    const target = context.fs.readlink(from);
    if (target.ok) {
      const made = context.fs.symlink(target.value, to);
      if (!made.ok) return made.error;
    }
  } else {
    const content = context.fs.readFile(from);
    if (!content.ok) return content.error;
    const written = context.fs.writeFile(to, content.value, { mode: stat.value.mode });
    if (!written.ok) return written.error;
    if (options.preserve) {
      context.fs.chmod(to, stat.value.mode);
      context.fs.chown(to, stat.value.uid, stat.value.gid);
      context.fs.utimes(to, stat.value.mtime);
    }
  }
  if (options.preserve && stat.value.kind === "dir") {
    context.fs.chmod(to, stat.value.mode);
    context.fs.chown(to, stat.value.uid, stat.value.gid);
    context.fs.utimes(to, stat.value.mtime);
  }
  return undefined;
}

export function destinationFor(
  context: ShellContext,
  source: string,
  destination: string,
  many: boolean,
): string {
  const full = normalize(path(context, destination));
  const stat = context.fs.stat(full);
  if ((stat.ok && stat.value.kind === "dir") || many)
    return `${full === "/" ? "" : full}/${source.split("/").filter(Boolean).pop()}`;
  return full;
}

export const cp: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseFlags(argv.slice(1));
  if (operands.length < 2) {
    io.err("cp: need at least two arguments\n");
    return 1;
  }
  const destination = operands.pop() as string;
  const options = {
    recursive: flags.has("r") || flags.has("R") || flags.has("a"),
    preserve: flags.has("a") || flags.has("p"),
  };
  let status = 0;
  for (const source of operands) {
    let from = normalize(path(context, source));
    let stat = context.fs.lstat(from);
    // Without -r/-a, cp follows a symlink operand and copies what it points to.
    if (stat.ok && stat.value.kind === "symlink" && !options.recursive) {
      stat = context.fs.stat(from);
      if (stat.ok) {
        const target = context.fs.readlink(from);
        if (target.ok)
          from = normalize(
            target.value.startsWith("/")
              ? target.value
              : `${from.slice(0, from.lastIndexOf("/"))}/${target.value}`,
          );
      }
    }
    if (!stat.ok) {
      io.err(`cp: can't stat '${source}': ${errnoText(stat.error)}\n`);
      status = 1;
      continue;
    }
    if (stat.value.kind === "dir" && !options.recursive) {
      io.err(`cp: omitting directory '${source}'\n`);
      status = 1;
      continue;
    }
    const to = destinationFor(context, source, destination, operands.length > 1);
    const existing = context.fs.stat(to);
    const original = context.fs.stat(from);
    if (
      existing.ok &&
      original.ok &&
      existing.value.inode === original.value.inode &&
      stat.value.kind !== "dir"
    ) {
      io.err(`cp: '${source}' and '${destination}' are the same file\n`);
      status = 1;
      continue;
    }
    const error = copyPath(context, from, to, options);
    if (error) {
      io.err(`cp: can't create '${destination}': ${errnoText(error)}\n`);
      status = 1;
    }
  }
  return status;
};
