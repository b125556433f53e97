import { satteri } from "@astrojs/markdown-satteri";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";
import { stableHeadingIds } from "./src/lib/heading-ids.ts";
import { loadLibraryOrThrow } from "./src/lib/lessons-loader.ts";
import { searchHintIntegration } from "./src/lib/search-hint.ts";
import { buildSidebar } from "./src/lib/sidebar.ts";

const library = loadLibraryOrThrow();

export default defineConfig({
  site: "https://layercake.dev",
  trailingSlash: "always",
  markdown: {
    // Smart quotes stay; smart dashes go: they turn `--target` into "–target", a flag no docker accepts.
    processor: satteri({
      features: { smartPunctuation: { dashes: false } },
      hastPlugins: [stableHeadingIds],
    }),
  },
  integrations: [
    starlight({
      title: "Layercake",
      description: "Learn how Docker images really work, with answers computed by a faithful engine.",
      sidebar: buildSidebar(library),
      customCss: ["./src/styles/layercake.css"],
      lastUpdated: false,
      pagination: true,
      // Long build logs wrap instead of scrolling sideways: readable on a phone, and no scrollable
      // region that a keyboard cannot reach.
      expressiveCode: { defaultProps: { wrap: true } },
    }),
    searchHintIntegration(),
  ],
});
