/**
 * Node adapter: reads every content file under a directory and loads the library from them.
 * Paths in diagnostics are relative to the directory's parent (`content/lessons/…`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { type ContentFile, type LoadedContent, loadContentLibrary } from "./library.ts";

/** Reads `contentDir` (the repository's `content/`) and loads the library. */
export function readContentLibrary(contentDir: string): LoadedContent {
  const root = resolve(contentDir);
  const base = resolve(root, "..");
  const files: ContentFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(path);
      } else if (/\.(md|yml)$/.test(entry.name) && !(dir === root && entry.name === "README.md")) {
        files.push({ path: relative(base, path), text: readFileSync(path, "utf8") });
      }
    }
  };
  walk(root);
  return loadContentLibrary(files);
}

/** The repository's content directory, found from this module (shared/src/content → content/). */
export const DEFAULT_CONTENT_DIR = resolve(import.meta.dirname, "../../../content");
export const CONTENT_DIR_NAME = basename(DEFAULT_CONTENT_DIR);
