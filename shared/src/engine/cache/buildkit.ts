/**
 * BuildKit's cache keys (reference §2.2). Only RUN (exec), COPY/ADD (file copy, or a merge for
 * `--link`), WORKDIR (mkdir) and FROM (image source) are vertices of the LLB graph; a vertex key
 * is the digest of its op definition combined with the keys of its inputs, except that COPY/ADD
 * sources are keyed by the *content* of the selected files (the build context's own definition key
 * changes every build). Metadata instructions never enter a key (C4); ENV, ARG, USER, WORKDIR and
 * SHELL change the state later vertices read (C-ENV2, C-ARG1).
 */
import { sha256Digest } from "../../core/hash.ts";
import { type Reason, reason } from "../../core/reasons.ts";
import type { FsNode } from "../fs/types.ts";
import type { Layer } from "../image/types.ts";

export type BuildKitVertexKind = "exec" | "copy" | "mkdir";

/** Everything a vertex key is computed from, kept so that a miss can be explained. */
export interface BuildKitKeyInputs {
  readonly kind: BuildKitVertexKind;
  /** The key of the state the op runs on (`scratch` for `COPY --link`). */
  readonly parentKey: string;
  /** The op definition: command, env, cwd, user for exec; source paths, dest, chown, chmod for copy. */
  readonly op: Readonly<Record<string, string>>;
  /** COPY/ADD: the content-based digest of the selected sources (mtime excluded). */
  readonly contentKey?: string;
  /** COPY/ADD: checksum of every selected entry by path, computed when a miss is explained. */
  readonly contentEntries?: () => ReadonlyMap<string, string>;
}

/** One result BuildKit keeps in its cache: the snapshot a vertex produced, as a layer. */
export interface BuildKitCacheRecord {
  readonly key: string;
  readonly inputs: BuildKitKeyInputs;
  /** Where the record came from, for people: `[build 2/3] RUN echo prep`. */
  readonly description: string;
  /** Which step of which stage produced it (`build#2`), to compare a miss with an earlier build. */
  readonly slot: string;
  readonly layer: Layer;
  /**
   * The snapshot the record holds, base layer first and `layer` last: while the record exists the
   * daemon's layer store keeps that chain (an image prune or rmi frees no layer the cache holds).
   */
  readonly snapshot: readonly Layer[];
  /**
   * The containerd image store: the disk usage of the step's own snapshot, the execution's upper
   * directory (a RUN's mount stubs and the /etc copied up for its mounts included, which the
   * exported layer leaves out).
   */
  readonly snapshotUsage?: number;
  readonly createdMs: number;
  readonly sequence: number;
}

/** The key of a base image source: the image it resolved to (by identity within the store). */
export function imageSourceKey(reference: string, imageIdentity: string): string {
  return sha256Digest(`source:docker-image:${reference}:${imageIdentity}`);
}

/** `FROM scratch`: an empty state. */
export const SCRATCH_KEY = "scratch";

/** A vertex key: the digest of the op, its input key and (COPY) the content digest of its sources. */
export function computeBuildKitKey(inputs: BuildKitKeyInputs): string {
  const op = Object.keys(inputs.op)
    .sort()
    .map((name) => `${name}=${JSON.stringify(inputs.op[name])}`)
    .join("\n");
  return sha256Digest(`${inputs.kind}\n${inputs.parentKey}\n${op}\n${inputs.contentKey ?? ""}`);
}

const checksumMemo = [new WeakMap<FsNode, string>(), new WeakMap<FsNode, string>()];

/**
 * A Merkle checksum of an entry and everything below it (contenthash's recursive checksum):
 * memoised per node, so an unchanged subtree shared between two builds is never walked again.
 */
export function buildkitTreeChecksum(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  resetOwner: boolean,
): string {
  const memo = checksumMemo[resetOwner ? 1 : 0] as WeakMap<FsNode, string>;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let checksum = buildkitEntryChecksum(node, resetOwner);
  if (node.kind === "dir") {
    const names = [...node.children.keys()].sort();
    const parts: string[] = [checksum];
    for (const name of names) {
      const child = node.children.get(name);
      if (child === undefined || child.kind === "whiteout") continue;
      parts.push(`${name}\u0000${buildkitTreeChecksum(child, resetOwner)}`);
    }
    checksum = sha256Digest(parts.join("\n"));
  }
  memo.set(node, checksum);
  return checksum;
}

