import { describe, expect, it } from "vitest";
import { stripSearchHint } from "./search-hint.ts";

describe("stripSearchHint", () => {
  it("removes the Ctrl K hint from the search button, scoped classes and all", () => {
    const html =
      '<button data-open-modal aria-label="Search"><span aria-hidden="true">Search</span><kbd class="sl-hidden md:sl-flex astro-x1" style="display: none;"><kbd class="astro-x1">Ctrl</kbd><kbd class="astro-x1">K</kbd></kbd></button>';
    expect(stripSearchHint(html)).toBe(
      '<button data-open-modal aria-label="Search"><span aria-hidden="true">Search</span></button>',
    );
  });

  it("leaves other kbd elements alone", () => {
    expect(stripSearchHint("<p>Press <kbd>Ctrl</kbd> <kbd>C</kbd></p>")).toBe(
      "<p>Press <kbd>Ctrl</kbd> <kbd>C</kbd></p>",
    );
  });
});
