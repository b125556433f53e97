/** The content library, read once per build process (every page and component asks for it). */
import type { ContentLibrary } from "@layercake/shared/core";
import { loadLibraryOrThrow } from "./lessons-loader.ts";

let library: ContentLibrary | undefined;

export function getLibrary(): ContentLibrary {
  library ??= loadLibraryOrThrow();
  return library;
}
