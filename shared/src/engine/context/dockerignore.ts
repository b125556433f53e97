/**
 * `.dockerignore`: reading the file as Docker does (moby `patternmatcher/ignorefile.ReadAll`) and
 * matching paths with `@balena/dockerignore`, a port of Docker's fileutils matcher: `**`, `!`
 * exceptions (last match wins), a pattern that matches a directory excludes everything below it,
 * leading `/` and `./` ignored, trailing `/` ignored.
 */
import ignoreModule from "@balena/dockerignore";
import type { Diagnostic, Range } from "../../core/diagnostics.ts";

interface IgnoreMatcher {
  add(patterns: string[]): IgnoreMatcher;
  ignores(path: string): boolean;
}
type IgnoreFactory = () => IgnoreMatcher;

// The package is CommonJS with an `export default` typing; bundlers and Node disagree on which
// of the two shapes the default import is.
const ignore: IgnoreFactory =
  (ignoreModule as unknown as { default?: IgnoreFactory }).default ??
  (ignoreModule as unknown as IgnoreFactory);

/** One pattern after Docker's clean-up, with where it was written. */
export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  readonly pattern: string;
  /** `!pattern`: re-includes what earlier patterns excluded. */
  readonly exclusion: boolean;
  /** The line as written. */
  readonly original: string;
  readonly range: Range;
}

/** A parsed `.dockerignore` with a matcher. */
export interface Dockerignore {
  readonly path?: string;
  readonly patterns: readonly IgnorePattern[];
  /** True when the context-relative path (`dir/file.txt`) is excluded from the context. */
  ignores(path: string): boolean;
  /**
   * True when a directory that is excluded must still be walked because an exception pattern
   * starts with it (moby archive.TarWithOptions: `!dir/keep` keeps `dir/` walkable).
   */
  hasExceptionUnder(directory: string): boolean;
}

/** Go `path.Clean` for slash paths. */
export function cleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out.at(-1) !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** A Go `filepath.Match` syntax check: unbalanced `[` or a trailing `\` are errors. */
function isValidGlob(pattern: string): boolean {
  for (let index = 0; index < pattern.length; index += 1) {
    const ch = pattern[index];
    if (ch === "\\") {
      if (index + 1 >= pattern.length) return false;
      index += 1;
    } else if (ch === "[") {
      const close = pattern.indexOf("]", index + 2);
      if (close === -1) return false;
      index = close;
    }
  }
  return true;
}

/**
 * Parses `.dockerignore` text.
 * @example parseDockerignore("*.log\n!keep.log\n").dockerignore.ignores("debug.log") // true
 */
export function parseDockerignore(
  text: string,
  options: { path?: string } = {},
): { dockerignore: Dockerignore; diagnostics: Diagnostic[] } {
  const patterns: IgnorePattern[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  lines.forEach((rawLine, index) => {
    let line = rawLine.replace(/\r$/, "");
    if (index === 0) line = line.replace(/^\uFEFF/, "");
    // ReadAll: comments only when `#` is the very first character, before trimming.
    if (line.startsWith("#")) return;
    let pattern = line.trim();
    if (pattern === "") return;
    const range: Range = {
      start: { line: index + 1, column: 1 },
      end: { line: index + 1, column: line.length + 1 },
    };
    const exclusion = pattern.startsWith("!");
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    if (exclusion && pattern === "") {
      diagnostics.push(diagnostic(`illegal exclusion pattern: "!"`, range, options.path));
      return;
    }
    if (!isValidGlob(pattern)) {
      diagnostics.push(diagnostic("syntax error in pattern", range, options.path));
      return;
    }
    patterns.push({ pattern, exclusion, original: rawLine, range });
  });
  return { dockerignore: createDockerignore(patterns, options.path), diagnostics };
}

function diagnostic(message: string, range: Range, path: string | undefined): Diagnostic {
  return {
    name: "InvalidDockerignorePattern",
    severity: "error",
    message,
    range,
    ...(path === undefined ? {} : { path }),
  };
}

/** A matcher over already-cleaned patterns. */
export function createDockerignore(patterns: readonly IgnorePattern[], path?: string): Dockerignore {
  // balena skips a pattern starting with `#` as a comment; Docker only does so before trimming.
  const forMatcher = (pattern: string): string =>
    pattern.startsWith("#") ? `[#]${pattern.slice(1)}` : pattern;
  const matcher = ignore().add(
    patterns.map((entry) => (entry.exclusion ? `!${forMatcher(entry.pattern)}` : forMatcher(entry.pattern))),
  );
  const exceptions = patterns.filter((entry) => entry.exclusion).map((entry) => `${entry.pattern}/`);
  const cache = new Map<string, boolean>();
  return {
    ...(path === undefined ? {} : { path }),
    patterns,
    ignores(candidate) {
      const clean = cleanPath(candidate).replace(/^\/+/, "");
      if (clean === "." || clean === "") return false;
      let answer = cache.get(clean);
      if (answer === undefined) {
        answer = patterns.length > 0 && matcher.ignores(clean);
        cache.set(clean, answer);
      }
      return answer;
    },
    hasExceptionUnder(directory) {
      const prefix = `${cleanPath(directory)}/`;
      return exceptions.some((exception) => exception.startsWith(prefix));
    },
  };
}

/** A `.dockerignore` that ignores nothing. */
export const emptyDockerignore: Dockerignore = createDockerignore([]);
