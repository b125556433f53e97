/**
 * The resident daemon (node-only; see docker-resident.ts for why and how clients use it): one per
 * user and build of layercake, started in the background by a `layercake docker` command that
 * found none. It listens on `<dir>/docker-<build>.sock` (the directory mode 700, as a rootless
 * dockerd's) and runs each command it is sent through `runDockerMain`, one at a time, in the
 * command's own `$LAYERCAKE_HOME`, answering with its result.
 *
 * It leaves:
 * - when no command came for ten minutes (`--idle SECONDS`);
 * - when its socket is removed or replaced (another daemon took the path), checked every second;
 * - when a client of another build reaches it (it refuses the command, which the client runs);
 * - after a command left it holding over 512 MiB;
 * - on an error of its own, written to `<dir>/docker-<build>.log` like its start and leaving: the
 *   clients then run their commands themselves and start a new daemon.
 * Usage (by docker-resident.ts only): node dist/cli/docker-server.js SOCKET [--idle SECONDS]
 */
import "../platform/node.ts";
import {
  appendFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { enableCompileCache } from "node:module";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDockerMain } from "./docker-main.ts";
import { isPrivateDir, RESIDENT_BUILD, type ResidentReply, type ResidentRequest } from "./docker-resident.ts";

const DEFAULT_IDLE_MS = 10 * 60_000;
const WATCH_MS = 1_000;
const LOG_KEPT_MS = 24 * 3600_000;
const MAX_RSS_BYTES = 512 * 2 ** 20;
/** A request is a command line, a directory and an environment: far below this. */
const MAX_REQUEST_BYTES = 4 << 20;

/** Serves `socketPath` until one of the reasons to leave; resolves when it has left. */
export async function serveResident(socketPath: string, idleMs = DEFAULT_IDLE_MS): Promise<void> {
  if (RESIDENT_BUILD === undefined) return;
  const dir = socketPath.slice(0, socketPath.lastIndexOf("/"));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Someone else's directory (made in /tmp before this user's): never listen there.
  if (!isPrivateDir(dir)) return;
  const logPath = socketPath.replace(/\.sock$/, ".log");
  const log = (text: string) => {
    try {
      appendFileSync(logPath, `${new Date().toISOString()} pid ${process.pid}: ${text}\n`);
    } catch {
      // The directory is gone: nobody to tell.
    }
  };
  if (await answers(socketPath)) return;
  manifest = readManifest();

  const server = createServer((socket) => handle(socket));
  let socketInode: number | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let leaving = false;
  const leave = (why: string) => {
    if (leaving) return;
    leaving = true;
    log(`leaving: ${why}`);
    server.close();
    clearInterval(watch);
    clearTimeout(idleTimer);
    try {
      if (socketInode !== undefined && lstatSync(socketPath).ino === socketInode) unlinkSync(socketPath);
    } catch {
      // Already gone.
    }
  };
  const stayAwake = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => leave(`idle for ${idleMs / 1000} s`), idleMs);
  };
  const watch = setInterval(() => {
    try {
      if (lstatSync(socketPath).ino !== socketInode) leave("its socket was replaced");
    } catch {
      leave("its socket was removed");
    }
  }, WATCH_MS);

  function handle(socket: Socket): void {
    const chunks: Buffer[] = [];
    let size = 0;
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      if (leaving) return socket.destroy();
      const end = chunk.indexOf(10);
      chunks.push(end === -1 ? chunk : chunk.subarray(0, end));
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) return reply(socket, { refused: "the request is too large" });
      if (end === -1) return;
      socket.removeAllListeners("data");
      const request = parseRequest(Buffer.concat(chunks).toString("utf8"));
      if (typeof request === "string") return reply(socket, { refused: request });
      if (request.build !== RESIDENT_BUILD) {
        // The client runs the command itself and starts a daemon of its own build.
        leave(`a client of build ${request.build} came (this is build ${RESIDENT_BUILD})`);
        return reply(socket, { refused: `this daemon is build ${RESIDENT_BUILD}` });
      }
      if (request.sourcesRoot !== undefined && !bundleIsFresh(request.sourcesRoot)) {
        // The launcher then runs the changed sources, and the next bundle brings its own daemon.
        leave(`a source under ${request.sourcesRoot} changed after build ${RESIDENT_BUILD}`);
        return reply(socket, { refused: "the sources changed since this build" });
      }
      stayAwake();
      let result: ResidentReply;
      try {
        result = runDockerMain(request.args, request.cwd, request.env);
      } catch (error) {
        log(
          `docker ${request.args.join(" ")}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        result = {
          exitCode: 1,
          stdout: "",
          stderr: `layercake: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
        };
      }
      reply(socket, result);
      // A command that needed much memory (the engine's budgets allow some) leaves it mapped: a
      // fresh daemon, started by the next command, is cheaper than holding it for ten minutes.
      const rss = process.memoryUsage.rss();
      if (rss > MAX_RSS_BYTES) leave(`its memory grew to ${Math.round(rss / 2 ** 20)} MiB`);
    });
  }

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.once(signal, () => {
      leave(`stopped by ${signal}`);
      process.exit(0);
    });
  }
  process.on("uncaughtException", (error) => {
    log(`stopped by an error: ${error.stack ?? error.message}`);
    leave("an error of its own");
    process.exit(1);
  });

  // The socket is made mode 600 (only this user may send commands; its directory is 700 too), and
  // the umask then restored: the files commands write (state, `docker save -o`) keep the user's.
  const umask = process.umask(0o077);
  try {
    unlinkSync(socketPath);
  } catch {
    // No stale socket.
  }
  await new Promise<void>((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      // Another daemon started at the same moment and took the path.
      process.umask(umask);
      log(`could not listen on ${socketPath}: ${error.message}`);
      leaving = true;
      clearInterval(watch);
      resolve();
    });
    server.listen(socketPath, () => {
      process.umask(umask);
      socketInode = lstatSync(socketPath).ino;
      log(`serving build ${RESIDENT_BUILD}`);
      stayAwake();
      resolve();
    });
  });
  if (leaving) return;
  retireOtherBuilds(dir, socketPath);
  void warmUp(log);
  await new Promise<void>((resolve) => server.once("close", resolve));
}

