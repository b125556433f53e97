/**
 * Redirections: `>`, `>>`, `<`, `<>`, `n>&m`, `n<&m` and here-documents set up around one
 * command (noclobber, the memory budget on what is read), giving the command its Io and a flush
 * that writes the files when it ends.
 */
import { textContent } from "../fs/content.ts";
import type { FileContent } from "../fs/types.ts";
import { joinContents } from "./applets/content.ts";
import {
  absolutePath,
  InputStream,
  type Io,
  makeIo,
  type ShellContext,
  shellErrorPrefix,
} from "./context.ts";
import { expandHeredoc, expandToString } from "./expand.ts";
import type { Redirection } from "./parse.ts";

/** Sets up `>`, `>>`, `<`, `2>&1`, here-documents…; returns the command's Io and a flush. */
export function applyRedirections(
  redirections: readonly Redirection[],
  io: Io,
  context: ShellContext,
): { io: Io; flush: () => void; sinks: Map<number, Sink | undefined> } | number {
  if (redirections.length === 0) return { io, flush: () => {}, sinks: new Map() };
  let input = io.input ?? new InputStream(io.stdin);
  // Descriptors 3 and up that `exec 3>file` left open are there for `>&3`.
  const sinks = new Map<number, Sink | undefined>([
    ...context.openFds,
    [1, { write: io.out, ...(io.outContent ? { writeContent: io.outContent } : {}) }],
    [2, { write: io.err }],
  ]);
  const files: { path: string; parts: FileContent[] }[] = [];
  const flush = () => {
    for (const file of files) {
      if (file.parts.length === 0) continue;
      // Appends join lazily: a large generated file is never materialised to add a line to it.
      const existing = context.fs.readFile(file.path);
      const content = joinContents(existing.ok ? [existing.value, ...file.parts] : file.parts);
      context.budget.checkFile(file.path, content.size, false);
      context.budget.step(1 + (Math.min(content.size, 1 << 30) >> 14));
      context.fs.writeFile(file.path, content);
      // Later writes (a descriptor `exec` keeps open) append to what is written now.
      file.parts.length = 0;
    }
  };
  for (const redirection of redirections) {
    if (redirection.heredoc) {
      const body = redirection.heredoc.quoted
        ? redirection.heredoc.body
        : expandHeredoc(redirection.heredoc.body, context, io);
      if (redirection.fd === 0) input = new InputStream(body);
      continue;
    }
    const target = expandToString(redirection.target, context, io, { tilde: true });
    if (redirection.op === ">&" || redirection.op === "<&") {
      if (target === "-") {
        // `N>&-` closes the descriptor.
        if (redirection.fd !== 0) sinks.set(redirection.fd, undefined);
        continue;
      }
      if (!/^\d+$/.test(target)) {
        if (redirection.op === ">&") {
          // `>&file` is `>file 2>&1` in ash (bash compatibility).
          const opened = openFile(context, io, target, ">", files);
          if (typeof opened === "number") {
            flush();
            return opened;
          }
          sinks.set(1, opened);
          sinks.set(2, opened);
          continue;
        }
        io.err(`${shellErrorPrefix(context)}${target}: Bad file descriptor\n`);
        return 1;
      }
      const fd = Number(target);
      if (redirection.op === "<&") continue;
      const source = sinks.get(fd);
      if (!source) {
        io.err(`${shellErrorPrefix(context)}${target}: Bad file descriptor\n`);
        flush();
        return 1;
      }
      sinks.set(redirection.fd, source);
      continue;
    }
    if (redirection.op === "<" || redirection.op === "<>") {
      if (target === "/dev/null") {
        if (redirection.fd === 0) input = new InputStream("");
        continue;
      }
      const content = context.fs.readFile(absolutePath(context, target));
      if (!content.ok) {
        if (redirection.op === "<>" && content.error.code === "ENOENT") {
          context.fs.writeFile(absolutePath(context, target), textContent(""));
          if (redirection.fd === 0) input = new InputStream("");
          continue;
        }
        // ash's own wording for a missing file: "no such file".
        const code = content.error.code;
        const reason =
          code === "ENOENT" || code === "ENOTDIR"
            ? "no such file"
            : code === "EACCES"
              ? "Permission denied"
              : code;
        io.err(`${shellErrorPrefix(context)}can't open ${target}: ${reason}\n`);
        flush();
        return 1;
      }
      if (redirection.fd === 0) input = new InputStream(readAsText(context, content.value));
      continue;
    }
    if (target === "/dev/null") {
      sinks.set(redirection.fd, { write: () => {}, writeContent: () => {} });
      continue;
    }
    if (target === "/dev/stdout" || target === "/dev/stderr") {
      sinks.set(redirection.fd, target === "/dev/stdout" ? { write: io.out } : { write: io.err });
      continue;
    }
    const opened = openFile(context, io, target, redirection.op, files);
    if (typeof opened === "number") {
      flush();
      return opened;
    }
    sinks.set(redirection.fd, opened);
  }
  const out = sinks.get(1) ?? { write: () => {} };
  const err = sinks.get(2) ?? { write: () => {} };
  return {
    io: makeIo(
      input,
      (text) => out.write(text),
      (text) => err.write(text),
      (content) => (out.writeContent ? out.writeContent(content) : out.write(content.text())),
    ),
    flush,
    sinks,
  };
}

