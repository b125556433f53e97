/** A link check over the built site: every internal href and src resolves, anchors included. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFile } from "../scripts/static-server.ts";
import { RULE_SECTIONS } from "../src/lib/rule-lessons.ts";
import { DIST, listHtmlFiles } from "./site.ts";

function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string));
}

describe("the built site's links", () => {
  const pages = listHtmlFiles();

  it("has the page types the site promises", () => {
    expect(pages).toEqual(
      expect.arrayContaining([
        "index.html",
        "playground/index.html",
        "interview/index.html",
        "practice/review/index.html",
      ]),
    );
    expect(
      pages.some(
        (page) => /^practice\/[a-z-]+\/index\.html$/.test(page) && page !== "practice/review/index.html",
      ),
    ).toBe(true);
  });

  it("has no broken internal links or anchors", () => {
    const broken: string[] = [];
    for (const page of pages) {
      const html = readFileSync(join(DIST, page), "utf8");
      for (const match of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
        const target = (match[1] as string).replace(/&amp;/g, "&");
        if (!target.startsWith("/") || target.startsWith("//")) continue;
        const [path = "/", anchor] = target.split("#");
        const file = resolveFile(DIST, path);
        if (!file) {
          broken.push(`${page}: ${target}`);
          continue;
        }
        // `#s=…` on the playground is a shared project (decoded by the page), not an element id.
        if (
          anchor &&
          !anchor.startsWith("s=") &&
          file.endsWith(".html") &&
          !idsOf(readFileSync(file, "utf8")).has(decodeURIComponent(anchor))
        ) {
          broken.push(`${page}: ${target} (no element with id ${anchor})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("links every rule the engine cites to a lesson section that exists", () => {
    const missing = RULE_SECTIONS.filter((section) => {
      const [path = "/", anchor = ""] = section.href.split("#");
      const file = resolveFile(DIST, path);
      return !file || !idsOf(readFileSync(file, "utf8")).has(anchor);
    });
    expect(missing).toEqual([]);
    expect(RULE_SECTIONS.length).toBeGreaterThan(15);
  });

  it("links every question to a lesson section that exists", () => {
    const missing: string[] = [];
    for (const page of pages.filter((candidate) => candidate.startsWith("practice/"))) {
      const html = readFileSync(join(DIST, page), "utf8");
      const json = /<script type="application\/json" id="lc-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
      const data = JSON.parse(json ?? "{}") as {
        questions: Array<{ id: string; lesson: { id: string; section?: string } }>;
        lessonPaths: Record<string, string>;
      };
      for (const question of data.questions) {
        const path = data.lessonPaths[question.lesson.id];
        const file = path ? resolveFile(DIST, path) : undefined;
        if (!file) missing.push(`${question.id}: lesson ${question.lesson.id}`);
        else if (question.lesson.section && !idsOf(readFileSync(file, "utf8")).has(question.lesson.section)) {
          missing.push(`${question.id}: ${path}#${question.lesson.section}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
