/**
 * A test double for the shell: the handful of busybox commands the experiments' Dockerfiles use
 * (`true`, `false`, `echo`, `touch`, `rm`, `mkdir`, `dd`, `chmod`, `chown`, `cat`, `ls`, `pwd`,
 * `id`, `exit`), `&&`, `||`, `;`, `>`/`>>` redirections and `$VAR` expansion.
 */

import type { ShellOptions, ShellOutcome } from "../../../src/engine/builder/ports.ts";
import { textContent, zeroContent } from "../../../src/engine/fs/content.ts";
import type { FileContent, MountedFs } from "../../../src/engine/fs/types.ts";

function tokenize(script: string, env: ReadonlyMap<string, string>): string[] {
  const tokens: string[] = [];
  let current = "";
  let has = false;
  for (let index = 0; index < script.length; index += 1) {
    const char = script[index] as string;
    if (char === "'") {
      const end = script.indexOf("'", index + 1);
      current += script.slice(index + 1, end === -1 ? undefined : end);
      index = end === -1 ? script.length : end;
      has = true;
    } else if (char === '"') {
      let end = index + 1;
      let text = "";
      while (end < script.length && script[end] !== '"') {
        if (script[end] === "$") {
          const match = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(script.slice(end));
          if (match) {
            text += env.get(match[1] ?? "") ?? "";
            end += match[0].length;
            continue;
          }
        }
        text += script[end];
        end += 1;
      }
      current += text;
      index = end;
      has = true;
    } else if (char === "$") {
      const match = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(script.slice(index));
      if (match) {
        current += env.get(match[1] ?? "") ?? "";
        index += match[0].length - 1;
        has = true;
      } else current += char;
    } else if (/\s/.test(char)) {
      if (has) tokens.push(current);
      current = "";
      has = false;
    } else if (char === "&" && script[index + 1] === "&") {
      if (has) tokens.push(current);
      tokens.push("&&");
      current = "";
      has = false;
      index += 1;
    } else if (char === "|" && script[index + 1] === "|") {
      if (has) tokens.push(current);
      tokens.push("||");
      current = "";
      has = false;
      index += 1;
    } else if (char === ";") {
      if (has) tokens.push(current);
      tokens.push(";");
      current = "";
      has = false;
    } else if (char === ">" && script[index + 1] === "&" && script[index + 2] === "2") {
      if (has) tokens.push(current);
      tokens.push(">&2");
      current = "";
      has = false;
      index += 2;
    } else if (char === ">") {
      if (has && current !== "2") tokens.push(current);
      const stream = has && current === "2" ? "2" : "";
      const append = script[index + 1] === ">";
      tokens.push(`${stream}${append ? ">>" : ">"}`);
      if (append) index += 1;
      current = "";
      has = false;
    } else {
      current += char;
      has = true;
    }
  }
  if (has) tokens.push(current);
  return tokens;
}

interface Io {
  stdout: string;
  stderr: string;
}

/** Runs a `sh -c` script. */
export function runShellScript(script: string, options: ShellOptions, errexit = false): ShellOutcome {
  const env = new Map(
    options.env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  const tokens = tokenize(script, env);
  const io: Io = { stdout: "", stderr: "" };
  let status = 0;
  let skip = false;
  let command: string[] = [];
  const flush = (operator: string | undefined) => {
    if (!skip && command.length > 0) status = runCommand(command, options, io);
    command = [];
    if (operator === "&&") skip = status !== 0;
    else if (operator === "||") skip = status === 0;
    else skip = false;
  };
  for (const token of tokens) {
    if (token === "&&" || token === "||" || token === ";") {
      flush(token);
      if (errexit && status !== 0 && token === ";") return { exitCode: status, ...io };
      if (exited !== undefined) break;
    } else command.push(token);
  }
  if (exited === undefined) flush(undefined);
  const code = exited ?? status;
  exited = undefined;
  return { exitCode: code, ...io };
}

let exited: number | undefined;

function resolve(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}

function runCommand(words: readonly string[], options: ShellOptions, io: Io): number {
  let argv = [...words];
  let redirect: { path: string; append: boolean; stream: "1" | "2" } | undefined;
  const out: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] as string;
    if (word === ">&2") {
      redirect = { path: "/dev/stderr", append: false, stream: "1" };
    } else if (/^2?>>?$/.test(word)) {
      redirect = {
        path: argv[index + 1] ?? "",
        append: word.endsWith(">>"),
        stream: word.startsWith("2") ? "2" : "1",
      };
      index += 1;
    } else out.push(word);
  }
  argv = out;
  if (argv[0] === "/bin/busybox" || argv[0] === "busybox") argv = argv.slice(1);
  const name = (argv[0] ?? "").split("/").at(-1) ?? "";
  const local: Io = { stdout: "", stderr: "" };
  const status = builtin(name, argv.slice(1), options, local);
  const target = redirect?.stream === "2" ? "stderr" : "stdout";
  if (redirect?.path === "/dev/null") local[target] = "";
  else if (redirect !== undefined && redirect.path !== "/dev/stderr") {
    const path = resolve(options.cwd, redirect.path);
    const written = options.fs.writeFile(path, textContent(local[target]), { append: redirect.append });
    if (!written.ok) {
      local.stdout = "";
      io.stderr += `/bin/sh: can't create ${redirect.path}: ${written.error.code === "ENOENT" ? "nonexistent directory" : "Permission denied"}\n`;
      return 1;
    }
    local[target] = "";
  } else if (redirect?.path === "/dev/stderr") {
    local.stderr += local.stdout;
    local.stdout = "";
  }
  io.stdout += local.stdout;
  io.stderr += local.stderr;
  return status;
}

