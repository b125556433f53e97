/**
 * BuildKit's cache records as the simulated daemon keeps them: one per step result (found by its
 * cache key, the newest first), with how often and when each was used, and the other records that
 * hold no step result (a base image's layers, the local sources a session transferred). `docker
 * system df` lists them and `docker builder prune` drops them.
 */
import type { BuildKitCacheRecord } from "../cache/buildkit.ts";
import type { Layer } from "../image/types.ts";

export interface BuildKitCacheStore {
  /** The newest record under a key. */
  find(key: string): BuildKitCacheRecord | undefined;
  add(record: Omit<BuildKitCacheRecord, "sequence">): BuildKitCacheRecord;
  /** Every record, oldest first. */
  list(): readonly BuildKitCacheRecord[];
  /** Drops these records (`docker builder prune`); later builds miss their keys. */
  remove(records: readonly BuildKitCacheRecord[]): void;
  /** How many builds used a record (made it or hit it) and when last. */
  usageOf(record: BuildKitCacheRecord): CacheUsage;
  /** A build hit the record. */
  touch(record: BuildKitCacheRecord, nowMs: number): void;
  /**
   * The record is the last result of a stage the build read only through `COPY --from` (or a
   * mount): BuildKit never committed it, so it stays a mutable record until a step runs on it or an
   * image exports it (`docker builder prune` marks mutable records with `*`).
   */
  markUncommitted(record: BuildKitCacheRecord): void;
  isUncommitted(record: BuildKitCacheRecord): boolean;
  /**
   * An image exported the record's layer: from then on the containerd image store holds its gzip
   * blob, which the record's size counts (BuildKit cache/refs.go `size`), whether or not an image
   * still holds it.
   */
  markExported(record: BuildKitCacheRecord): void;
  isExported(record: BuildKitCacheRecord): boolean;
  /**
   * No build finds the records held now by their keys any more (they stay listed until pruned):
   * what Docker 26.1 on the containerd image store does after a `builder prune` that deleted
   * something (measured: the next build runs every step again, even with only local sources or
   * one unshared record deleted; a prune that deletes nothing keeps the cache).
   */
  forgetKeys(): void;
  /**
   * The cache's other records, which hold no step's result: a base image's layers (one record per
   * layer, size 0: the layer store owns them) and the local sources a build session transferred
   * (the Dockerfile, .dockerignore, the context files COPY/ADD read).
   */
  otherRecords(): readonly OtherCacheRecord[];
  /** Creates or reuses (keyed by `key`) one of those records for a build at `nowMs`. */
  useOtherRecord(record: Omit<OtherCacheRecord, "usage" | "createdMs">, nowMs: number): void;
  removeOtherRecords(records: readonly OtherCacheRecord[]): void;
  /** Every record and the sequence, for saving the daemon's state (`createBuildKitCacheStore(state)`). */
  exportState(): BuildKitCacheState;
}

/** A cache's records as values, oldest first, with how builds used each. */
export interface BuildKitCacheState {
  readonly records: readonly {
    readonly record: BuildKitCacheRecord;
    readonly usage?: CacheUsage;
    readonly uncommitted?: true;
    readonly exported?: true;
    readonly unreachable?: true;
  }[];
  readonly otherRecords: readonly OtherCacheRecord[];
  readonly sequence: number;
}

export interface CacheUsage {
  readonly count: number;
  readonly lastUsedMs: number;
}

export interface OtherCacheRecord {
  /** Identity: `base:<chain of DiffIDs>` or `local:<session>:<name>`. */
  readonly key: string;
  readonly type: "regular" | "source.local";
  readonly description: string;
  readonly size: number;
  /**
   * The containerd image store: the disk usage of a local source's snapshot (its directories and
   * files in 4 KiB blocks), which that store's record sizes count instead of the files' bytes.
   */
  readonly diskUsage?: number;
  /** The base image layers a `regular` record holds, base first (the image store shares them). */
  readonly snapshot?: readonly Layer[];
  readonly createdMs: number;
  readonly usage: CacheUsage;
}

/** An empty cache, or one holding a saved state. */
export function createBuildKitCacheStore(state?: BuildKitCacheState): BuildKitCacheStore {
  const records: BuildKitCacheRecord[] = [];
  const recordsByKey = new Map<string, BuildKitCacheRecord>();
  const recordUsage = new WeakMap<BuildKitCacheRecord, CacheUsage>();
  const uncommitted = new WeakSet<BuildKitCacheRecord>();
  const exported = new WeakSet<BuildKitCacheRecord>();
  const unreachable = new WeakSet<BuildKitCacheRecord>();
  const otherRecords = new Map<string, OtherCacheRecord>();
  let recordSequence = state?.sequence ?? 0;
  for (const {
    record,
    usage,
    uncommitted: mutable,
    exported: hasBlob,
    unreachable: lost,
  } of state?.records ?? []) {
    records.push(record);
    if (lost) unreachable.add(record);
    else recordsByKey.set(record.key, record);
    if (usage !== undefined) recordUsage.set(record, usage);
    if (mutable) uncommitted.add(record);
    if (hasBlob) exported.add(record);
  }
  for (const record of state?.otherRecords ?? []) otherRecords.set(record.key, record);
  return {
    find(key) {
      return recordsByKey.get(key);
    },
    add(record) {
      recordSequence += 1;
      const stored: BuildKitCacheRecord = { ...record, sequence: recordSequence };
      records.push(stored);
      // BuildKit prefers the newest of several matching records.
      recordsByKey.set(stored.key, stored);
      return stored;
    },
    list() {
      return records;
    },
    remove(removed) {
      const gone = new Set(removed);
      const kept = records.filter((record) => !gone.has(record));
      records.length = 0;
      records.push(...kept);
      recordsByKey.clear();
      for (const record of records) if (!unreachable.has(record)) recordsByKey.set(record.key, record);
    },
    usageOf(record) {
      return recordUsage.get(record) ?? { count: 1, lastUsedMs: record.createdMs };
    },
    touch(record, nowMs) {
      const usage = recordUsage.get(record) ?? { count: 1, lastUsedMs: record.createdMs };
      recordUsage.set(record, { count: usage.count + 1, lastUsedMs: nowMs });
    },
    markUncommitted(record) {
      uncommitted.add(record);
    },
    isUncommitted: (record) => uncommitted.has(record),
    markExported(record) {
      exported.add(record);
    },
    isExported: (record) => exported.has(record),
    forgetKeys() {
      for (const record of records) unreachable.add(record);
      recordsByKey.clear();
    },
    otherRecords() {
      return [...otherRecords.values()];
    },
    useOtherRecord(record, nowMs) {
      const known = otherRecords.get(record.key);
      otherRecords.set(record.key, {
        ...record,
        createdMs: known?.createdMs ?? nowMs,
        usage: { count: (known?.usage.count ?? 0) + 1, lastUsedMs: nowMs },
      });
    },
    removeOtherRecords(removed) {
      for (const record of removed) otherRecords.delete(record.key);
    },
    exportState: () => ({
      records: records.map((record) => {
        const usage = recordUsage.get(record);
        return {
          record,
          ...(usage === undefined ? {} : { usage }),
          ...(uncommitted.has(record) ? { uncommitted: true as const } : {}),
          ...(exported.has(record) ? { exported: true as const } : {}),
          ...(unreachable.has(record) ? { unreachable: true as const } : {}),
        };
      }),
      otherRecords: [...otherRecords.values()],
      sequence: recordSequence,
    }),
  };
}
