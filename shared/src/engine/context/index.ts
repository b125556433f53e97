export type { ContextEntry, ContextOptions, MatchOptions, SourceMatch } from "./context.ts";
export {
  contextFromFiles,
  filterContext,
  globToRegExp,
  hasWildcards,
  matchContextSources,
  prepareContext,
} from "./context.ts";
export type { Dockerignore, IgnorePattern } from "./dockerignore.ts";
export { cleanPath, createDockerignore, emptyDockerignore, parseDockerignore } from "./dockerignore.ts";
