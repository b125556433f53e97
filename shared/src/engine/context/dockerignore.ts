/**
 * `.dockerignore`: reading the file as Docker does (moby `patternmatcher/ignorefile.ReadAll`) and
 * matching paths as moby's `patternmatcher` does (ported here): `**` (any number of directories),
 * `*` and `?` (never `/`), `[a-z]` classes, `\` escapes, `!` exceptions with the last matching
 * pattern winning, and a pattern that matches a parent directory excluding everything below it
 * (`MatchesOrParentMatches`). Leading `/` and `./`, trailing `/` and `..` are cleaned away.
 *
 * `@balena/dockerignore` (installed) agrees on these semantics except for patterns starting with
 * `#` after trimming, but costs ~5 µs per path; this port compiles each pattern once and walks
 * trees with per-pattern parent results (`MatchesUsingParentResults`), ~10x faster.
 */
import type { Diagnostic, Range } from "../../core/diagnostics.ts";

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
  /** Matches `name` inside an already-matched directory (fast path for tree walks). */
  matchUnder(parent: ParentMatch, name: string): { excluded: boolean; info: ParentMatch };
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

/** A compiled pattern (patternmatcher.go `Pattern`). */
interface CompiledPattern {
  readonly exclusion: boolean;
  match(path: string): boolean;
}

/** patternmatcher.go `compile`: exact, prefix (`dir/**`), suffix (`**\/name`) or regexp matching. */
export function compilePattern(pattern: string): ((path: string) => boolean) | undefined {
  let kind: "exact" | "prefix" | "suffix" | "regexp" = "exact";
  let regex = "^";
  const chars = Array.from(pattern);
  for (let index = 0, i = 0; index < chars.length; index += 1, i += 1) {
    const ch = chars[index] as string;
    if (ch === "*") {
      if (chars[index + 1] === "*") {
        index += 1;
        if (chars[index + 1] === "/") index += 1;
        if (index + 1 >= chars.length) {
          if (kind === "exact") kind = "prefix";
          else {
            regex += "[^\\n]*";
            kind = "regexp";
          }
        } else {
          regex += "([^\\n]*/)?";
          kind = "regexp";
        }
        if (i === 0) kind = "suffix";
      } else {
        regex += "[^/]*";
        kind = "regexp";
      }
    } else if (ch === "?") {
      regex += "[^/]";
      kind = "regexp";
    } else if (".+()|{}$".includes(ch)) {
      regex += `\\${ch}`;
    } else if (ch === "\\") {
      const next = chars[index + 1];
      if (next !== undefined) {
        index += 1;
        regex += `\\${next}`;
        kind = "regexp";
      } else regex += "\\\\";
    } else if (ch === "[" || ch === "]") {
      regex += ch;
      kind = "regexp";
    } else {
      regex += ch;
    }
  }
  switch (kind) {
    case "exact":
      return (path) => path === pattern;
    case "prefix": {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case "suffix": {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
    }
    case "regexp": {
      let compiled: RegExp;
      try {
        compiled = new RegExp(`${regex}$`);
      } catch {
        return undefined;
      }
      return (path) => compiled.test(path);
    }
  }
}

/** A matcher over already-cleaned patterns. */
export function createDockerignore(patterns: readonly IgnorePattern[], path?: string): Dockerignore {
  const compiled: CompiledPattern[] = patterns.map((entry) => ({
    exclusion: entry.exclusion,
    match: compilePattern(entry.pattern) ?? (() => false),
  }));
  const exceptions = patterns.filter((entry) => entry.exclusion).map((entry) => `${entry.pattern}/`);
  return {
    ...(path === undefined ? {} : { path }),
    patterns,
    ignores(candidate) {
      const clean = cleanPath(candidate).replace(/^\/+/, "");
      if (clean === "." || clean === "") return false;
      return matchesOrParentMatches(compiled, clean);
    },
    matchUnder(parent, name) {
      return matchUsingParentResults(compiled, parent, name);
    },
    hasExceptionUnder(directory) {
      const prefix = `${cleanPath(directory)}/`;
      return exceptions.some((exception) => exception.startsWith(prefix));
    },
  };
}

/** patternmatcher.go `MatchesOrParentMatches`. */
function matchesOrParentMatches(patterns: readonly CompiledPattern[], file: string): boolean {
  let matched = false;
  const slash = file.lastIndexOf("/");
  const parents = slash === -1 ? [] : file.slice(0, slash).split("/");
  for (const pattern of patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.match(file);
    if (!match) {
      for (let depth = 1; depth <= parents.length && !match; depth += 1) {
        match = pattern.match(parents.slice(0, depth).join("/"));
      }
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

/** The per-pattern results of a directory, passed down a tree walk. */
export interface ParentMatch {
  readonly path: string;
  readonly matched: readonly boolean[] | undefined;
}

/** patternmatcher.go `MatchesUsingParentResults`: one path under an already-matched parent. */
function matchUsingParentResults(
  patterns: readonly CompiledPattern[],
  parent: ParentMatch,
  name: string,
): { excluded: boolean; info: ParentMatch } {
  const file = parent.path === "" ? name : `${parent.path}/${name}`;
  const results: boolean[] = new Array<boolean>(patterns.length).fill(false);
  let matched = false;
  patterns.forEach((pattern, index) => {
    let match = parent.matched?.[index] ?? false;
    if (!match) {
      if (pattern.exclusion !== matched) return;
      match = pattern.match(file);
    }
    results[index] = match;
    if (match) matched = !pattern.exclusion;
  });
  return { excluded: matched, info: { path: file, matched: results } };
}

/** A `.dockerignore` that ignores nothing. */
export const emptyDockerignore: Dockerignore = createDockerignore([]);
