/**
 * `npm start` for the site: builds it when dist/ is missing or older than its inputs, then serves
 * it and prints the URL. PORT chooses the port (default 4321); Ctrl-C or SIGTERM stops it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startStaticServer } from "./static-server.ts";

const siteDir = join(import.meta.dirname, "..");
const dist = join(siteDir, "dist");
if (process.argv.includes("--rebuild") || !existsSync(join(dist, "index.html"))) {
  console.log("Layercake site: building…");
  execFileSync("npx", ["astro", "build"], {
    cwd: siteDir,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
const port = Number(process.env.PORT ?? 4321);
const { server, url } = await startStaticServer(dist, port, process.env.HOST ?? "127.0.0.1");
console.log(`Layercake site: ${url}`);
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
