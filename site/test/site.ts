/**
 * Test support for the built site: the dist directory, a static server over it, and headless
 * Chromium through playwright-core. Outside CI a missing Chromium skips the browser suites with a
 * note; with CI set it is a failure.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { startStaticServer } from "../scripts/static-server.ts";

export const DIST = join(import.meta.dirname, "..", "dist");
export const CHROMIUM = process.env.LAYERCAKE_CHROMIUM ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && !process.env.CI) {
  console.log(`skipping the site's browser suites: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}
/** Browser suites run when Chromium is there, and always in CI (where a missing one fails). */
export const runBrowserSuites = hasChromium || Boolean(process.env.CI);

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

export async function serveDist(): Promise<{ server: Server; url: string }> {
  return startStaticServer(DIST, 0);
}

/** Every HTML file of the built site, as paths relative to dist (`building/build-cache/index.html`). */
export function listHtmlFiles(dir = DIST, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const relative = prefix === "" ? name : `${prefix}/${name}`;
    if (statSync(path).isDirectory()) return listHtmlFiles(path, relative);
    return name.endsWith(".html") ? [relative] : [];
  });
}
