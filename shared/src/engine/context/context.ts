/**
 * The build context: the directory `docker build` sends, as a file tree (`DirNode`, paths relative
 * to the context root), `.dockerignore` filtering, and COPY/ADD source matching.
 */
import type { Diagnostic, Range } from "../../core/diagnostics.ts";
import { createDir, createFile, createSymlink } from "../fs/tree.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import type { Dockerignore, ParentMatch } from "./dockerignore.ts";
import { cleanPath, parseDockerignore } from "./dockerignore.ts";

/** One entry of `contextFromFiles`: text, or text with a mode, or a symlink. */
export type ContextEntry =
  | string
  | { readonly content: string; readonly mode?: number; readonly mtime?: number }
  | { readonly symlink: string };

export interface ContextOptions {
  /** mtime of every entry, seconds since the epoch (default 0: the engine never reads the clock). */
  readonly mtime?: number;
  /** Owner of every entry (default 0:0; Docker resets context ownership to root anyway). */
  readonly uid?: number;
  readonly gid?: number;
}

interface MutableDir {
  readonly children: Map<string, MutableDir | FsNode>;
}

function isMutableDir(node: MutableDir | FsNode): node is MutableDir {
  return !("kind" in node);
}

/**
 * Builds a context tree from a plain object of paths (`"src/app.js"`, `"/etc/x"`, `"./a"`): files
 * 0644 unless a mode is given, parent directories 0755.
 * @example contextFromFiles({ Dockerfile: "FROM tiny:1\n", "src/app.js": "1" })
 */
export function contextFromFiles(
  record: Readonly<Record<string, ContextEntry>>,
  options: ContextOptions = {},
): DirNode {
  const mtime = options.mtime ?? 0;
  const uid = options.uid ?? 0;
  const gid = options.gid ?? 0;
  const owner = { uid, gid };
  const root: MutableDir = { children: new Map() };
  for (const [rawPath, entry] of Object.entries(record)) {
    const parts = cleanPath(`/${rawPath}`)
      .split("/")
      .filter((part) => part !== "");
    const name = parts.pop();
    if (name === undefined) continue;
    let dir = root;
    for (const part of parts) {
      const existing = dir.children.get(part);
      if (existing !== undefined && isMutableDir(existing)) {
        dir = existing;
        continue;
      }
      const created: MutableDir = { children: new Map() };
      dir.children.set(part, created);
      dir = created;
    }
    // Inodes come from the tree module's allocator: they must be unique across every tree.
    if (typeof entry === "string") dir.children.set(name, createFile(entry, { ...owner, mtime }));
    else if ("symlink" in entry) dir.children.set(name, createSymlink(entry.symlink, { ...owner, mtime }));
    else {
      dir.children.set(
        name,
        createFile(entry.content, { ...owner, mode: entry.mode ?? 0o644, mtime: entry.mtime ?? mtime }),
      );
    }
  }
  const freeze = (dir: MutableDir): DirNode => {
    const names = [...dir.children.keys()].sort();
    const children = new Map<string, FsNode>();
    for (const childName of names) {
      const child = dir.children.get(childName) as MutableDir | FsNode;
      children.set(childName, isMutableDir(child) ? freeze(child) : child);
    }
    return createDir({ ...owner, mtime }, children);
  };
  return freeze(root);
}

/**
 * The context `docker build .` sends for a directory tree: the tree filtered by the
 * `.dockerignore` at its root, when there is one. A `.dockerignore` that does not parse yields its
 * diagnostics and the unfiltered tree, and the caller refuses the build (as the daemon does).
 * @example prepareContext(contextFromFiles({ ".dockerignore": "*.log\n", "a.log": "x" })).context.children.has("a.log") // false
 */
export function prepareContext(tree: DirNode): { context: DirNode; diagnostics: Diagnostic[] } {
  const ignoreFile = tree.children.get(".dockerignore");
  if (ignoreFile?.kind !== "file") return { context: tree, diagnostics: [] };
  const { dockerignore, diagnostics } = parseDockerignore(ignoreFile.content.text(), {
    path: ".dockerignore",
  });
  if (diagnostics.length > 0) return { context: tree, diagnostics: [...diagnostics] };
  return { context: filterContext(tree, dockerignore), diagnostics: [] };
}