function builtin(name: string, args: readonly string[], options: ShellOptions, io: Io): number {
  const fs: MountedFs = options.fs;
  const path = (value: string) => resolve(options.cwd, value);
  switch (name) {
    case "true":
    case ":":
      return 0;
    case "false":
      return 1;
    case "exit":
      exited = Number(args[0] ?? 0);
      return exited;
    case "echo":
      io.stdout += `${args.join(" ")}\n`;
      return 0;
    case "pwd":
      io.stdout += `${options.cwd}\n`;
      return 0;
    case "id":
      io.stdout += `uid=${options.identity.uid}${options.identity.uid === 0 ? "(root)" : ""} gid=${options.identity.gid}\n`;
      return 0;
    case "touch":
      for (const arg of args) {
        const target = path(arg);
        if (fs.stat(target).ok) fs.utimes(target, options.now);
        else if (!fs.writeFile(target, textContent("")).ok) return 1;
      }
      return 0;
    case "rm": {
      const recursive = args.some((arg) => /^-\w*r/.test(arg));
      const force = args.some((arg) => /^-\w*f/.test(arg));
      for (const arg of args.filter((value) => !value.startsWith("-"))) {
        if (!remove(fs, path(arg), recursive) && !force) {
          io.stderr += `rm: can't remove '${arg}': No such file or directory\n`;
          return 1;
        }
      }
      return 0;
    }
    case "mkdir": {
      const parents = args.includes("-p");
      for (const arg of args.filter((value) => !value.startsWith("-"))) {
        const made = fs.mkdir(path(arg), { parents });
        if (!made.ok) {
          io.stderr += `mkdir: can't create directory '${arg}': ${made.error.code === "EEXIST" ? "File exists" : "Permission denied"}\n`;
          return 1;
        }
      }
      return 0;
    }
    case "dd": {
      const opts = new Map(args.map((arg) => arg.split("=") as [string, string]));
      const size = Number(opts.get("bs") ?? 512) * Number(opts.get("count") ?? 1);
      const content: FileContent = opts.get("if") === "/dev/zero" ? zeroContent(size) : textContent("");
      if (!fs.writeFile(path(opts.get("of") ?? ""), content).ok) return 1;
      io.stderr += `${Number(opts.get("count") ?? 1)}+0 records in\n${Number(opts.get("count") ?? 1)}+0 records out\n`;
      return 0;
    }
    case "chmod":
      return fs.chmod(path(args[1] ?? ""), Number.parseInt(args[0] ?? "644", 8)).ok ? 0 : 1;
    case "chown": {
      const [uid = "0", gid = uid] = (args[0] ?? "0").split(":");
      return fs.chown(path(args[1] ?? ""), Number(uid), Number(gid)).ok ? 0 : 1;
    }
    case "cat":
      for (const arg of args) {
        const read = fs.readFile(path(arg));
        if (!read.ok) {
          io.stderr += `cat: can't open '${arg}': No such file or directory\n`;
          return 1;
        }
        io.stdout += read.value.text();
      }
      return 0;
    case "ls": {
      const all = args.includes("-a");
      const target = args.find((arg) => !arg.startsWith("-")) ?? ".";
      const listed = fs.readdir(path(target));
      if (!listed.ok) {
        io.stderr += `ls: ${target}: No such file or directory\n`;
        return 1;
      }
      io.stdout += `${[...(all ? [".", ".."] : []), ...listed.value.filter((name) => all || !name.startsWith("."))].join("\n")}\n`;
      return 0;
    }
    default:
      io.stderr += `/bin/sh: ${name}: not found\n`;
      return 127;
  }
}

function remove(fs: MountedFs, target: string, recursive: boolean): boolean {
  const stat = fs.lstat(target);
  if (!stat.ok) return false;
  if (stat.value.kind === "dir") {
    if (!recursive) return false;
    const listed = fs.readdir(target);
    if (listed.ok) for (const name of listed.value) remove(fs, `${target}/${name}`, true);
    return fs.rmdir(target).ok;
  }
  return fs.unlink(target).ok;
}

/** Runs an exec-form command line. */
export function runArgvCommand(argv: readonly string[], options: ShellOptions): ShellOutcome {
  const io: Io = { stdout: "", stderr: "" };
  const status = runCommand(argv, options, io);
  return { exitCode: status, ...io };
}
