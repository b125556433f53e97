/**
 * COPY and ADD, shared by both builders: resolving source paths (wildcards, `..`, symlinks),
 * hashing them for the cache key, and writing them into the destination as a changeset (reference
 * §2.3; `moby@20.10` builder/dockerfile/copy.go; BuildKit `convert_copy.go`). A directory source
 * copies its *contents*; a trailing slash or an existing directory makes the destination a
 * directory; a relative destination is relative to WORKDIR.
 */
import { sha256Digest } from "../../core/hash.ts";
import { buildkitTreeChecksum, collectBuildKitChecksums } from "../cache/buildkit.ts";
import { combineSourceHashes, hashCopySource, type SourceHashFlavour } from "../cache/source-hash.ts";
import { globToRegExp, hasWildcards } from "../context/index.ts";
import type { DirNode, FsNode, Metadata } from "../fs/types.ts";
import {
  dirNode,
  graftInto,
  joinAbsolute,
  newDirMeta,
  type PresentNode,
  resolvePath,
  rewriteOwnership,
  splitPath,
  walkEntries,
} from "./tree-ops.ts";

/** Where COPY reads from: the build context, another stage, or an image. */
export interface CopySourceRoot {
  readonly root: DirNode;
  /** `context` resets owners to 0:0 (the client does) and hashes like the CLI's tar. */
  readonly flavour: SourceHashFlavour;
}

export interface ResolvedSource {
  /** The source as written (after variable expansion). */
  readonly written: string;
  /** Relative to the source root, no leading slash; "" for the root itself. */
  readonly relPath: string;
  readonly node: PresentNode;
}

export type Resolution<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly message: string; readonly missing?: string };

/**
 * Resolves COPY/ADD sources against a source root. Wildcards match every entry whose path matches
 * (each match is one source); a missing path is an error worded per builder by the caller.
 */
