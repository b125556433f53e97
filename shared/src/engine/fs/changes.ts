/**
 * What changed between file trees: per-path differences between two union views (dive's diff
 * types, for layer analysis), and `docker diff` of a container by Docker's own rules (O8).
 */
import type { DirNode, FsNode, Metadata } from "./types.ts";

type PresentNode = Exclude<FsNode, { kind: "whiteout" }>;

export type TreeChangeKind = "added" | "modified" | "removed";

export interface TreeChange {
  readonly path: string;
  readonly kind: TreeChangeKind;
  readonly before?: PresentNode;
  readonly after?: PresentNode;
}

function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

function sameMeta(a: Metadata, b: Metadata): boolean {
  return (
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.mtime === b.mtime &&
    (a.xattrs?.["security.capability"] ?? "") === (b.xattrs?.["security.capability"] ?? "")
  );
}

function sameEntry(before: PresentNode, after: PresentNode): boolean {
  if (before === after) return true;
  if (before.kind !== after.kind || !sameMeta(before.meta, after.meta)) return false;
  if (before.kind === "file" && after.kind === "file") return before.content.key === after.content.key;
  if (before.kind === "symlink" && after.kind === "symlink") return before.target === after.target;
  return true;
}

function listSubtree(node: PresentNode, path: string, kind: "added" | "removed", out: TreeChange[]): void {
  out.push(kind === "added" ? { path, kind, after: node } : { path, kind, before: node });
  if (node.kind !== "dir") return;
  for (const name of [...node.children.keys()].sort()) {
    const child = node.children.get(name);
    if (child && child.kind !== "whiteout") listSubtree(child, childPath(path, name), kind, out);
  }
}

/**
 * Per-path changes from `before` to `after` (two union trees), sorted by path, every descendant of
 * an added or removed directory listed too. Subtrees shared by both trees (the same object, thanks
 * to structural sharing) are skipped without being walked.
 */
export function diffTrees(before: DirNode, after: DirNode): TreeChange[] {
  const out: TreeChange[] = [];
  const visit = (left: DirNode, right: DirNode, path: string) => {
    if (left === right) return;
    const names = new Set([...left.children.keys(), ...right.children.keys()]);
    for (const name of [...names].sort()) {
      const oldChild = left.children.get(name);
      const newChild = right.children.get(name);
      const where = childPath(path, name);
      const oldNode = oldChild?.kind === "whiteout" ? undefined : oldChild;
      const newNode = newChild?.kind === "whiteout" ? undefined : newChild;
      if (oldNode === undefined && newNode === undefined) continue;
      if (oldNode === undefined) listSubtree(newNode as PresentNode, where, "added", out);
      else if (newNode === undefined) listSubtree(oldNode, where, "removed", out);
      else if (oldNode.kind === "dir" && newNode.kind === "dir") {
        if (!sameMeta(oldNode.meta, newNode.meta))
          out.push({ path: where, kind: "modified", before: oldNode, after: newNode });
        visit(oldNode, newNode, where);
      } else if (oldNode.kind === "dir" || newNode.kind === "dir") {
        listSubtree(oldNode, where, "removed", out);
        listSubtree(newNode, where, "added", out);
      } else if (!sameEntry(oldNode, newNode)) {
        out.push({ path: where, kind: "modified", before: oldNode, after: newNode });
      }
    }
  };
  visit(before, after, "/");
  return out;
}

/** One line of `docker diff`: A added, C changed, D deleted. */
export interface DockerDiffEntry {
  readonly kind: "A" | "C" | "D";
  readonly path: string;
}

function sizeOf(node: PresentNode): number {
  if (node.kind === "file") return node.content.size;
  if (node.kind === "symlink") return node.target.length;
  return 4096;
}

/**
 * moby `changes_unix.go statDifferent`: file type and permission bits, owner, and — for
 * non-directories only — mtime and size ("don't look at size or modification time for dirs, its
 * not a good measure of change"); plus the `security.capability` xattr.
 */
function statDifferent(before: PresentNode, after: PresentNode): boolean {
  if (before.kind !== after.kind) return true;
  const a = before.meta;
  const b = after.meta;
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return true;
  if ((a.xattrs?.["security.capability"] ?? "") !== (b.xattrs?.["security.capability"] ?? "")) return true;
  if (before.kind === "dir") return false;
  return a.mtime !== b.mtime || sizeOf(before) !== sizeOf(after);
}

/**
 * `docker diff` (O8): the container's merged view compared with its parent view — the image plus
 * the init layer, so /etc/hosts, /.dockerenv and friends never show. Only paths in the writable
 * layer can differ, so the walk follows `upper` (the container's changeset tree).
 *
 * - an entry absent from the parent is `A`, and so is everything below an added directory;
 * - a whiteout is `D` once, its former children are not listed;
 * - an opaque directory (removed and re-created) reports each former child as `D`;
 * - an entry present in both is `C` only when its stat differs (so a hard-link target that was
 *   copied up unchanged is not listed — E16);
 * - a directory with any change below it is `C` even when its own stat is unchanged, except `/`
 *   and directories that are themselves added (moby `addChanges`).
 *
 * Docker prints these in walk order; Layercake sorts them by path so that output is stable.
 */
export function dockerDiff(params: { parentView: DirNode; upper: DirNode }): DockerDiffEntry[] {
  const out: DockerDiffEntry[] = [];
  const addAll = (node: PresentNode, path: string) => {
    out.push({ kind: "A", path });
    if (node.kind !== "dir") return;
    for (const [name, child] of node.children)
      if (child.kind !== "whiteout") addAll(child, childPath(path, name));
  };
  /** Returns whether anything below `path` was reported. */
  const visit = (upperDir: DirNode, parentDir: DirNode | undefined, path: string): boolean => {
    const before = out.length;
    if (upperDir.opaque && parentDir) {
      for (const name of parentDir.children.keys()) {
        if (!upperDir.children.has(name)) out.push({ kind: "D", path: childPath(path, name) });
      }
    }
    for (const [name, child] of upperDir.children) {
      const where = childPath(path, name);
      const parentChild = parentDir?.children.get(name);
      const previous = parentChild?.kind === "whiteout" ? undefined : parentChild;
      if (child.kind === "whiteout") {
        if (previous) out.push({ kind: "D", path: where });
        continue;
      }
      if (!previous) {
        addAll(child, where);
        continue;
      }
      const changedHere = statDifferent(previous, child);
      const reportAt = out.length;
      let changedBelow = false;
      if (child.kind === "dir") {
        changedBelow = visit(child, previous.kind === "dir" ? previous : undefined, where);
        if (previous.kind !== "dir") {
          // A file replaced by a directory: everything in the new directory is new.
          changedBelow = true;
        }
      }
      if (changedHere || changedBelow) out.splice(reportAt, 0, { kind: "C", path: where });
    }
    return out.length > before;
  };
  visit(params.upper, params.parentView, "/");
  return out.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}
