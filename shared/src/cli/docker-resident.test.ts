import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../test/bundle.ts";

const PACKAGE = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "layercake-resident-"));

/** Builds the bundle into `name` under the scratch directory: each build is a build of its own. */
function bundle(name: string): string {
  const outdir = join(scratch, name);
  buildBundle(outdir);
  return outdir;
}

let current: string;
beforeAll(() => {
  current = bundle("current");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A private runtime directory (where the daemons' sockets go) and a home, for one test. */
function freshPlace(): { runtime: string; home: string; env: NodeJS.ProcessEnv } {
  const runtime = mkdtempSync(join(scratch, "run-"));
  const home = mkdtempSync(join(scratch, "home-"));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, LAYERCAKE_HOME: home };
  delete env.LAYERCAKE_DOCKER_RESIDENT;
  return { runtime, home, env };
}

/**
 * Runs `layercake docker …` from a bundle as a whole process; reports what it printed and whether it
 * loaded the docker tool (docker-main.js), which only a command run in-process does.
 */
function client(
  outdir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = PACKAGE,
): { exitCode: number; stdout: string; stderr: string; inProcess: boolean } {
  const script = `
    import module from "node:module";
    import { basename } from "node:path";
    let inProcess = false;
    module.registerHooks({
      load(url, context, nextLoad) {
        if (basename(url) === "docker-main.js") inProcess = true;
        return nextLoad(url, context);
      },
    });
    const { main } = await import(${JSON.stringify(join(outdir, "main.js"))});
    await main(${JSON.stringify(["docker", ...args])});
    process.on("exit", () => process.stderr.write("\\n@" + JSON.stringify({ inProcess })));
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd,
    env,
    encoding: "utf8",
  });
  const marker = result.stderr.lastIndexOf("\n@");
  const { inProcess } = JSON.parse(result.stderr.slice(marker + 2)) as { inProcess: boolean };
  return {
    exitCode: result.status ?? 1,
    stdout: result.stdout,
    stderr: result.stderr.slice(0, marker),
    inProcess,
  };
}

/** Waits (by polling, at most `attempts` × 50 ms) until `done` holds; fails the test otherwise. */
async function waitFor(what: string, done: () => boolean, attempts = 600): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

const sockets = (runtime: string) =>
  existsSync(join(runtime, "layercake"))
    ? readdirSync(join(runtime, "layercake")).filter((name) => name.endsWith(".sock"))
    : [];
const logOf = (runtime: string) => {
  const dir = join(runtime, "layercake");
  const log = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith(".log")) : undefined;
  return log === undefined ? "" : readFileSync(join(dir, log), "utf8");
};
const serverPid = (runtime: string) => Number(/pid (\d+): serving/.exec(logOf(runtime))?.[1]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the resident daemon", () => {
  it("starts after the first command and answers the next ones as the command run in-process would", async () => {
    const { runtime, home, env } = freshPlace();
    const first = client(current, ["pull", "-q", "tiny:1"], env);
    expect(first).toMatchObject({ exitCode: 0, stdout: "docker.io/library/tiny:1\n", inProcess: true });
    await waitFor("the daemon's socket", () => sockets(runtime).length === 1);

    const context = mkdtempSync(join(scratch, "context-"));
    writeFileSync(
      join(context, "Dockerfile"),
      "FROM tiny:1\nCOPY Dockerfile /copied\nRUN echo made > /made\n",
    );
    const built = client(current, ["build", "-q", "-t", "resident:1", "."], env, context);
    expect(built).toMatchObject({ exitCode: 0, inProcess: false });
    expect(built.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);

    // What the daemon saved is the state every process reads, and it answers as they do.
    const inProcess = { ...env, LAYERCAKE_DOCKER_RESIDENT: "0" };
    for (const args of [
      ["images"],
      ["history", "--no-trunc", "resident:1"],
      ["run", "--rm", "resident:1", "cat", "/made", "/copied"],
      ["inspect", "--format", "{{json .RootFS}}", "resident:1"],
      ["rmi", "nothing:1"],
    ]) {
      const resident = client(current, args, env, context);
      const local = client(current, args, inProcess, context);
      expect(resident.inProcess).toBe(false);
      expect(local.inProcess).toBe(true);
      expect({ ...resident, inProcess: undefined }).toEqual({ ...local, inProcess: undefined });
    }
    expect(readFileSync(join(home, "daemon.json"), "utf8")).toContain("containerd-snapshotter");
  });

  it("runs concurrent commands one at a time, losing none", async () => {
    const { runtime, env } = freshPlace();
    client(current, ["pull", "-q", "tiny:1"], env);
    await waitFor("the daemon's socket", () => sockets(runtime).length === 1);
    const names = Array.from({ length: 8 }, (_, index) => `c${index}`);
    const results = await Promise.all(
      names.map(
        (name) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              process.execPath,
              [join(current, "main.js"), "docker", "create", "--name", name, "tiny:1"],
              {
                env,
                stdio: "ignore",
              },
            );
            child.once("exit", resolve);
          }),
      ),
    );
    expect(results).toEqual(names.map(() => 0));
    const listed = client(current, ["ps", "-a", "--format", "{{.Names}}"], env);
    expect(listed.inProcess).toBe(false);
    expect(listed.stdout.trim().split("\n").sort()).toEqual(names);
  });

  it("runs docker save to a pipe and docker load from one in the client's own process", async () => {
    const { runtime, env } = freshPlace();
    client(current, ["pull", "-q", "tiny:1"], env);
    await waitFor("the daemon's socket", () => sockets(runtime).length === 1);
    const archive = join(scratch, `tiny-${Date.now()}.tar`);
    const save = spawnSync(process.execPath, [join(current, "main.js"), "docker", "save", "tiny:1"], {
      env,
      stdio: ["ignore", openSync(archive, "w"), "pipe"],
    });
    expect(save.status).toBe(0);
    const other = { ...env, LAYERCAKE_HOME: mkdtempSync(join(scratch, "home-")) };
    const load = spawnSync(process.execPath, [join(current, "main.js"), "docker", "load"], {
      env: other,
      stdio: [openSync(archive, "r"), "pipe", "pipe"],
      encoding: "utf8",
    });
    expect(load.stdout).toBe("Loaded image: tiny:1\n");
    const listed = client(current, ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"], other);
    expect(listed.inProcess).toBe(false);
    expect(listed.stdout).toBe(
      client(current, ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"], env).stdout,
    );
    // The same through -o and -i goes to the daemon, and writes the same archive.
    const viaFile = join(scratch, `tiny-o-${Date.now()}.tar`);
    expect(client(current, ["save", "-o", viaFile, "tiny:1"], env)).toMatchObject({
      exitCode: 0,
      inProcess: false,
    });
    expect(readFileSync(viaFile)).toEqual(readFileSync(archive));
  });

  it("is not used with LAYERCAKE_DOCKER_RESIDENT=0, nor in a runtime directory others may enter", async () => {
    const off = freshPlace();
    const offEnv = { ...off.env, LAYERCAKE_DOCKER_RESIDENT: "0" };
    expect(client(current, ["version"], offEnv).inProcess).toBe(true);
    expect(client(current, ["version"], offEnv).inProcess).toBe(true);
    expect(sockets(off.runtime)).toEqual([]);

    // A directory someone else could have made in /tmp before this user: never listened on, never
    // sent an environment to.
    const shared = freshPlace();
    mkdirSync(join(shared.runtime, "layercake"), { mode: 0o755 });
    chmodSync(join(shared.runtime, "layercake"), 0o755);
    const version = client(current, ["version"], shared.env);
    expect(version).toMatchObject({ exitCode: 0, inProcess: true });
    expect(version.stdout).toMatch(/^ Version: +26\.1\.5/m);
    // The daemon it started gave up on that directory.
    expect(client(current, ["version"], shared.env).inProcess).toBe(true);
    expect(sockets(shared.runtime)).toEqual([]);
  });

  it("leaves when its socket is removed, when idle, and when a newer build starts", async () => {
    const removed = freshPlace();
    client(current, ["version"], removed.env);
    await waitFor("the daemon's socket", () => sockets(removed.runtime).length === 1);
    const pid = serverPid(removed.runtime);
    expect(alive(pid)).toBe(true);
    unlinkSync(join(removed.runtime, "layercake", sockets(removed.runtime)[0] as string));
    await waitFor("the daemon to leave", () => !alive(pid));
    expect(logOf(removed.runtime)).toContain("leaving: its socket was removed");

    const idle = freshPlace();
    client(current, ["version"], { ...idle.env, LAYERCAKE_DOCKER_RESIDENT_IDLE: "1" });
    await waitFor("the daemon to start", () => sockets(idle.runtime).length === 1);
    await waitFor("the idle daemon to leave", () => sockets(idle.runtime).length === 0);
    expect(logOf(idle.runtime)).toContain("leaving: idle for 1 s");

    const retired = freshPlace();
    client(current, ["version"], retired.env);
    await waitFor("the daemon's socket", () => sockets(retired.runtime).length === 1);
    const [older] = sockets(retired.runtime);
    const newer = bundle("newer");
    expect(client(newer, ["version"], retired.env).inProcess).toBe(true);
    await waitFor("the newer build's daemon to replace the older", () => {
      const now = sockets(retired.runtime);
      return now.length === 1 && now[0] !== older;
    });
    expect(client(newer, ["version"], retired.env).inProcess).toBe(false);
  });

  it("checks for the launcher that no source changed since the build, and leaves when one did", async () => {
    const { runtime, env } = freshPlace();
    client(current, ["version"], env);
    await waitFor("the daemon's socket", () => sockets(runtime).length === 1);
    /** The launcher's first step, from the bundle: whether the daemon answered. */
    const throughResident = (sourcesRoot: string) => {
      const script = `
        const { mainThroughResident } = await import(${JSON.stringify(join(current, "main.js"))});
        const answered = await mainThroughResident(["docker", "version"], ${JSON.stringify(sourcesRoot)});
        process.on("exit", () => process.stderr.write(JSON.stringify({ answered })));
      `;
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
        env,
        encoding: "utf8",
      });
      return { ...(JSON.parse(result.stderr) as { answered: boolean }), stdout: result.stdout };
    };
    const fresh = throughResident(PACKAGE);
    expect(fresh.answered).toBe(true);
    expect(fresh.stdout).toMatch(/^ Version: +26\.1\.5/m);
    // A checkout whose sources are not those the bundle was built from (here: none at all).
    const elsewhere = mkdtempSync(join(scratch, "checkout-"));
    expect(throughResident(elsewhere)).toEqual({ answered: false, stdout: "" });
    await waitFor("the daemon to leave", () => sockets(runtime).length === 0);
    expect(logOf(runtime)).toContain(`leaving: a source under ${elsewhere} changed`);
  });

  it("says the command may or may not have run when the daemon goes away before answering", async () => {
    const { runtime, env } = freshPlace();
    client(current, ["version"], env);
    await waitFor("the daemon's socket", () => sockets(runtime).length === 1);
    const socket = join(runtime, "layercake", sockets(runtime)[0] as string);
    // A daemon that takes the request and dies: stand one in at the socket's path.
    await waitFor("the daemon to leave", () => {
      if (existsSync(socket)) unlinkSync(socket);
      return !alive(serverPid(runtime));
    });
    const impostor = createServer((connection) => connection.once("data", () => connection.destroy()));
    await new Promise<void>((resolve) => impostor.listen(socket, resolve));
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(current, "main.js"), "docker", "tag", "tiny:1", "x:1"], {
          env,
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        child.once("exit", (code) => resolve({ code, stderr }));
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/the resident daemon stopped before answering .*may or may not have run/);
    } finally {
      impostor.close();
    }
  });
});
