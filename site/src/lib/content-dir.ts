/**
 * Where `content/` is. Astro bundles the pages that read it, so a path relative to a module would
 * point into dist/; the build runs in the site package (npm workspaces, turbo) or at the repo root.
 * LAYERCAKE_CONTENT_DIR overrides both.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const CONTENT_DIR =
  process.env.LAYERCAKE_CONTENT_DIR ??
  (existsSync(resolve(process.cwd(), "content", "tracks.yml"))
    ? resolve(process.cwd(), "content")
    : resolve(process.cwd(), "..", "content"));
