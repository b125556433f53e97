/**
 * The legacy builder's COPY/ADD source hashes (reference §2.3): one tarsum-v1 digest per entry =
 * sha256(selected tar header fields without mtime + file bytes), then
 * `file:<digest>` for one file, `dir:` + sha256 of the comma-joined sorted digests of a directory and
 * everything below it (sub-directories included, so an added empty dir changes the hash), and
 * `multi:` + sha256 of the comma-joined source hashes when a COPY has several sources.
 *
 * Two header flavours exist, because the bytes come from two places:
 * - the build context arrives as the CLI's tar (`pkg/tarsum` over the stream): permission bits
 *   only, uid/gid reset to 0 by the CLI, uname/gname ignored (`tarSum.encodeHeader`);
 * - `COPY --from` reads an image's file system on the daemon (`remotecontext.NewFileHash`):
 *   mode with the file-type bits (`fillGo18FileTypeBits`), real uid/gid, uname/gname looked up on
 *   the daemon host (uid 0 → `root`).
 * Both were checked against the experiments: `hello\n` (0644) from the context is
 * `file:00ec1633…cadda` (E1), `/artifact` from a stage is `file:9e4686c8…` (E9).
 */
import { createSha256, sha256Digest, utf8ToBytes } from "../../core/hash.ts";
import type { DirNode, FsNode } from "../fs/types.ts";

export type SourceHashFlavour = "context" | "image";

/** Bytes beyond which a file's digest covers its content key instead of its bytes (see `hashEntry`). */
const MATERIALISE_LIMIT = 8 * 1024 * 1024;
const MEMO_LIMIT = 200_000;
const entryMemo = new Map<string, string>();

/**
 * The tarsum-v1 digest (hex) of one entry, as `lazySource.Hash` / `archiveContext.Hash` return it.
 * Memoised on (flavour, name, header fields, content key): a context file is hashed once however
 * many builds and steps read it.
 * @param relPath the path relative to the source root, without a leading slash
 */
export function hashEntry(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  relPath: string,
  flavour: SourceHashFlavour,
): string {
  // First by node identity (trees share unchanged nodes between builds), then by content.
  const seen = nodeMemo.get(node);
  if (seen !== undefined && seen.relPath === relPath && seen.flavour === flavour) return seen.digest;
  const digest = hashEntryByContent(node, relPath, flavour);
  nodeMemo.set(node, { flavour, relPath, digest });
  return digest;
}

/** One remembered digest per node: a node is almost always hashed under one path. */
const nodeMemo = new WeakMap<
  FsNode,
  { readonly flavour: SourceHashFlavour; readonly relPath: string; readonly digest: string }
>();

function hashEntryByContent(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  relPath: string,
  flavour: SourceHashFlavour,
): string {
  const meta = node.meta;
  const detail =
    node.kind === "file"
      ? `${node.content.size}|${node.content.key}`
      : node.kind === "symlink"
        ? node.target
        : "";
  const memoKey = `${flavour}|${node.kind}|${relPath}|${meta.mode}|${meta.uid}|${meta.gid}|${meta.xattrs?.["security.capability"] ?? ""}|${detail}`;
  const known = entryMemo.get(memoKey);
  if (known !== undefined) return known;
  const header = tarsumHeader(node, relPath, flavour);
  const hash = createSha256().update(utf8ToBytes(header));
  if (node.kind === "file" && node.content.size > 0) {
    // Simulated payloads larger than the limit (package installs, dd of /dev/zero) are never
    // materialised: their digest covers the content key, which is equal exactly when the bytes are.
    hash.update(
      node.content.size <= MATERIALISE_LIMIT ? node.content.bytes() : utf8ToBytes(node.content.key),
    );
  }
  const digest = hash.digest().slice("sha256:".length);
  if (entryMemo.size >= MEMO_LIMIT) entryMemo.clear();
  entryMemo.set(memoKey, digest);
  return digest;
}

/** The header part of a tarsum v1 entry: `name…mode…uid…gid…size…typeflag…linkname…uname…gname…devmajor…devminor…` + xattrs. */
function tarsumHeader(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  relPath: string,
  flavour: SourceHashFlavour,
): string {
  const isDir = node.kind === "dir";
  const name = isDir && !relPath.endsWith("/") ? `${relPath}/` : relPath;
  const permissions = node.meta.mode & 0o7777;
  const typeBits = node.kind === "dir" ? 0o40000 : node.kind === "symlink" ? 0o120000 : 0o100000;
  const mode = flavour === "image" ? permissions | typeBits : permissions;
  const uid = flavour === "image" ? node.meta.uid : 0;
  const gid = flavour === "image" ? node.meta.gid : 0;
  const size = node.kind === "file" ? node.content.size : 0;
  const typeflag = node.kind === "dir" ? "5" : node.kind === "symlink" ? "2" : "0";
  const linkname = node.kind === "symlink" ? node.target : "";
  const uname = flavour === "image" && uid === 0 ? "root" : "";
  const gname = flavour === "image" && gid === 0 ? "root" : "";
  let header =
    `name${name}mode${mode}uid${uid}gid${gid}size${size}typeflag${typeflag}linkname${linkname}` +
    `uname${uname}gname${gname}devmajor0devminor0`;
  // ReadSecurityXattrToTarHeader: only security.capability reaches the header.
  const capability = node.meta.xattrs?.["security.capability"];
  if (capability !== undefined) header += `security.capability${capability}`;
  return header;
}

