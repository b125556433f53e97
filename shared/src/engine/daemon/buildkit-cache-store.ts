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
   * The cache's other records, which hold no step's result: a base image's layers (one record per
   * layer, size 0: the layer store owns them) and the local sources a build session transferred
   * (the Dockerfile, .dockerignore, the context files COPY/ADD read).
   */
  otherRecords(): readonly OtherCacheRecord[];
  /** Creates or reuses (keyed by `key`) one of those records for a build at `nowMs`. */
  useOtherRecord(record: Omit<OtherCacheRecord, "usage" | "createdMs">, nowMs: number): void;
  removeOtherRecords(records: readonly OtherCacheRecord[]): void;
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
  /** The base image layers a `regular` record holds, base first (the image store shares them). */
  readonly snapshot?: readonly Layer[];
  readonly createdMs: number;
  readonly usage: CacheUsage;
}

/** An empty cache. */
export function createBuildKitCacheStore(): BuildKitCacheStore {
  const records: BuildKitCacheRecord[] = [];
  const recordsByKey = new Map<string, BuildKitCacheRecord>();
  const recordUsage = new WeakMap<BuildKitCacheRecord, CacheUsage>();
  const otherRecords = new Map<string, OtherCacheRecord>();
  let recordSequence = 0;
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
      for (const record of records) recordsByKey.set(record.key, record);
    },
    usageOf(record) {
      return recordUsage.get(record) ?? { count: 1, lastUsedMs: record.createdMs };
    },
    touch(record, nowMs) {
      const usage = recordUsage.get(record) ?? { count: 1, lastUsedMs: record.createdMs };
      recordUsage.set(record, { count: usage.count + 1, lastUsedMs: nowMs });
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
  };
}
