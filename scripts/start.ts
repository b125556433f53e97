/**
 * `npm start`: builds the study site and serves it (printing its URL), and starts the Discord bot
 * when DISCORD_TOKEN is set — otherwise it says how to enable it. Runs on the project's Node 24
 * (npm puts node_modules/.bin first on PATH; `prestart` installed the dependencies).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const children: ChildProcess[] = [];

function start(name: string, args: string[]): void {
  const child = spawn("npm", args, { cwd: root, stdio: "inherit", env: process.env });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (signal === null && code !== 0) {
      console.error(`layercake: the ${name} stopped with exit code ${code}`);
      for (const other of children) if (other !== child) other.kill("SIGTERM");
      process.exitCode = code ?? 1;
    }
  });
}

start("site", ["run", "start", "--silent", "-w", "@layercake/site"]);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the launcher reads it to decide whether to start the bot; no turbo task does
if (process.env.DISCORD_TOKEN) {
  start("Discord bot", ["run", "start", "--silent", "-w", "@layercake/bot"]);
} else {
  console.log(
    'Discord bot: not started (no DISCORD_TOKEN). See README.md, section "The Discord bot", to create the application and enable it.',
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
