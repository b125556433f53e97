/**
 * The client side of the resident daemon (node-only). As the docker CLI hands each command to
 * dockerd instead of starting an engine itself, `layercake docker` hands its command to a layercake
 * process that stays running (`docker-server.ts`), one per user and build of layercake, over a Unix
 * socket in a directory only that user may enter (`$XDG_RUNTIME_DIR/layercake`, else
 * `/tmp/layercake-<uid>`). A command in a fresh process pays, every time, for loading and compiling
 * the engine and Node's hash module before doing anything (a `docker build` about 40 ms above
 * Node's own start, `docker images` 12 ms); the resident process has all of it loaded and
 * compiled, so a command costs Node's start and a round trip. When no daemon answers, the command
 * runs in this process as it always did, and a daemon is started for the next one.
 *
 * Nothing changes in what a command does: the daemon runs it through the same `runDockerMain`,
 * under the same state lock of the command's `$LAYERCAKE_HOME`, one command at a time, with the
 * caller's working directory and environment, and saves the state the same way before answering.
 * Only the bundled CLI uses it (the TypeScript sources change under a running daemon), and
 * `LAYERCAKE_DOCKER_RESIDENT=0` turns it off. A daemon leaves after ten idle minutes
 * (`LAYERCAKE_DOCKER_RESIDENT_IDLE` seconds) or when its socket is removed.
 */
import type { CommandResult } from "../engine/docker/command.ts";

/** Defined by the bundle (scripts/bundle-cli.mjs): the build this code belongs to. */
declare const LAYERCAKE_BUILD_ID: string | undefined;

/** This code's build, or `undefined` when it runs from the TypeScript sources. */
export const RESIDENT_BUILD: string | undefined =
  typeof LAYERCAKE_BUILD_ID === "string" ? LAYERCAKE_BUILD_ID : undefined;

