/**
 * `npm run bench -w @layercake/site`: build time, built site size, the lesson pages' HTML weight
 * (raw and gzip), JavaScript per page type (gzip), and Lighthouse scores (Debian's Chromium via
 * chrome-launcher) for the home page, a lesson, a practice page and the playground, under
 * Lighthouse's default mobile profile and its desktop profile. Targets: mobile performance ≥ 95, accessibility 100, best practices ≥ 95, SEO ≥ 95;
 * desktop 100 on all four; the whole build under 60 s.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { startStaticServer } from "../scripts/static-server.ts";
import { CHROMIUM, DIST, listHtmlFiles } from "../test/site.ts";

const siteDir = join(import.meta.dirname, "..");
const started = performance.now();
execFileSync("npx", ["astro", "build"], {
  cwd: siteDir,
  stdio: "ignore",
  env: { ...process.env, NODE_ENV: "production" },
});
const buildSeconds = (performance.now() - started) / 1000;

function directorySize(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return sum + (stat.isDirectory() ? directorySize(path) : stat.size);
  }, 0);
}

const pages = listHtmlFiles();
const lesson =
  pages
    .find((path) => path.split("/").length === 3 && !path.startsWith("practice/"))
    ?.replace(/index\.html$/, "") ?? "";
const practice =
  pages
    .find((path) => /^practice\/(?!review)[a-z-]+\/index\.html$/.test(path))
    ?.replace(/index\.html$/, "") ?? "";
const targets: Array<[string, string]> = [
  ["home", ""],
  ["lesson", lesson],
  ["practice", practice],
  ["playground", "playground/"],
];

const { server, url } = await startStaticServer(DIST, 0);
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});
console.log("Study site (Astro + Starlight)");
console.log(
  `  build: ${buildSeconds.toFixed(1)} s (target < 60 s); ${pages.length} pages; dist ${(directorySize(DIST) / 1024 / 1024).toFixed(1)} MB`,
);
// Lesson pages carry every block for each Docker profile where their outputs differ: their weight.
const lessonWeights = pages
  .filter((path) => path.split("/").length === 3 && !/^(practice|interview|playground)\//.test(path))
  .map((path) => {
    const html = readFileSync(join(DIST, path));
    return { path, raw: html.length, gzip: gzipSync(html).length };
  })
  .sort((left, right) => right.raw - left.raw);
const kilobytes = (bytes: number) => (bytes / 1024).toFixed(1);
const heaviest = lessonWeights[0];
console.log(
  `  lesson pages: ${lessonWeights.length}, HTML ${kilobytes(lessonWeights.reduce((sum, page) => sum + page.raw, 0))} kB (${kilobytes(lessonWeights.reduce((sum, page) => sum + page.gzip, 0))} kB gzip) in all; largest /${heaviest?.path ?? ""} ${kilobytes(heaviest?.raw ?? 0)} kB (${kilobytes(heaviest?.gzip ?? 0)} kB gzip)`,
);
try {
  for (const [profile, config] of [
    ["mobile", undefined],
    ["desktop", desktopConfig],
  ] as const)
    for (const [name, path] of targets) {
      const result = await lighthouse(
        `${url}${path}`,
        {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        },
        config,
      );
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${path}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const requests =
        (
          lhr.audits["network-requests"]?.details as
            | { items?: Array<{ url: string; resourceType?: string }> }
            | undefined
        )?.items ?? [];
      const scripts = requests.filter(
        (request) => request.resourceType === "Script" && request.url.startsWith(url),
      );
      const jsGzip = scripts.reduce(
        (sum, request) => sum + gzipSync(readFileSync(join(DIST, new URL(request.url).pathname))).length,
        0,
      );
      console.log(
        `  ${profile.padEnd(7)} ${name.padEnd(10)} /${path}: performance ${score("performance")}, accessibility ${score("accessibility")}, best practices ${score("best-practices")}, SEO ${score("seo")}; JavaScript ${(jsGzip / 1024).toFixed(1)} kB gzip in ${scripts.length} files`,
      );
    }
} finally {
  await chrome.kill();
  server.close();
}
