import type { CommandImplementation } from "../context.ts";
import { applyMode } from "./chmod.ts";
import { errnoText, fullPath, idForName, parseOptions, textContent } from "./support.ts";

const NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** mktemp [-dqu] [-p DIR] [-t] [TEMPLATE]: the X's become letters from the run's own counter. */
export const mktemp: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("mktemp", argv.slice(1), "dqup:t");
  const template = operands[0] ?? "tmp.XXXXXX";
  const trailing = /X*$/.exec(template)?.[0].length ?? 0;
  if (trailing < 6) {
    // glibc's mkstemp wants six X's; busybox reports the failure with a null name.
    if (!flags.has("q")) io.err("mktemp: (null): Invalid argument\n");
    return 1;
  }
  const directory =
    values.get("p") ??
    (flags.has("t") || operands.length === 0 ? (context.env.get("TMPDIR") ?? "/tmp") : undefined);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    context.budget.nextPid += 1;
    let seed = context.budget.nextPid * 2654435761;
    let suffix = "";
    for (let index = 0; index < trailing; index += 1) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      suffix += NAME_CHARS[seed % NAME_CHARS.length];
    }
    const name = template.slice(0, template.length - trailing) + suffix;
    const path = directory === undefined ? name : `${directory.replace(/\/$/, "")}/${name}`;
    const full = fullPath(context, path);
    if (context.fs.lstat(full).ok) continue;
    if (!flags.has("u")) {
      const made = flags.has("d")
        ? context.fs.mkdir(full, { mode: 0o700 })
        : context.fs.writeFile(full, textContent(""), { mode: 0o600 });
      if (!made.ok) {
        // busybox 1.35 reports the failed name as (null) (mkstemp/mkdtemp leave it cleared).
        if (!flags.has("q")) io.err(`mktemp: (null): ${errnoText(made.error)}\n`);
        return 1;
      }
      if (!flags.has("d")) context.fs.chmod(full, 0o600);
    }
    io.out(`${path}\n`);
    return 0;
  }
  return 1;
};

/** install [-cdDps] [-m MODE] [-o USER] [-g GROUP] SOURCE… DEST, or install -d DIR…. */
export const install: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("install", argv.slice(1), "cdDpsm:o:g:t:v");
  const modeSpec = values.get("m");
  const uid = values.has("o") ? idForName(context, "/etc/passwd", values.get("o") as string) : undefined;
  const gid = values.has("g") ? idForName(context, "/etc/group", values.get("g") as string) : undefined;
  if (values.has("o") && uid === undefined) {
    io.err(`install: unknown user ${values.get("o")}\n`);
    return 1;
  }
  const finish = (full: string, isDirectory: boolean) => {
    const mode = modeSpec === undefined ? 0o755 : applyMode(0o755, modeSpec, isDirectory, 0);
    if (mode === undefined) {
      io.err(`install: invalid mode '${modeSpec}'\n`);
      return false;
    }
    context.fs.chmod(full, mode);
    if (uid !== undefined || gid !== undefined) {
      const stat = context.fs.stat(full);
      if (stat.ok) context.fs.chown(full, uid ?? stat.value.uid, gid ?? stat.value.gid);
    }
    return true;
  };
  if (flags.has("d")) {
    for (const directory of operands) {
      const full = fullPath(context, directory);
      const made = context.fs.mkdir(full, { parents: true, mode: 0o755 });
      if (!made.ok && !context.fs.stat(full).ok) {
        io.err(`install: can't create directory '${directory}': ${errnoText(made.error)}\n`);
        return 1;
      }
      if (!finish(full, true)) return 1;
    }
    return 0;
  }
  const target = values.get("t") ?? operands.at(-1);
  const sources = values.has("t") ? operands : operands.slice(0, -1);
  if (target === undefined || sources.length === 0) {
    io.err("install: missing operand\n");
    return 1;
  }
  const targetFull = fullPath(context, target);
  if (flags.has("D"))
    context.fs.mkdir(targetFull.slice(0, targetFull.lastIndexOf("/")) || "/", { parents: true, mode: 0o755 });
  const targetStat = context.fs.stat(targetFull);
  const intoDirectory = targetStat.ok && targetStat.value.kind === "dir";
  for (const source of sources) {
    const content = context.fs.readFile(fullPath(context, source));
    if (!content.ok) {
      io.err(`install: can't stat '${source}': ${errnoText(content.error)}\n`);
      return 1;
    }
    const destination = intoDirectory ? `${targetFull}/${source.split("/").pop()}` : targetFull;
    context.fs.unlink(destination);
    const written = context.fs.writeFile(destination, content.value, { mode: 0o755 });
    if (!written.ok) {
      io.err(`install: can't create '${target}': ${errnoText(written.error)}\n`);
      return 1;
    }
    if (!finish(destination, false)) return 1;
  }
  return 0;
};