/**
 * The content checksum BuildKit's contenthash computes for one entry: type, permission bits, owner
 * (reset to 0:0 for the build context by the client), size, link target and content — never mtime.
 * Content keys stand for the bytes (they are equal exactly when the bytes are).
 */
export function buildkitEntryChecksum(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  resetOwner: boolean,
): string {
  const uid = resetOwner ? 0 : node.meta.uid;
  const gid = resetOwner ? 0 : node.meta.gid;
  const mode = (node.meta.mode & 0o7777).toString(8);
  if (node.kind === "file") return `f ${mode} ${uid}:${gid} ${node.content.size} ${node.content.key}`;
  if (node.kind === "symlink") return `l ${mode} ${uid}:${gid} ${node.target}`;
  return `d ${mode} ${uid}:${gid}`;
}

/**
 * Collects the checksums of a selected source: the entry itself (under `prefix`) and, for a
 * directory, everything below it (BuildKit copies a directory's contents).
 */
export function collectBuildKitChecksums(
  node: Exclude<FsNode, { kind: "whiteout" }>,
  prefix: string,
  resetOwner: boolean,
  out: Map<string, string>,
): void {
  out.set(prefix, buildkitEntryChecksum(node, resetOwner));
  if (node.kind !== "dir") return;
  for (const [name, child] of node.children) {
    if (child.kind === "whiteout") continue;
    collectBuildKitChecksums(child, prefix === "" ? name : `${prefix}/${name}`, resetOwner, out);
  }
}

/** Why a vertex hit. */
export function explainBuildKitHit(inputs: BuildKitKeyInputs, fromStage: boolean, linked: boolean): Reason[] {
  if (inputs.kind === "exec") {
    return [
      reason(
        "same-definition",
        "same command, environment, user and working directory on the same input state, so BuildKit reuses the cached result",
        "R14",
      ),
    ];
  }
  if (inputs.kind === "mkdir") {
    return [reason("same-definition", "same directory and owner on the same input state", "R14")];
  }
  const reasons = [
    reason(
      "same-content",
      "the selected source files have the same checksums (content, mode, names; mtime is ignored) and the destination state is unchanged",
      "R12",
    ),
  ];
  if (fromStage) {
    reasons.push(
      reason(
        "content-keyed-from",
        "COPY --from is keyed on the content of the copied files, so it hits even when the source stage ran again (C3)",
        "C3",
      ),
    );
  }
  if (linked) {
    reasons.push(
      reason(
        "link-independent",
        "COPY --link copies onto an empty state, so it does not depend on the previous steps (C5)",
        "C5",
      ),
    );
  }
  return reasons;
}

/** Context for explaining a miss: which ARG names were declared (to tell ARG from ENV changes). */
export interface MissContext {
  readonly declaredArgs: ReadonlySet<string>;
  readonly noCache: boolean;
}

/**
 * Why a vertex missed: compares its inputs with the records BuildKit has for the same step of an
 * earlier build (same slot) or for the same op on another input.
 */
