/**
 * The real Docker daemon as the transcript runner sees it: the 20.10 CLI at /usr/bin/docker talking
 * to the oracle daemon started by `.ci/docker-setup.sh`, plus read-only Engine API calls over the
 * same socket for the byte counts the CLI only prints rounded (`docker system df`).
 */
import { execFileSync, spawn } from "node:child_process";
import { request } from "node:http";

/** The socket `.ci/docker-setup.sh` starts dockerd on. */
export const ORACLE_SOCKET = "/run/layercake-docker.sock";
/** The docker.io package's 20.10 client; /usr/local/bin/docker (28.x) cannot drive its BuildKit. */
export const DOCKER_CLI = "/usr/bin/docker";

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** What the runner needs from a Docker: run a CLI command, read an Engine API document. */
export interface DockerEndpoint {
  cli(args: readonly string[], options?: CliOptions): Promise<CliResult>;
  api(path: string): Promise<unknown>;
}

const decoder = new TextDecoder();

/** Decodes CLI output as UTF-8. */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The oracle daemon behind `socket`, driven through `cliPath`. */
export function createRealEndpoint(socket = ORACLE_SOCKET, cliPath = DOCKER_CLI): DockerEndpoint {
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    DOCKER_HOST: `unix://${socket}`,
    DOCKER_SCAN_SUGGEST: "false",
    LANG: "C.UTF-8",
  };
  return {
    cli(args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(cliPath, [...args], {
          cwd: options.cwd,
          env: { ...baseEnv, ...options.env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", reject);
        child.on("close", (code, signal) => {
          resolve({
            exitCode: code ?? (signal === null ? -1 : 128),
            stdout: new Uint8Array(Buffer.concat(stdout)),
            stderr: new Uint8Array(Buffer.concat(stderr)),
          });
        });
      });
    },
    api(path) {
      return new Promise((resolve, reject) => {
        const req = request({ socketPath: socket, path: `/v1.41${path}`, method: "GET" }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
            else resolve(JSON.parse(body));
          });
        });
        req.on("error", reject);
        req.end();
      });
    },
  };
}

/** Whether the oracle daemon answers `docker version` (within five seconds). */
export function isOracleReachable(socket = ORACLE_SOCKET, cliPath = DOCKER_CLI): boolean {
  try {
    execFileSync(cliPath, ["version", "--format", "{{.Server.Version}}"], {
      env: { ...process.env, DOCKER_HOST: `unix://${socket}` },
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    return true;
  } catch {
    return false;
  }
}