/**
 * The part of the context that `docker build` sends: everything `.dockerignore` does not exclude.
 * The Dockerfile and `.dockerignore` stay unless a pattern excludes them (C8). Untouched
 * directories are returned as they are (structural sharing).
 */
export function filterContext(tree: DirNode, dockerignore: Dockerignore): DirNode {
  if (dockerignore.patterns.length === 0) return tree;
  return filterDir(tree, { path: "", matched: undefined }, dockerignore) ?? { ...tree, children: new Map() };
}

function filterDir(dir: DirNode, parent: ParentMatch, dockerignore: Dockerignore): DirNode | undefined {
  let changed = false;
  const kept = new Map<string, FsNode>();
  for (const [name, child] of dir.children) {
    const { excluded, info } = dockerignore.matchUnder(parent, name);
    if (child.kind !== "dir") {
      if (excluded) changed = true;
      else kept.set(name, child);
      continue;
    }
    if (excluded && !dockerignore.hasExceptionUnder(info.path)) {
      // moby archive.TarWithOptions: no exception below → skip the whole directory.
      changed = true;
      continue;
    }
    const filtered = filterDir(child, info, dockerignore);
    if (filtered === undefined || (excluded && filtered.children.size === 0)) {
      changed = true;
      continue;
    }
    if (filtered !== child) changed = true;
    kept.set(name, filtered);
  }
  if (!changed) return dir;
  return { ...dir, children: kept };
}

/** What `matchContextSources` found for one COPY/ADD source. */
export interface SourceMatch {
  /** The source as given. */
  readonly source: string;
  /** Matched context-relative paths (`.` for the root), sorted as Docker walks (lexically). */
  readonly paths: readonly string[];
}

/** Options of `matchContextSources`. */
export interface MatchOptions {
  /**
   * Whose rules and words (default `classic`). BuildKit scopes `../x` to `/x`, accepts a wildcard
   * that matches nothing (AllowEmptyWildcard) and says `failed to compute cache key: "/x" not
   * found: not found` (test/docker/transcripts/fail-missing-copy-source).
   */
  readonly builder?: "classic" | "buildkit";
  /** Where the instruction is, for diagnostics. */
  readonly range?: Range;
  readonly path?: string;
}

/**
 * Resolves COPY/ADD sources (already variable-expanded) against the sent context, with Go
 * `filepath.Match` wildcards (`*`, `?`, `[a-z]`, `\` escapes; `*` never crosses `/`; no `**`).
 * Problems use Docker 20.10's words without the `COPY failed: ` prefix the classic builder adds:
 * `no source files were specified` (a wildcard with no match), `file not found in build context or
 * excluded by .dockerignore: stat x: file does not exist`, `forbidden path outside the build
 * context: ../x ()`; or BuildKit's (`options.builder`).
 */
export function matchContextSources(
  tree: DirNode,
  sources: readonly string[],
  options: MatchOptions = {},
): { matches: SourceMatch[]; paths: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const matches: SourceMatch[] = [];
  const at = options.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const report = (name: Diagnostic["name"], message: string): void => {
    diagnostics.push({
      name,
      severity: "error",
      message,
      range: at,
      ...(options.path === undefined ? {} : { path: options.path }),
    });
  };
  if (sources.length === 0) report("CopySourceNotFound", "no source files were specified");
  const buildkit = options.builder === "buildkit";
  for (const source of sources) {
    const clean = cleanPath(`/${source}`).slice(1) || ".";
    if (!buildkit && cleanPath(source).startsWith("..")) {
      report("CopySourceOutsideContext", `forbidden path outside the build context: ${source} ()`);
      matches.push({ source, paths: [] });
      continue;
    }
    if (!hasWildcards(clean)) {
      if (lookup(tree, clean) === undefined) {
        report(
          "CopySourceNotFound",
          buildkit
            ? `failed to compute cache key: "/${clean}" not found: not found`
            : `file not found in build context or excluded by .dockerignore: stat ${clean}: file does not exist`,
        );
        matches.push({ source, paths: [] });
      } else matches.push({ source, paths: [clean] });
      continue;
    }
    const components = clean.split("/").map((part) => (hasWildcards(part) ? globToRegExp(part) : part));
    if (components.some((part) => part === undefined)) {
      report("CopySourceNotFound", "syntax error in pattern");
      matches.push({ source, paths: [] });
      continue;
    }
    // `*`, `?` never match `/`, so the pattern is matched one path component at a time (only the
    // directories the pattern can reach are visited, in the lexical order filepath.Walk uses).
    const found = globTree(tree, components as (string | RegExp)[]);
    if (found.length === 0 && !buildkit) report("CopySourceNotFound", "no source files were specified");
    matches.push({ source, paths: found });
  }
  return { matches, paths: matches.flatMap((match) => match.paths), diagnostics };
}

