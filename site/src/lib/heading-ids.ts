/**
 * Heading ids that do not move when smart dashes are switched off. Questions link to lesson sections
 * by the slug shared/content's `listHeadings` computes, which slugs `--` as the dash a smart-quoting
 * renderer would make (`## COPY --from and the cache` → `#copy-from-and-the-cache`); the headings
 * now keep `--` as written, so this plugin gives them that same id (and the TOC its link).
 */

import type { SatteriProcessorOptions } from "@astrojs/markdown-satteri";
import GithubSlugger from "github-slugger";

type HastPluginEntry = NonNullable<SatteriProcessorOptions["hastPlugins"]>[number];

/** The anchor of a heading with this text, as shared/content slugs it (one slugger per page). */
export function slugHeading(slugger: GithubSlugger, text: string): string {
  return slugger.slug(text.replace(/---/g, "\u2014").replace(/--/g, "\u2013"));
}

/** A Sätteri hast plugin: sets each heading's id before Astro's heading-ids plugin reads it. */
export const stableHeadingIds: HastPluginEntry = () => {
  const slugger = new GithubSlugger();
  return {
    name: "layercake-stable-heading-ids",
    element: {
      filter: ["h1", "h2", "h3", "h4", "h5", "h6"],
      visit(node, context) {
        if (typeof node.properties?.id === "string") return;
        context.setProperty(node, "id", slugHeading(slugger, context.textContent(node)));
      },
    },
  };
};