export function explainBuildKitMiss(
  inputs: BuildKitKeyInputs,
  slot: string,
  records: readonly BuildKitCacheRecord[],
  context: MissContext,
): Reason[] {
  if (context.noCache) {
    return [
      reason("no-cache", "--no-cache: BuildKit ignores its cache for every vertex (llb.IgnoreCache)", "R19"),
    ];
  }
  const sameKind = records.filter((record) => record.inputs.kind === inputs.kind);
  const sameOp = sameKind.filter(
    (record) => sameOpFields(record.inputs, inputs) && sameContent(record.inputs, inputs),
  );
  if (sameOp.length > 0) {
    return [
      reason(
        "input-changed",
        "this step is unchanged but the state it runs on is different: an earlier step it depends on missed, so its definition key changed (R14)",
        "R14",
      ),
    ];
  }
  const previous =
    [...sameKind].reverse().find((record) => record.slot === slot) ??
    [...sameKind].reverse().find((record) => record.inputs.parentKey === inputs.parentKey);
  if (previous === undefined) {
    return [reason("not-cached", "BuildKit has no cache record for this step yet", "R14")];
  }
  const reasons: Reason[] = [];
  for (const field of new Set([...Object.keys(previous.inputs.op), ...Object.keys(inputs.op)])) {
    const before = previous.inputs.op[field];
    const after = inputs.op[field];
    if (before === after) continue;
    if (field === "env") reasons.push(...explainEnvChange(before ?? "", after ?? "", context.declaredArgs));
    else reasons.push(explainOpField(inputs.kind, field));
  }
  if (
    previous.inputs.contentEntries &&
    inputs.contentEntries &&
    previous.inputs.contentKey !== inputs.contentKey
  ) {
    reasons.push(...explainContentChange(previous.inputs.contentEntries(), inputs.contentEntries(), "R12"));
  }
  if (reasons.length === 0 && previous.inputs.parentKey !== inputs.parentKey) {
    reasons.push(
      reason(
        "input-changed",
        "an earlier step this one depends on missed, so the state it runs on has a new definition key (R14)",
        "R14",
      ),
    );
  }
  if (reasons.length === 0)
    reasons.push(reason("not-cached", "BuildKit has no cache record with this key", "R14"));
  return reasons;
}

function sameOpFields(left: BuildKitKeyInputs, right: BuildKitKeyInputs): boolean {
  const keys = new Set([...Object.keys(left.op), ...Object.keys(right.op)]);
  for (const key of keys) if (left.op[key] !== right.op[key]) return false;
  return true;
}

function sameContent(left: BuildKitKeyInputs, right: BuildKitKeyInputs): boolean {
  return left.contentKey === right.contentKey;
}

function explainOpField(kind: BuildKitVertexKind, field: string): Reason {
  const messages: Record<string, string> = {
    args: "the command changed (BuildKit compares the command string, never the files it reads: C7)",
    cwd: "the working directory changed (WORKDIR is part of the RUN definition)",
    user: "USER changed (the user is part of the definition)",
    shell: "SHELL changed the command line",
    dest: "the destination changed",
    sources: "the source paths changed",
    chown: "--chown changed",
    chmod: "--chmod changed",
    path: "the directory changed",
  };
  return reason(`${kind}-${field}-changed`, messages[field] ?? `${field} changed`, "R14", { field });
}

/** Names the variables whose values differ between two serialised env lists (`K=v` joined by `\n`). */
function explainEnvChange(before: string, after: string, declaredArgs: ReadonlySet<string>): Reason[] {
  const parse = (text: string) =>
    new Map(
      text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => {
          const index = line.indexOf("=");
          return [
            index === -1 ? line : line.slice(0, index),
            index === -1 ? "" : line.slice(index + 1),
          ] as const;
        }),
    );
  const left = parse(before);
  const right = parse(after);
  const reasons: Reason[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    if (left.get(key) === right.get(key)) continue;
    if (declaredArgs.has(key)) {
      reasons.push(
        reason(
          "build-arg-changed",
          `build arg ${key} changed and this RUN follows ARG ${key} (C-ARG1)`,
          "C-ARG1",
          { name: key },
        ),
      );
    } else {
      reasons.push(
        reason(
          "env-changed",
          `ENV ${key} changed, and every later RUN sees the environment (C-ENV2)`,
          "C-ENV2",
          {
            name: key,
          },
        ),
      );
    }
  }
  return reasons;
}

/**
 * Names the files whose checksum differs between two digest maps: changed, added, removed.
 * @param rule the rule to cite (R12 for COPY content)
 */
export function explainContentChange(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  rule: string,
): Reason[] {
  const reasons: Reason[] = [];
  const shown = (path: string) => (path === "" ? "the source" : path);
  for (const [path, digest] of after) {
    const old = before.get(path);
    if (old === undefined) {
      reasons.push(reason("source-added", `${shown(path)} was added to the copied files`, rule, { path }));
    } else if (old !== digest) {
      reasons.push(reason("source-changed", `the checksum of ${shown(path)} changed`, rule, { path }));
    }
  }
  for (const path of before.keys()) {
    if (!after.has(path)) {
      reasons.push(
        reason("source-removed", `${shown(path)} is no longer among the copied files`, rule, { path }),
      );
    }
  }
  return reasons;
}
