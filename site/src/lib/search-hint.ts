/**
 * Removes the "Ctrl K" hint from Starlight's search button in the built pages. The button is
 * labelled "Search" while the hint makes its visible text "Search Ctrl K", which fails WCAG 2.5.3
 * (label in name; axe `label-content-name-mismatch`). The shortcut itself still works and stays
 * announced through aria-keyshortcuts.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

const HINT =
  /<kbd class="sl-hidden md:sl-flex[^"]*"[^>]*>\s*<kbd[^>]*>[^<]*<\/kbd>\s*<kbd[^>]*>K<\/kbd>\s*<\/kbd>/g;

export function stripSearchHint(html: string): string {
  return html.replace(HINT, "");
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

export function searchHintIntegration(): AstroIntegration {
  return {
    name: "layercake-search-hint",
    hooks: {
      "astro:build:done": ({ dir }) => {
        for (const file of htmlFiles(fileURLToPath(dir))) {
          const html = readFileSync(file, "utf8");
          const stripped = stripSearchHint(html);
          if (stripped !== html) writeFileSync(file, stripped);
        }
      },
    },
  };
}
