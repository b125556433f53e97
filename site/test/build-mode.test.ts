/** The tested site is a production build: search works offline, no development-only markup. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIST } from "./site.ts";

describe("the built site", () => {
  it("is a production build with the Pagefind search container", () => {
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    expect(html).toContain('id="starlight__search"');
    expect(html).not.toContain("Search is only available in production builds");
  });
});