/** What a source path names, for `file:`/`dir:` hashing. */
export interface SourceEntry {
  readonly node: Exclude<FsNode, { kind: "whiteout" }>;
  /** Relative to the source root, no leading slash; "" for the root itself. */
  readonly relPath: string;
}

/**
 * The legacy hash of one COPY source: `file:<digest>` for a non-directory, `dir:<sha256>` of the
 * sorted digests of the directory's own entry and every entry below it. The root of the context
 * (`COPY . /app`) contributes only its descendants (`walkSource` skips `rel == "."`).
 */
export function hashCopySource(
  entry: SourceEntry,
  flavour: SourceHashFlavour,
  collect?: Map<string, string>,
): string {
  if (entry.node.kind !== "dir") {
    const digest = hashEntry(entry.node, entry.relPath, flavour);
    collect?.set(entry.relPath, digest);
    return `file:${digest}`;
  }
  const memoKey = `${flavour}\u0000${entry.relPath}`;
  if (collect === undefined) {
    const known = dirMemo.get(entry.node)?.get(memoKey);
    if (known !== undefined) return known;
  }
  const digests: string[] = [];
  if (entry.relPath !== "") {
    const digest = hashEntry(entry.node, entry.relPath, flavour);
    collect?.set(entry.relPath, digest);
    digests.push(digest);
  }
  collectDigests(entry.node, entry.relPath, flavour, digests, collect);
  digests.sort();
  const hash = hashStringSlice("dir", digests);
  let byNode = dirMemo.get(entry.node);
  if (byNode === undefined) {
    byNode = new Map();
    dirMemo.set(entry.node, byNode);
  }
  byNode.set(memoKey, hash);
  return hash;
}

const dirMemo = new WeakMap<DirNode, Map<string, string>>();
const subtreeMemo = new WeakMap<
  DirNode,
  { readonly flavour: SourceHashFlavour; readonly relPath: string; readonly digests: readonly string[] }
>();

function collectDigests(
  dir: DirNode,
  relPath: string,
  flavour: SourceHashFlavour,
  out: string[],
  collect: Map<string, string> | undefined,
): void {
  if (collect === undefined) {
    for (const digest of subtreeDigests(dir, relPath, flavour)) out.push(digest);
    return;
  }
  for (const [name, child] of dir.children) {
    if (child.kind === "whiteout") continue;
    const childPath = relPath === "" ? name : `${relPath}/${name}`;
    const digest = hashEntry(child, childPath, flavour);
    collect.set(childPath, digest);
    out.push(digest);
    if (child.kind === "dir") collectDigests(child, childPath, flavour, out, collect);
  }
}

/** The digests of every entry below a directory, memoised per node: an unchanged (shared) subtree is reused whole. */
function subtreeDigests(dir: DirNode, relPath: string, flavour: SourceHashFlavour): readonly string[] {
  const known = subtreeMemo.get(dir);
  if (known !== undefined && known.relPath === relPath && known.flavour === flavour) return known.digests;
  const digests: string[] = [];
  for (const [name, child] of dir.children) {
    if (child.kind === "whiteout") continue;
    const childPath = relPath === "" ? name : `${relPath}/${name}`;
    digests.push(hashEntry(child, childPath, flavour));
    if (child.kind === "dir")
      for (const digest of subtreeDigests(child, childPath, flavour)) digests.push(digest);
  }
  subtreeMemo.set(dir, { flavour, relPath, digests });
  return digests;
}

/**
 * `getSourceHashFromInfos`: the single source's hash, or `multi:` over all of them.
 * @example combineSourceHashes(["file:a", "file:b"]) // "multi:" + sha256("file:a,file:b")
 */
export function combineSourceHashes(hashes: readonly string[]): string {
  if (hashes.length === 1) return hashes[0] ?? "";
  return hashStringSlice("multi", hashes);
}

/** `hashStringSlice(prefix, slice)`: `<prefix>:` + hex sha256 of the elements joined by commas. */
export function hashStringSlice(prefix: string, values: readonly string[]): string {
  return `${prefix}:${sha256Digest(values.join(",")).slice("sha256:".length)}`;
}
