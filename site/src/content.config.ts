import { defineCollection } from "astro:content";
import { docsSchema } from "@astrojs/starlight/schema";
import { lessonsLoader } from "./lib/lessons-loader.ts";

export const collections = {
  docs: defineCollection({ loader: lessonsLoader(), schema: docsSchema() }),
};
