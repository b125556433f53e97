/** axe-core in headless Chromium on every page type, with the islands rendered. */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, listHtmlFiles, runBrowserSuites, serveDist } from "./site.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const practice =
  listHtmlFiles()
    .find((path) => /^practice\/(?!review)[a-z-]+\/index\.html$/.test(path))
    ?.replace(/index\.html$/, "") ?? "practice/";
const lesson =
  listHtmlFiles()
    .find((path) => path.split("/").length === 3 && !path.startsWith("practice/"))
    ?.replace(/index\.html$/, "") ?? "";

const PAGES: Array<[string, string]> = [
  ["home", ""],
  ["lesson", lesson],
  ["practice", practice],
  ["review", "practice/review/"],
  ["interview", "interview/"],
  ["playground", "playground/"],
  ["not found", "no-such-page/"],
];

describe.runIf(runBrowserSuites)("accessibility (axe-core)", () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    browser = await launchChromium();
    ({ server, url: base } = await serveDist());
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it.each(PAGES)("finds no violations on the %s page", async (_name, path) => {
    const page = await browser.newPage();
    await page.goto(`${base}${path}`);
    if (path === "playground/") await page.locator("#pg-build").click();
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: () => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
          };
        }
      ).axe.run();
      return result.violations.map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
      );
    });
    expect(violations).toEqual([]);
    await page.close();
  });
});
