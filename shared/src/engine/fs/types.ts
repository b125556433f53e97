/**
 * The file-system model's shared vocabulary. Every other engine module (shell, build, container,
 * analysis) codes against these types; `fs/` implements the operations.
 *
 * Two kinds of tree use the same node types:
 * - a *changeset tree* is one layer as the OCI layer format describes it: additions and
 *   modifications as ordinary nodes, deletions as `whiteout` nodes, and `opaque` directories
 *   that hide everything below them in lower layers (OCI layer.md "Whiteouts", "Opaque Whiteout");
 * - a *union tree* is what a container sees after stacking layers: it never contains whiteouts,
 *   and no directory in it is opaque.
 *
 * Trees are immutable and share structure: an operation returns a new root and reuses every
 * untouched subtree, so "the union view after layer i" is cheap to keep for every i.
 */

/** File ownership and permissions, as `stat` shows them. */
export interface Metadata {
  /** Permission bits only (e.g. 0o755); the node kind carries the file type. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Modification time, whole seconds since the epoch (tar headers keep seconds). */
  readonly mtime: number;
  /** Extended attributes that matter to Docker (security.capability); absent when none. */
  readonly xattrs?: Readonly<Record<string, string>>;
}

/**
 * A regular file's bytes. Large simulated payloads (package installs, `head -c N /dev/zero`,
 * catalog base images) are described rather than stored: `bytes()` materialises them on demand.
 */
export interface FileContent {
  readonly size: number;
  /** A key that is equal exactly when the bytes are equal (content identity, not object identity). */
  readonly key: string;
  bytes(): Uint8Array;
  /** The bytes as UTF-8 text (for `cat` and friends). */
  text(): string;
  /** The bytes in pieces, so that a large content can be hashed or written without one allocation. */
  chunks?(): Iterable<Uint8Array>;
}

export interface FileNode {
  readonly kind: "file";
  readonly meta: Metadata;
  readonly content: FileContent;
  /**
   * Hard-link identity: paths whose nodes carry the same inode number are hard links to one file.
   * Copy-up gives the upper copy a fresh inode, which is how a hard link "breaks" (kernel
   * overlayfs.rst "index": with index off, copy-up breaks the link).
   */
  readonly inode: number;
  /**
   * Changeset trees only: the path is an unchanged hard link to a changed file. containerd's
   * walking differ writes it as a link to the inode's first changed path, after that path, however
   * the names sort (`archive/tar.go` changeWriter: `inodeRefs`, `additionalLinks`).
   */
  readonly linkOnly?: true;
}

export interface DirNode {
  readonly kind: "dir";
  readonly meta: Metadata;
  /** Children by name. Never mutated after construction. */
  readonly children: ReadonlyMap<string, FsNode>;
  /** Changeset trees only: hides all lower children (`.wh..wh..opq`). Always false in union trees. */
  readonly opaque: boolean;
}

export interface SymlinkNode {
  readonly kind: "symlink";
  readonly meta: Metadata;
  readonly target: string;
}

/** Changeset trees only: the path is deleted in this layer (`.wh.<name>`). */
export interface WhiteoutNode {
  readonly kind: "whiteout";
  /**
   * The header of the `.wh.` marker in the layer tar, when the differ that wrote the layer gives it
   * one of its own: containerd's writes mode 0, owner 0:0 and the time of the diff. Absent: moby's
   * 0600 and mtime 0 (W2).
   */
  readonly marker?: Metadata;
}

export type FsNode = FileNode | DirNode | SymlinkNode | WhiteoutNode;
export type NodeKind = FsNode["kind"];

/** What `lstat`/`stat` report for a path in a mounted view. */
export interface Stat {
  readonly kind: "file" | "dir" | "symlink";
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  /** Bytes for files, target length for symlinks, 4096 for directories (as ext4/overlay report). */
  readonly size: number;
  readonly inode: number;
  /** Number of paths in the view that share this inode (files); 1 for other kinds. */
  readonly nlink: number;
}

/** POSIX error names the simulated file system can return. */
export type FsErrorCode =
  | "ENOENT"
  | "EEXIST"
  | "ENOTDIR"
  | "EISDIR"
  | "ENOTEMPTY"
  | "EXDEV"
  | "EINVAL"
  | "ELOOP"
  | "EBUSY"
  | "EPERM"
  | "EACCES";

export interface FsError {
  readonly code: FsErrorCode;
  /** The syscall-style operation that failed (`open`, `mkdir`, `rename`, …). */
  readonly syscall: string;
  readonly path: string;
}

/** File-system operations return results, never throw: a failing `rm` in a RUN is data. */
export type FsResult<Value = void> = { ok: true; value: Value } | { ok: false; error: FsError };

/**
 * A read-write view of a stack of layers, like an overlay mount: reads look through the upper
 * layer to the lower union; the first write to a lower object copies it up whole (kernel
 * overlayfs.rst "Non-directories"); deletions of lower objects leave whiteouts; re-creating a
 * deleted lower directory makes it opaque; renaming a lower or merged directory fails with EXDEV
 * (redirect_dir off, as Docker mounts it).
 *
 * All paths are absolute and already resolved against the caller's working directory; `.` and `..`
 * components are allowed and handled lexically after symlink resolution, as the kernel does.
 */
export interface MountedFs {
  lstat(path: string): FsResult<Stat>;
  /** Follows symlinks in every component, including the last. */
  stat(path: string): FsResult<Stat>;
  /** Names in a directory, sorted by code point, without `.` and `..`. */
  readdir(path: string): FsResult<string[]>;
  readFile(path: string): FsResult<FileContent>;
  readlink(path: string): FsResult<string>;
  /** Creates or replaces the file's content (follows a symlink at the last component). */
  writeFile(path: string, content: FileContent, options?: { append?: boolean; mode?: number }): FsResult;
  mkdir(path: string, options?: { parents?: boolean; mode?: number }): FsResult;
  unlink(path: string): FsResult;
  rmdir(path: string): FsResult;
  rename(from: string, to: string): FsResult;
  symlink(target: string, path: string): FsResult;
  link(existingPath: string, newPath: string): FsResult;
  chmod(path: string, mode: number): FsResult;
  chown(path: string, uid: number, gid: number): FsResult;
  /** Sets the modification time (touch). */
  utimes(path: string, mtime: number): FsResult;
}

/** Who a process runs as; new files are owned by this identity. */
export interface Identity {
  readonly uid: number;
  readonly gid: number;
  /**
   * Supplementary groups (what `id` prints after `groups=`). Unset means the primary group only, as
   * Docker's runtime sets for `docker run` and classic RUN containers; BuildKit 0.8 reads them from
   * /etc/group only, so a RUN on an image without one has none.
   */
  readonly groups?: readonly number[];
}
