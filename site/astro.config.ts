import { satteri } from "@astrojs/markdown-satteri";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";
import { focusableCodeBlocks } from "./src/lib/focusable-code.ts";
import { stableHeadingIds } from "./src/lib/heading-ids.ts";
import { loadLibraryOrThrow } from "./src/lib/lessons-loader.ts";
import { searchHintIntegration } from "./src/lib/search-hint.ts";
import { buildSidebar } from "./src/lib/sidebar.ts";

const library = loadLibraryOrThrow();

export default defineConfig({
  // The playground's engine runs in a module worker (src/scripts/playground-worker.ts).
  vite: { worker: { format: "es" } },
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
      // Progress on every page: a line on top of the sidebar, badges on lessons and the home page;
      // the learner's Docker beside the theme select, read in the head before the page paints.
      components: {
        Head: "./src/components/Head.astro",
        MarkdownContent: "./src/components/MarkdownContent.astro",
        Sidebar: "./src/components/Sidebar.astro",
        ThemeSelect: "./src/components/DockerPicker.astro",
      },
      lastUpdated: false,
      // The site's own 404 page (src/pages/404.astro): Starlight's looks for a docs entry "404".
      disable404Route: true,
      pagination: true,
      // Console blocks scroll sideways instead of wrapping: docker history and docker ps are
      // tables, unreadable once wrapped; each block is focusable so a keyboard can scroll it.
      expressiveCode: { plugins: [focusableCodeBlocks()] },
    }),
    searchHintIntegration(),
  ],
});
