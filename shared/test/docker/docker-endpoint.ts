/**
 * A real Docker daemon as the transcript runner sees it: the client of the daemon's version talking
 * to one oracle daemon started by `.ci/docker-setup.sh` (profiles.ts), plus read-only Engine API
 * calls over the same socket for the byte counts the CLI only prints rounded (`docker system df`).
 */
import { execFileSync, spawn } from "node:child_process";
import { request } from "node:http";
import type { DaemonProfileFacts } from "./profiles.ts";

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
  /** The daemon this endpoint talks to. */
  readonly facts: DaemonProfileFacts;
}

const decoder = new TextDecoder();

/** Decodes CLI output as UTF-8. */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The environment the daemon's client runs with. */
function clientEnv(facts: DaemonProfileFacts): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    DOCKER_HOST: `unix://${facts.socket}`,
    DOCKER_SCAN_SUGGEST: "false",
    LANG: "C.UTF-8",
    ...(facts.dockerConfig === undefined ? {} : { DOCKER_CONFIG: facts.dockerConfig }),
  };
}

/** The oracle daemon of a profile, driven through the client of its version. */
export function createRealEndpoint(facts: DaemonProfileFacts): DockerEndpoint {
  const baseEnv = clientEnv(facts);
  const { socket, cli: cliPath } = facts;
  return {
    facts,
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
        const req = request(
          { socketPath: socket, path: `/${facts.apiVersion}${path}`, method: "GET" },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
              const body = Buffer.concat(chunks).toString("utf8");
              if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
              else resolve(JSON.parse(body));
            });
          },
        );
        req.on("error", reject);
        req.end();
      });
    },
  };
}

/** Whether the profile's oracle daemon answers `docker version` (within five seconds). */
export function isOracleReachable(facts: DaemonProfileFacts): boolean {
  try {
    execFileSync(facts.cli, ["version", "--format", "{{.Server.Version}}"], {
      env: clientEnv(facts),
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    return true;
  } catch {
    return false;
  }
}
