import { defineCollection } from "astro:content";
import { docsSchema, i18nSchema } from "@astrojs/starlight/schema";
import { lessonsLoader } from "./lib/lessons-loader.ts";

export const collections = {
  docs: defineCollection({ loader: lessonsLoader(), schema: docsSchema() }),
  // Starlight looks for UI string overrides here; the site uses its English strings as they are.
  i18n: defineCollection({ loader: () => [{ id: "en" }], schema: i18nSchema() }),
};
