/**
 * `npm start`: builds the study site and serves it (printing its URL), and starts the Discord bot
 * when DISCORD_TOKEN is set — otherwise it says how to enable it. Runs on the project's Node 24
 * (npm puts node_modules/.bin first on PATH; `prestart` installed the dependencies).
 *
 * The servers run as direct children with an IPC channel: SIGINT/SIGTERM reach them, and if this
 * process dies any other way (or npm above it does) they see the channel close and stop, so no
 * server is left holding its port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { startArguments } from "../bot/src/start-arguments.ts";

const root = join(import.meta.dirname, "..");
const children: ChildProcess[] = [];
let stopping = false;

function start(name: string, cwd: string, args: string[]): void {
  const child = spawn(process.execPath, args, {
    cwd: join(root, cwd),
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: process.env,
  });
  children.push(child);
  child.on("exit", (code, signal) => {
    children.splice(children.indexOf(child), 1);
    if (!stopping && signal === null && code !== 0) {
      // The child said why (e.g. "port 4321 is in use — set PORT"); stop the others and leave.
      if (code !== 1) console.error(`layercake: the ${name} stopped with exit code ${code}`);
      stopAll("SIGTERM");
      process.exitCode = code ?? 1;
    }
    if (children.length === 0) process.exit();
  });
}

function stopAll(signal: NodeJS.Signals): void {
  stopping = true;
  for (const child of children) child.kill(signal);
}

start("site", "site", ["scripts/serve.ts", "--rebuild"]);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the launcher reads it to decide whether to start the bot; no turbo task does
if (process.env.DISCORD_TOKEN) {
  start("Discord bot", "bot", startArguments());
} else {
  console.log(
    'Discord bot: not started (no DISCORD_TOKEN). See README.md, section "The Discord bot", to create the application and enable it.',
  );
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stopAll(signal));
// npm (or a shell) above us may die without passing the signal on: then our parent changes.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stopAll("SIGTERM");
}, 1000).unref();