/** What a client sends: one JSON line. */
export interface ResidentRequest {
  readonly build: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The package whose sources the bundle was built from, when the client did not check that none
   * changed since (the launcher's fast path): the daemon checks, and refuses when one did.
   */
  readonly sourcesRoot?: string;
}

/** What the daemon answers: the command's result, or why it would not run it. */
export type ResidentReply = CommandResult | { readonly refused: string };

/**
 * - `answered`: the daemon ran the command;
 * - `absent`: no daemon answered (or it refused), so the command did not run there;
 * - `lost`: the daemon took the command and went away before answering: it may have run.
 */
export type ResidentAnswer =
  | { readonly kind: "answered"; readonly result: CommandResult }
  | { readonly kind: "absent" }
  | { readonly kind: "lost"; readonly why: string };

/**
 * Longest socket path to use: Linux keeps 108 bytes for it (with the final NUL), macOS 104. With a
 * longer runtime directory every command runs in its own process.
 */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * The directory of this user's daemons: `$XDG_RUNTIME_DIR/layercake`, or `<tmpdir>/layercake-<uid>`.
 * It must be this user's alone (mode 700): a client sends its environment to whatever listens there.
 */
export function residentDir(environment: Readonly<Record<string, string | undefined>>): string {
  const runtime = environment.XDG_RUNTIME_DIR;
  if (runtime?.startsWith("/")) return `${runtime.replace(/\/+$/, "")}/layercake`;
  const { tmpdir } = process.getBuiltinModule("node:os");
  return `${tmpdir()}/layercake-${process.getuid?.() ?? "user"}`;
}

/** The socket of this build's daemon in `dir`, or `undefined` when the path is too long for one. */
export function residentSocketPath(dir: string, build: string): string | undefined {
  const path = `${dir}/docker-${build}.sock`;
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES ? path : undefined;
}

/** Whether `dir` is a directory of this user's that nobody else may enter. */
export function isPrivateDir(dir: string): boolean {
  const { lstatSync } = process.getBuiltinModule("node:fs");
  const stats = lstatSync(dir, { throwIfNoEntry: false });
  return (
    stats?.isDirectory() === true &&
    (stats.mode & 0o077) === 0 &&
    (process.getuid === undefined || stats.uid === process.getuid())
  );
}

/**
 * The socket to ask, or `undefined` when this process runs the command itself: from the TypeScript
 * sources, with `LAYERCAKE_DOCKER_RESIDENT=0`, or without a usable runtime directory.
 */
export function residentSocketFor(
  environment: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (RESIDENT_BUILD === undefined || environment.LAYERCAKE_DOCKER_RESIDENT === "0") return undefined;
  return residentSocketPath(residentDir(environment), RESIDENT_BUILD);
}

/**
 * Whether the command reads the caller's standard input or writes an archive to its standard
 * output (`docker load` without -i, `docker save` without -o): the daemon has neither, so such a
 * command runs in the caller's process. A cluster of short flags (`-qi`) counts as naming the flag.
 */
export function usesStandardStreams(args: readonly string[]): boolean {
  const grouped = args[0] === "image";
  const command = grouped ? args[1] : args[0];
  const rest = args.slice(grouped ? 2 : 1);
  const names = (short: string, long: string) =>
    rest.some(
      (arg) =>
        arg === `--${long}` ||
        arg.startsWith(`--${long}=`) ||
        (/^-[^-]/.test(arg) && arg.slice(1).split("=")[0]?.includes(short) === true),
    );
  if (command === "save") return !names("o", "output");
  if (command === "load") return !names("i", "input");
  return false;
}

/** Sends `request` to the daemon listening on `socketPath` and waits for its answer. */
export function askResident(socketPath: string, request: ResidentRequest): Promise<ResidentAnswer> {
  // Taken here, not imported: node:net loads Node's streams, which a command run in-process never needs.
  if (!isPrivateDir(socketPath.slice(0, socketPath.lastIndexOf("/"))))
    return Promise.resolve({ kind: "absent" });
  const { connect } = process.getBuiltinModule("node:net");
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    let sent = false;
    let settled = false;
    const settle = (answer: ResidentAnswer) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.on("connect", () => {
      sent = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    const answer = () => {
      const reply = parseReply(Buffer.concat(chunks).toString("utf8"));
      if (reply === undefined) settle({ kind: "lost", why: "it closed the connection without an answer" });
      else if ("refused" in reply) settle({ kind: "absent" });
      else settle({ kind: "answered", result: reply });
    };
    // The answer is one JSON line: complete at its newline, without waiting for the close.
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.at(-1) === 10) answer();
    });
    socket.on("error", (error: NodeJS.ErrnoException) =>
      settle(sent ? { kind: "lost", why: error.message } : { kind: "absent" }),
    );
    socket.on("close", () => (sent ? answer() : settle({ kind: "absent" })));
  });
}

function parseReply(text: string): ResidentReply | undefined {
  try {
    const reply = JSON.parse(text) as Record<string, unknown>;
    if (typeof reply.refused === "string") return { refused: reply.refused };
    if (
      typeof reply.exitCode === "number" &&
      typeof reply.stdout === "string" &&
      typeof reply.stderr === "string"
    ) {
      return { exitCode: reply.exitCode, stdout: reply.stdout, stderr: reply.stderr };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts this build's daemon in the background for `socketPath` (it outlives this process, in a
 * session of its own, and gives up at once when another one already answers there).
 * `LAYERCAKE_DOCKER_RESIDENT_IDLE` sets how many seconds it waits for a command before it leaves.
 */
export function startResident(
  socketPath: string,
  environment: Readonly<Record<string, string | undefined>>,
): void {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const { fileURLToPath } = process.getBuiltinModule("node:url");
  const server = fileURLToPath(new URL("./docker-server.js", import.meta.url));
  const idle = environment.LAYERCAKE_DOCKER_RESIDENT_IDLE;
  const idleArgs = idle !== undefined && /^\d+$/.test(idle) ? ["--idle", idle] : [];
  try {
    // A small young generation: V8 grows it up to 64 MB a half under the rate a stream of builds
    // allocates at, which a process living for minutes would keep (measured: 213 MB of RSS after
    // 400 builds and runs with the default, 106 MB with 8 MB halves, and no slower).
    const flags = ["--max-semi-space-size=8"];
    const child = spawn(process.execPath, [...flags, server, socketPath, ...idleArgs], {
      cwd: "/",
      detached: true,
      stdio: "ignore",
    });
    child.on("error", () => {});
    child.unref();
  } catch {
    // Not started (no processes left, say): every command still runs in its own process.
  }
}
