/**
 * Faithful text: every `--flag` and angle-bracket placeholder (`<none>`, `<missing>`, …) written in
 * a lesson or a question is still there, as written, in what the learner reads — the built lesson
 * and home pages, and each question's text as the islands render it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibraryOrThrow } from "../src/lib/lessons-loader.ts";
import { markdownToHtml } from "../src/lib/markdown-html.ts";
import { escapePlaceholderTags, findFaithfulTokens } from "../src/lib/placeholders.ts";
import { lessonPath } from "../src/lib/sidebar.ts";
import { DIST } from "./site.ts";

/** The text of some HTML as a reader sees it: tags dropped, character references decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_match, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

const library = loadLibraryOrThrow();

describe("faithful text", () => {
  it("finds the placeholders and flags a lesson writes", () => {
    expect(findFaithfulTokens("shows `<none>:<none>` and <missing>; use --no-trunc, not <code>")).toEqual([
      "<none>",
      "<missing>",
      "--no-trunc",
    ]);
  });

  it("escapes placeholder tags and leaves real HTML and SVG markup alone", () => {
    expect(escapePlaceholderTags("<none>:<none> and </missing>")).toBe(
      "&lt;none&gt;:&lt;none&gt; and &lt;/missing&gt;",
    );
    const markup =
      '<figure><svg role="img"><title>t</title><desc id="d">x</desc><g><text>y</text></g></svg><code>z</code></figure>';
    expect(escapePlaceholderTags(markup)).toBe(markup);
  });

  it("keeps every flag and placeholder of every lesson in its built page", () => {
    const lost: string[] = [];
    let checked = 0;
    for (const lesson of library.lessons) {
      const source = [lesson.title, lesson.summary, ...lesson.objectives, lesson.markdown].join("\n");
      const page = visibleText(readFileSync(join(DIST, lessonPath(lesson), "index.html"), "utf8"));
      for (const token of findFaithfulTokens(source)) {
        checked += 1;
        if (!page.includes(token)) lost.push(`${lesson.location.file}: ${token}`);
      }
    }
    expect(lost).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it("keeps the placeholders and flags of the lesson summaries on the home page", () => {
    const home = visibleText(readFileSync(join(DIST, "index.html"), "utf8"));
    const tokens = library.lessons.flatMap((lesson) => findFaithfulTokens(lesson.summary));
    expect(tokens).toContain("<none>");
    expect(tokens.filter((token) => !home.includes(token))).toEqual([]);
  });

  it("keeps every flag and placeholder of every question as the islands render it", () => {
    const lost: string[] = [];
    let checked = 0;
    for (const question of library.questions) {
      const { location, ...fields } = question;
      for (const text of stringsOf(fields)) {
        const rendered = visibleText(markdownToHtml(text));
        for (const token of findFaithfulTokens(text)) {
          checked += 1;
          if (!rendered.includes(token))
            lost.push(`${location.file}:${location.line} ${question.id}: ${token}`);
        }
      }
    }
    expect(lost).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
