/** Builds the site once before the suites that read dist/ (skipped when dist is newer than its inputs). */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const siteDir = join(import.meta.dirname, "..");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path)
      .filter((name) => name !== "node_modules" && name !== "dist" && name !== ".astro")
      .map((name) => newest(join(path, name))),
  );
}

export default function setup(): void {
  const dist = join(siteDir, "dist", "index.html");
  const inputs = Math.max(
    newest(join(siteDir, "src")),
    newest(join(siteDir, "..", "content")),
    newest(join(siteDir, "..", "shared", "src")),
  );
  if (existsSync(dist) && statSync(dist).mtimeMs > inputs) return;
  // Vitest sets NODE_ENV=test, which would make Astro build in development mode (no search index UI).
  execFileSync("npx", ["astro", "build"], {
    cwd: siteDir,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