/** classic builder `containsWildcards`: `*`, `?`, `[`, or a `\` escape. */
export function hasWildcards(path: string): boolean {
  return /[*?[\\]/.test(path);
}

function lookup(tree: DirNode, path: string): FsNode | undefined {
  if (path === ".") return tree;
  let node: FsNode = tree;
  for (const part of path.split("/")) {
    if (node.kind !== "dir") return undefined;
    const child: FsNode | undefined = node.children.get(part);
    if (child === undefined || child.kind === "whiteout") return undefined;
    node = child;
  }
  return node;
}

/** Paths matching the per-component pattern, depth first in lexical order. */
function globTree(tree: DirNode, components: readonly (string | RegExp)[]): string[] {
  const out: string[] = [];
  const walk = (dir: DirNode, prefix: string, depth: number): void => {
    const component = components[depth];
    if (component === undefined) return;
    const last = depth === components.length - 1;
    const visit = (name: string, child: FsNode): void => {
      if (child.kind === "whiteout") return;
      const path = prefix === "" ? name : `${prefix}/${name}`;
      if (last) out.push(path);
      else if (child.kind === "dir") walk(child, path, depth + 1);
    };
    if (typeof component === "string") {
      const child = dir.children.get(component);
      if (child !== undefined) visit(component, child);
      return;
    }
    for (const name of [...dir.children.keys()].sort()) {
      if (component.test(name)) visit(name, dir.children.get(name) as FsNode);
    }
  };
  walk(tree, "", 0);
  return out;
}

/** Go `filepath.Match` as a regular expression over a whole path; `undefined` for a bad pattern. */
export function globToRegExp(pattern: string): RegExp | undefined {
  let out = "^";
  const escapeOutside = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const escapeInClass = (ch: string): string => ch.replace(/[\]\\^-]/g, "\\$&");
  for (let index = 0; index < pattern.length; index += 1) {
    const ch = pattern[index] as string;
    if (ch === "*") {
      out += "[^/]*";
    } else if (ch === "?") {
      out += "[^/]";
    } else if (ch === "\\") {
      index += 1;
      if (index >= pattern.length) return undefined;
      out += escapeOutside(pattern[index] as string);
    } else if (ch === "[") {
      index += 1;
      let negated = false;
      if (pattern[index] === "^") {
        negated = true;
        index += 1;
      }
      let body = "";
      let ranges = 0;
      for (;;) {
        if (index >= pattern.length) return undefined;
        let low = pattern[index] as string;
        if (low === "]" && ranges > 0) break;
        if (low === "\\") {
          index += 1;
          if (index >= pattern.length) return undefined;
          low = pattern[index] as string;
        }
        index += 1;
        let item = escapeInClass(low);
        if (pattern[index] === "-" && pattern[index + 1] !== "]" && index + 1 < pattern.length) {
          index += 1;
          let high = pattern[index] as string;
          if (high === "\\") {
            index += 1;
            if (index >= pattern.length) return undefined;
            high = pattern[index] as string;
          }
          index += 1;
          if (high < low) return undefined;
          item = `${escapeInClass(low)}-${escapeInClass(high)}`;
        }
        body += item;
        ranges += 1;
      }
      // `[^…]` never matches the separator in filepath.Match.
      out += negated ? `[^/${body}]` : `[${body}]`;
    } else {
      out += escapeOutside(ch);
    }
  }
  return new RegExp(`${out}$`, "u");
}