/**
 * Asks the daemons of other builds in `dir` to leave (as a client of another build does): after
 * `npm install` or a rebuild of the bundle, the old build's daemon would otherwise wait out its
 * idle time for clients that no longer come. Removes the logs of daemons gone for a day.
 */
function retireOtherBuilds(dir: string, own: string): void {
  const names = readdirSync(dir);
  for (const name of names) {
    // The logs of daemons gone for a day (kept that long to say why one stopped).
    if (name.endsWith(".log") && !names.includes(name.replace(/\.log$/, ".sock"))) {
      const path = `${dir}/${name}`;
      try {
        if (Date.now() - lstatSync(path).mtimeMs > LOG_KEPT_MS) unlinkSync(path);
      } catch {
        // Removed meanwhile.
      }
    }
  }
  for (const name of names) {
    const other = `${dir}/${name}`;
    if (!/^docker-.+\.sock$/.test(name) || other === own) continue;
    const probe = connect(other);
    probe.on("error", (error: NodeJS.ErrnoException) => {
      probe.destroy();
      // Nobody listens: the socket of a daemon that was killed.
      if (error.code === "ECONNREFUSED") rmSync(other, { force: true });
    });
    probe.on("connect", () =>
      probe.end(`${JSON.stringify({ build: RESIDENT_BUILD, args: [], cwd: "/", env: {} })}\n`),
    );
  }
}

/** A learner's first minutes, run once at the start over throwaway homes (see `warmUp`). */
const WARM_UP_SESSION: readonly (readonly string[])[] = [
  ["build", "-q", "-t", "warm:1", "."],
  ["history", "--no-trunc", "--format", "{{json .}}", "warm:1"],
  ["run", "--name", "warm", "warm:1", "sh", "-c", "echo changed > /warm; rm /copied"],
  ["diff", "warm"],
  ["commit", "warm", "warm:2"],
  ["ps", "-a", "-s"],
  ["images"],
  ["inspect", "--format", "{{.Id}} {{json .RootFS}}", "warm:2"],
  ["system", "df", "-v"],
  ["rm", "warm"],
  ["rmi", "warm:2"],
  ["builder", "prune", "-f"],
];

/**
 * Runs a learner's first commands once, with both builders, on each Docker version and image store,
 * over throwaway homes: it loads what they load (the shell, the builder, Node's hash module, the Go
 * template engine, whose files a rebuild of the bundle may remove later) and compiles the code they
 * run, which V8 does at a function's first call. The first commands a learner sends are then as
 * fast as the next ones (measured in one process: the first build 28 ms, the next ones 4–9 ms; the
 * first `docker images` on the containerd store 17 ms, later ones about 1 ms).
 */