/** Where a descriptor's output goes. */
export interface Sink {
  write(text: string): void;
  writeContent?(content: FileContent): void;
}

/** Text of a file for a command's standard input, within the memory budget. */
export function readAsText(context: ShellContext, content: FileContent): string {
  context.budget.checkFile("standard input", content.size, true);
  return content.text();
}

function openFile(
  context: ShellContext,
  io: Io,
  target: string,
  op: Redirection["op"],
  files: { path: string; parts: FileContent[] }[],
) {
  const path = absolutePath(context, target);
  if (target === "") {
    io.err(`${shellErrorPrefix(context)}can't create : No such file or directory\n`);
    return 1;
  }
  if (op === ">" && context.options.noclobber && context.fs.stat(path).ok) {
    io.err(`${shellErrorPrefix(context)}can't create ${target}: File exists\n`);
    return 1;
  }
  // The shell opens (creates or truncates) the file before the command runs.
  const opened = op === ">>" ? openForAppend(context, path) : context.fs.writeFile(path, textContent(""));
  if (!opened.ok) {
    const reason =
      opened.error.code === "EISDIR"
        ? "Is a directory"
        : opened.error.code === "ENOTDIR"
          ? "Not a directory"
          : opened.error.code === "EACCES"
            ? "Permission denied"
            : opened.error.code === "ELOOP"
              ? "Too many levels of symbolic links"
              : "nonexistent directory";
    io.err(`${shellErrorPrefix(context)}can't create ${target}: ${reason}\n`);
    return 1;
  }
  const file = { path, parts: [] as FileContent[] };
  files.push(file);
  let stored = 0;
  return {
    write: (text: string) => {
      stored += text.length;
      context.budget.checkFile(target, stored, true);
      file.parts.push(textContent(text));
    },
    writeContent: (content: FileContent) => {
      context.budget.checkFile(target, content.size, false);
      file.parts.push(content);
    },
  };
}

function openForAppend(context: ShellContext, path: string) {
  const existing = context.fs.stat(path);
  if (existing.ok)
    return existing.value.kind === "dir"
      ? { ok: false as const, error: { code: "EISDIR" as const, syscall: "open", path } }
      : { ok: true as const, value: undefined };
  return context.fs.writeFile(path, textContent(""));
}

/** Reads a file as content for commands. */
export function readText(context: ShellContext, path: string): FileContent | undefined {
  const result = context.fs.readFile(absolutePath(context, path));
  return result.ok ? result.value : undefined;
}
