/**
 * `npm start` for the site: builds it when dist/ is missing or older than its inputs, then serves
 * it and prints the URL. PORT chooses the port (default 4321); Ctrl-C or SIGTERM stops it, and so
 * does the end of the process that started it (no server left holding the port).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { startStaticServer } from "./static-server.ts";

const siteDir = join(import.meta.dirname, "..");
const dist = join(siteDir, "dist");
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? "127.0.0.1";

/** What to tell the learner when the port cannot be used (instead of a stack trace). */
function listenProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE")
    return `port ${port} is in use — set PORT to use another (PORT=${port + 1} npm start).`;
  if (code === "EACCES") return `not allowed to listen on port ${port} — set PORT to a port above 1024.`;
  return `could not listen on ${host}:${port}: ${(error as Error).message}`;
}

/** Checks the port is free before spending half a minute on the build. */
async function checkPort(): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve) => {
    probe.once("error", (error) => {
      console.error(`Layercake site: ${listenProblem(error)}`);
      process.exit(1);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

await checkPort();
let building: ChildProcess | undefined;
const stopBuild = () => {
  // The build runs in its own process group (npx → node astro): end all of it, then exit.
  if (building?.pid !== undefined) process.kill(-building.pid, "SIGTERM");
  process.exit(130);
};
if (process.argv.includes("--rebuild") || !existsSync(join(dist, "index.html"))) {
  console.log("Layercake site: building (about half a minute)…");
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "disconnect"] as const) process.once(event, stopBuild);
  // Astro's build log is long; it is shown only when the build fails.
  const log: Buffer[] = [];
  building = spawn("npx", ["astro", "build"], {
    cwd: siteDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  building.stdout?.on("data", (chunk: Buffer) => log.push(chunk));
  building.stderr?.on("data", (chunk: Buffer) => log.push(chunk));
  const code = await new Promise<number | null>((resolve) => building?.on("close", resolve));
  building = undefined;
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "disconnect"] as const) process.off(event, stopBuild);
  if (code !== 0) {
    process.stderr.write(Buffer.concat(log).toString("utf8"));
    console.error("Layercake site: the build failed (its log is above).");
    process.exit(2);
  }
}
let started: Awaited<ReturnType<typeof startStaticServer>>;
try {
  started = await startStaticServer(dist, port, host);
} catch (error) {
  console.error(`Layercake site: ${listenProblem(error)}`);
  process.exit(1);
}
const { server, url } = started;
console.log(`Layercake site: ${url}`);

const stop = () => {
  server.close(() => process.exit(0));
  // Browsers keep connections open; close them so the port is free at once.
  server.closeAllConnections();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
// Started by scripts/start.ts with an IPC channel: when that process ends, however it ends, stop.
process.on("disconnect", stop);