export function resolveSources(
  source: CopySourceRoot,
  written: readonly string[],
  refuseEscapes: boolean,
): Resolution<ResolvedSource[]> {
  const out: ResolvedSource[] = [];
  for (const original of written) {
    let path = original.replace(/^\/+/, "").replace(/^\.\//, "");
    // The legacy builder refuses `../x`; BuildKit cleans it against the root (`/x`).
    if (refuseEscapes && escapesRoot(path))
      return { ok: false, message: `forbidden path outside the build context: ${original} ()` };
    path = splitPath(path).join("/");
    if (hasWildcards(original)) {
      const pattern = globToRegExp(original.replace(/^\/+/, "").replace(/^\.\//, ""));
      if (pattern === undefined) return { ok: false, message: "syntax error in pattern" };
      walkEntries(source.root, (relPath, node) => {
        if (pattern.test(relPath))
          out.push({ written: original, relPath, node: followIfLink(source.root, relPath, node) });
      });
      continue;
    }
    const resolved = resolvePath(source.root, `/${path}`);
    if (resolved.node === undefined)
      return { ok: false, message: "not found", missing: path === "" ? "." : path };
    out.push({ written: original, relPath: resolved.components.join("/"), node: resolved.node });
  }
  return { ok: true, value: out };
}

function escapesRoot(path: string): boolean {
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    depth += part === ".." ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

function followIfLink(root: DirNode, relPath: string, node: PresentNode): PresentNode {
  if (node.kind !== "symlink") return node;
  return resolvePath(root, `/${relPath}`).node ?? node;
}

/**
 * The legacy builder's source hash for the whole instruction (`file:`, `dir:`, `multi:`), and the
 * per-file digests (computed when asked, for explanations).
 */
export function legacySourceHash(
  source: CopySourceRoot,
  sources: readonly ResolvedSource[],
): { hash: string; digests: () => ReadonlyMap<string, string> } {
  const hashes = sources.map((item) =>
    hashCopySource({ node: item.node, relPath: item.relPath }, source.flavour),
  );
  return {
    hash: combineSourceHashes(hashes),
    digests: once(() => {
      const digests = new Map<string, string>();
      for (const item of sources)
        hashCopySource({ node: item.node, relPath: item.relPath }, source.flavour, digests);
      return digests;
    }),
  };
}

/** BuildKit's content-based key input: one digest over the selected sources (Merkle, memoised per subtree). */
export function buildkitContentKey(source: CopySourceRoot, sources: readonly ResolvedSource[]): string {
  const reset = source.flavour === "context";
  return sha256Digest(
    sources.map((item) => `${item.relPath}\u0000${buildkitTreeChecksum(item.node, reset)}`).join("\n"),
  );
}

/** BuildKit's per-entry checksums of the selected sources (for explanations). */
export function buildkitSourceDigests(
  source: CopySourceRoot,
  sources: readonly ResolvedSource[],
): Map<string, string> {
  const digests = new Map<string, string>();
  for (const item of sources)
    collectBuildKitChecksums(item.node, item.relPath, source.flavour === "context", digests);
  return digests;
}

/** A function that computes its value once. */
export function once<Value>(compute: () => Value): () => Value {
  let done = false;
  let value: Value | undefined;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as Value;
  };
}

/** `normalizeDest`: a relative destination joined to WORKDIR, the trailing slash kept. */
export function normalizeDest(workingDir: string | undefined, dest: string): string {
  if (dest.startsWith("/")) return dest;
  const joined = joinAbsolute(workingDir ?? "/", dest);
  return dest.endsWith("/") && joined !== "/" ? `${joined}/` : joined;
}

export interface WriteOptions {
  /** Owner of every copied entry; undefined keeps the source's (COPY --from without --chown). */
  readonly owner: { uid: number; gid: number } | undefined;
  /** Owner of directories created on the way (`MkdirAllAndChownNew`). */
  readonly parentOwner: { uid: number; gid: number };
  /** `--chmod` (BuildKit). */
  readonly mode?: number;
  /** Seconds, for created parent directories. */
  readonly mtime: number;
  readonly newInode: () => number;
  /** BuildKit copies several wildcard matches into a directory even without a trailing slash. */
  readonly destIsDirectory?: boolean;
}

/**
 * The changeset of copying `sources` to `dest` over the union `lower`.
 * @param dest absolute, as normalised (a trailing slash means "a directory")
 */
export function copyChangeset(
  lower: DirNode,
  sources: readonly ResolvedSource[],
  dest: string,
  options: WriteOptions,
): DirNode {
  const destComponents = resolvePath(lower, dest).components;
  const destNode = resolvePath(lower, dest).node;
  const intoDirectory = dest.endsWith("/") || destNode?.kind === "dir" || (options.destIsDirectory ?? false);
  const parentMeta: Metadata = newDirMeta(options.parentOwner.uid, options.parentOwner.gid, options.mtime);
  const modes = options.mode === undefined ? undefined : { file: options.mode, dir: options.mode };
  let changes = dirNode(lower.meta);
  const inodes = new Map<number, number>();
  for (const source of sources) {
    const prepared = renumber(rewriteOwnership(source.node, options.owner, modes), options.newInode, inodes);
    if (prepared.kind === "dir") {
      // A directory's contents are copied; the destination directory takes its attributes.
      changes = graftInto(changes, lower, destComponents, prepared, parentMeta);
      continue;
    }
    const name = source.relPath.split("/").at(-1) ?? source.relPath;
    const target = intoDirectory ? [...destComponents, name] : destComponents;
    changes = graftInto(changes, lower, target, prepared, parentMeta);
  }
  return changes;
}

/** Gives copied files fresh inode numbers, keeping hard links within the copy together. */
export function renumber(node: PresentNode, newInode: () => number, seen: Map<number, number>): PresentNode {
  if (node.kind === "file") {
    let inode = seen.get(node.inode);
    if (inode === undefined) {
      inode = newInode();
      seen.set(node.inode, inode);
    }
    return { kind: "file", meta: node.meta, content: node.content, inode };
  }
  if (node.kind !== "dir") return node;
  const children = new Map<string, FsNode>();
  for (const [name, child] of node.children)
    children.set(name, child.kind === "whiteout" ? child : renumber(child, newInode, seen));
  return { kind: "dir", meta: node.meta, children, opaque: node.opaque };
}