async function warmUp(log: (text: string) => void): Promise<void> {
  const started = performance.now();
  const variants = [
    { store: true, env: {} },
    { store: false, env: { DOCKER_BUILDKIT: "0" } },
    { store: false, env: { LAYERCAKE_DOCKER_VERSION: "20.10" } },
  ];
  for (const variant of variants) {
    const home = mkdtempSync(join(tmpdir(), "layercake-resident-warm-up-"));
    const removeHome = () => rmSync(home, { recursive: true, force: true });
    // Leaving in the middle of it (the daemon exits at once) leaves no home behind either.
    process.once("exit", removeHome);
    try {
      const context = join(home, "context");
      mkdirSync(context);
      writeFileSync(
        join(context, "Dockerfile"),
        "FROM tiny:1\nCOPY Dockerfile /copied\nRUN echo warm > /warm\n",
      );
      writeFileSync(
        join(home, "daemon.json"),
        JSON.stringify({ features: { "containerd-snapshotter": variant.store } }),
      );
      const env = { LAYERCAKE_HOME: home, ...variant.env };
      for (const args of WARM_UP_SESSION) {
        // One command at a time: a learner's command that arrives meanwhile waits for one, not all.
        await new Promise((resolve) => setImmediate(resolve));
        runDockerMain(args, context, env);
      }
    } catch {
      // Only slower: the commands load and compile what they need themselves.
    } finally {
      process.off("exit", removeHome);
      removeHome();
    }
  }
  log(`warmed up in ${Math.round(performance.now() - started)} ms`);
}

function reply(socket: Socket, answer: ResidentReply): void {
  socket.end(`${JSON.stringify(answer)}\n`);
}

interface BundleManifest {
  readonly builtMs: number;
  readonly sources: readonly string[];
}

/** The bundle's sources.json (beside this file), read at the start: a rebuild replaces the file. */
function readManifest(): BundleManifest | undefined {
  try {
    return JSON.parse(readFileSync(new URL("./sources.json", import.meta.url), "utf8")) as BundleManifest;
  } catch {
    return undefined;
  }
}

let manifest: BundleManifest | undefined;

/**
 * Whether every source the bundle was built from is still under `root` and no newer than the
 * bundle: the launcher's own test (bin/layercake.js), made here for a launcher that asked the
 * daemon first.
 */
function bundleIsFresh(root: string): boolean {
  if (manifest === undefined) return false;
  try {
    for (const source of manifest.sources) {
      if (statSync(`${root}/${source}`).mtimeMs > manifest.builtMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Whether a daemon already answers on `socketPath` (then this one has nothing to do). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** The request, or what is wrong with it. */
function parseRequest(text: string): ResidentRequest | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "the request is not JSON";
  }
  const request = parsed as Record<string, unknown>;
  if (typeof request !== "object" || request === null) return "the request is not an object";
  if (typeof request.build !== "string") return "the request names no build";
  if (!Array.isArray(request.args) || !request.args.every((arg) => typeof arg === "string"))
    return "the request's args are not strings";
  if (typeof request.cwd !== "string" || !request.cwd.startsWith("/"))
    return "the request's cwd is not absolute";
  const env = request.env as Record<string, unknown> | null;
  if (
    typeof env !== "object" ||
    env === null ||
    !Object.values(env).every((value) => typeof value === "string")
  )
    return "the request's env is not strings";
  if (request.sourcesRoot !== undefined && typeof request.sourcesRoot !== "string")
    return "the request's sourcesRoot is not a path";
  return {
    ...(typeof request.sourcesRoot === "string" ? { sourcesRoot: request.sourcesRoot } : {}),
    build: request.build,
    args: request.args as string[],
    cwd: request.cwd,
    env: env as Record<string, string>,
  };
}

if (import.meta.main) {
  enableCompileCache?.();
  const [socketPath, idleFlag, idleSeconds] = process.argv.slice(2);
  if (socketPath?.startsWith("/")) {
    process.title = "layercake-docker-server";
    const idleMs =
      idleFlag === "--idle" && /^\d+$/.test(idleSeconds ?? "") ? Number(idleSeconds) * 1000 : undefined;
    await serveResident(socketPath, idleMs);
  }
  process.exit(0);
}
