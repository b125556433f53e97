/**
 * A simulated machine for lessons, the site's playground and the bot: a build-context directory in
 * memory (the working directory `/work`), the `docker` command of `layercake docker` over a
 * simulated daemon, and a few host commands for the context files. Isomorphic: nothing touches the
 * host; time advances one second per command from a fixed start, so every run is reproducible.
 */
import { createSimulatedClock } from "../core/clock.ts";
import type { DockerProfile } from "../core/content-model.ts";
import type { SimDaemon } from "../engine/docker/daemon.ts";
import type { HostIo } from "../engine/docker/host-io.ts";
import { learnerProfile } from "../engine/docker/learner-profile.ts";
import { type DaemonProfile, DOCKER_20_10 } from "../engine/docker/profile.ts";
import { openDockerSession } from "../engine/docker/session.ts";
import { bytesContent, textContent } from "../engine/fs/content.ts";
import { createDir, createFile } from "../engine/fs/tree.ts";
import type { DirNode, FsNode } from "../engine/fs/types.ts";
import { splitCommandLine } from "./command-line.ts";

export const TERMINAL_CWD = "/work";
/** 2026-01-01T00:00:00Z: scenarios do not depend on the day they are run. */
export const TERMINAL_EPOCH_MS = Date.UTC(2026, 0, 1);

