/**
 * BuildKit sends the build context incrementally: a file whose size, mtime and mode are those of
 * the copy it sent last time (from the same store) is not sent again, so a same-size edit that keeps
 * the mtime is not seen; directories are compared by mtime only (a chmod of a directory is not
 * seen). The classic builder sends the whole context every time. (Recorded against Docker 20.10:
 * transcripts context-same-size-and-mtime and cache-copy-directory.)
 */
import type { DirNode, FsNode } from "../fs/types.ts";

/** The context BuildKit's daemon side ends up with after a transfer. */
export function transferContext(previous: DirNode | undefined, next: DirNode): DirNode {
  if (previous === undefined || previous === next) return next;
  return mergeDir(previous, next);
}

function mergeDir(previous: DirNode, next: DirNode): DirNode {
  let changed = false;
  // Whether the result is exactly `previous`: then `previous` itself is returned, so that what is
  // memoised per node (BuildKit's content checksums) is not computed again for an unchanged directory.
  let asBefore = previous.children.size === next.children.size;
  const children = new Map<string, FsNode>();
  for (const [name, child] of next.children) {
    const old = previous.children.get(name);
    const kept = keep(old, child);
    if (kept !== child) changed = true;
    if (kept !== old) asBefore = false;
    children.set(name, kept);
  }
  const stale =
    previous.meta.mtime === next.meta.mtime &&
    (previous.meta.mode !== next.meta.mode ||
      previous.meta.uid !== next.meta.uid ||
      previous.meta.gid !== next.meta.gid);
  const meta = stale ? previous.meta : next.meta;
  if (meta !== next.meta) changed = true;
  if (asBefore && sameMeta(meta, previous.meta) && next.opaque === previous.opaque) return previous;
  return changed ? { ...next, meta, children } : next;
}

function sameMeta(a: DirNode["meta"], b: DirNode["meta"]): boolean {
  return (
    a === b ||
    (a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime && a.xattrs === b.xattrs)
  );
}

function keep(old: FsNode | undefined, next: FsNode): FsNode {
  if (old === undefined || old === next) return next;
  if (next.kind === "dir" && old.kind === "dir") return mergeDir(old, next);
  if (next.kind === "file" && old.kind === "file") {
    const same =
      old.content.size === next.content.size &&
      old.meta.mtime === next.meta.mtime &&
      old.meta.mode === next.meta.mode;
    return same ? old : next;
  }
  return next;
}