export interface TerminalResult {
  /** stdout then stderr, as a terminal shows them. */
  output: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SimulatedTerminal {
  run(commandLine: string): TerminalResult;
  writeFile(path: string, content: string): void;
  readFile(path: string): string | undefined;
  removeFile(path: string): boolean;
  /** The context files by path relative to the working directory. */
  files(): Record<string, string>;
  readonly daemon: SimDaemon;
  /** The Docker this machine runs. */
  readonly profile: DaemonProfile;
  /** Milliseconds since the epoch of the terminal's clock. */
  now(): number;
}

export interface TerminalOptions {
  /** The builder `docker build` uses; by default the learner profile's, else BuildKit. */
  builder?: "classic" | "buildkit";
  /**
   * Which Docker the machine runs: a learner's profile id (`26.1-containerd`, as the site, the bot
   * and `--docker` name it) or a daemon profile (default: Docker 20.10 with overlay2).
   */
  profile?: DaemonProfile | DockerProfile;
  nowMs?: number;
  files?: Record<string, string>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Creates a fresh simulated machine. */
export function createTerminal(options: TerminalOptions = {}): SimulatedTerminal {
  const files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  const clock = createSimulatedClock(options.nowMs ?? TERMINAL_EPOCH_MS);
  const learner = typeof options.profile === "string" ? learnerProfile(options.profile) : undefined;
  const builder = options.builder ?? learner?.builder ?? "buildkit";

  const relative = (path: string): string => {
    const absolute = path.startsWith("/") ? path : `${TERMINAL_CWD}/${path}`;
    const parts: string[] = [];
    for (const part of absolute.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    const joined = parts.join("/");
    const cwd = TERMINAL_CWD.slice(1);
    return joined === cwd ? "" : joined.startsWith(`${cwd}/`) ? joined.slice(cwd.length + 1) : `/${joined}`;
  };
  const write = (path: string, bytes: Uint8Array) => {
    files.set(relative(path), { bytes, mtime: Math.floor(clock.now() / 1000) });
  };
  const isDirectory = (path: string) => {
    const prefix = relative(path);
    if (prefix === "") return true;
    return [...files.keys()].some((name) => name.startsWith(`${prefix}/`));
  };

  const io: HostIo = {
    resolve: (path) => {
      const inside = relative(path);
      return inside.startsWith("/") ? inside : inside === "" ? TERMINAL_CWD : `${TERMINAL_CWD}/${inside}`;
    },
    isDirectory,
    readText: (path) => {
      const file = files.get(relative(path));
      return file === undefined ? undefined : decoder.decode(file.bytes);
    },
    readBytes: (path) => files.get(relative(path))?.bytes,
    readContext: (path) => contextTree(files, relative(path)),
    writeFile: (path, data) => write(path, typeof data === "string" ? encoder.encode(data) : data),
    env: (name) => (name === "DOCKER_BUILDKIT" && builder === "classic" ? "0" : undefined),
  };

  for (const [path, content] of Object.entries(options.files ?? {})) write(path, encoder.encode(content));
  const profile = learner?.daemon ?? (typeof options.profile === "object" ? options.profile : DOCKER_20_10);
  const session = openDockerSession({ clock, profile, host: io });

  const host = (argv: string[]): { stdout: string; stderr: string; exitCode: number } => {
    const [name, ...args] = argv;
    switch (name) {
      case "cat": {
        let stdout = "";
        let stderr = "";
        for (const arg of args) {
          const file = files.get(relative(arg));
          if (file) stdout += decoder.decode(file.bytes);
          else
            stderr += `cat: ${arg}: ${isDirectory(arg) ? "Is a directory" : "No such file or directory"}\n`;
        }
        return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
      }
      case "ls": {
        const targets = args.filter((arg) => !arg.startsWith("-"));
        let stdout = "";
        let stderr = "";
        for (const target of targets.length === 0 ? ["."] : targets) {
          const inside = relative(target);
          if (files.has(inside)) {
            stdout += `${target}\n`;
            continue;
          }
          if (!isDirectory(target)) {
            stderr += `ls: ${target}: No such file or directory\n`;
            continue;
          }
          const prefix = inside === "" ? "" : `${inside}/`;
          const names = [...files.keys()]
            .filter((path) => !path.startsWith("/") && path.startsWith(prefix))
            .map((path) => path.slice(prefix.length).split("/")[0] as string);
          const listed = [...new Set(names)].sort();
          if (targets.length > 1) stdout += `${target}:\n`;
          stdout += listed.map((name) => `${name}\n`).join("");
        }
        return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
      }
      case "rm": {
        const missing = args.filter((arg) => !arg.startsWith("-") && !files.delete(relative(arg)));
        return {
          stdout: "",
          stderr: missing.map((arg) => `rm: cannot remove '${arg}': No such file or directory\n`).join(""),
          exitCode: missing.length === 0 ? 0 : 1,
        };
      }
      case "echo":
        return { stdout: `${args.join(" ")}\n`, stderr: "", exitCode: 0 };
      case "pwd":
        return { stdout: `${TERMINAL_CWD}\n`, stderr: "", exitCode: 0 };
      case "touch":
        for (const arg of args) {
          const file = files.get(relative(arg));
          write(arg, file?.bytes ?? new Uint8Array());
        }
        return { stdout: "", stderr: "", exitCode: 0 };
      default:
        return {
          stdout: "",
          // What busybox sh prints; the playground explains the supported commands around it.
          stderr: `sh: ${name}: not found\n`,
          exitCode: 127,
        };
    }
  };

  return {
    daemon: session.daemon,
    profile,
    now: () => clock.now(),
    files: () =>
      Object.fromEntries(
        [...files.entries()]
          .filter(([path]) => !path.startsWith("/"))
          .map(([path, file]) => [path, decoder.decode(file.bytes)]),
      ),
    readFile: (path) => {
      const file = files.get(relative(path));
      return file === undefined ? undefined : decoder.decode(file.bytes);
    },
    writeFile: (path, content) => {
      clock.advance(1000);
      write(path, encoder.encode(content));
    },
    removeFile: (path) => files.delete(relative(path)),
    run(commandLine) {
      clock.advance(1000);
      const parsed = splitCommandLine(commandLine.trim());
      if ("problem" in parsed) {
        const stderr = `sh: syntax error: ${parsed.problem}\n`;
        return { output: stderr, stdout: "", stderr, exitCode: 2 };
      }
      if (parsed.argv.length === 0) return { output: "", stdout: "", stderr: "", exitCode: 0 };
      let result: { stdout: string; stderr: string; exitCode: number };
      if (parsed.argv[0] === "docker") {
        const dockerBuildkit = parsed.env.DOCKER_BUILDKIT ?? (builder === "classic" ? "0" : undefined);
        result = session.docker(parsed.argv.slice(1), dockerBuildkit === undefined ? {} : { dockerBuildkit });
      } else result = host(parsed.argv);
      if (parsed.redirect && result.exitCode === 0) {
        const previous = parsed.redirect.append
          ? (files.get(relative(parsed.redirect.path))?.bytes ?? new Uint8Array())
          : new Uint8Array();
        write(parsed.redirect.path, concat(previous, encoder.encode(result.stdout)));
        result = { ...result, stdout: "" };
      }
      return { ...result, output: result.stdout + result.stderr };
    },
  };
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left);
  joined.set(right, left.length);
  return joined;
}

/** The context directory `prefix` ("" for the working directory) as a file tree. */
function contextTree(
  files: ReadonlyMap<string, { bytes: Uint8Array; mtime: number }>,
  prefix: string,
): DirNode {
  interface Building {
    children: Map<string, Building | FsNode>;
  }
  const root: Building = { children: new Map() };
  const base = prefix === "" ? "" : `${prefix}/`;
  for (const [path, file] of [...files.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    if (path.startsWith("/") || !path.startsWith(base)) continue;
    const parts = path.slice(base.length).split("/");
    const name = parts.pop() as string;
    let dir = root;
    for (const part of parts) {
      let next = dir.children.get(part);
      if (next === undefined || "kind" in next) {
        next = { children: new Map() };
        dir.children.set(part, next);
      }
      dir = next;
    }
    const content = file.bytes.length === 0 ? textContent("") : bytesContent(file.bytes);
    dir.children.set(name, createFile(content, { mode: 0o644, mtime: file.mtime, uid: 0, gid: 0 }));
  }
  const freeze = (dir: Building): DirNode => {
    const children = new Map<string, FsNode>();
    for (const name of [...dir.children.keys()].sort()) {
      const child = dir.children.get(name) as Building | FsNode;
      children.set(name, "kind" in child ? child : freeze(child));
    }
    return createDir({ mode: 0o755, mtime: 0, uid: 0, gid: 0 }, children);
  };
  return freeze(root);
}
