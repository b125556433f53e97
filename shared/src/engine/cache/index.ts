/** Build cache keys and explanations: the legacy builder's (§2.1) and BuildKit's (§2.2). */
export {
  type BuildKitCacheRecord,
  type BuildKitKeyInputs,
  computeBuildKitKey,
  explainBuildKitHit,
  explainBuildKitMiss,
} from "./buildkit.ts";
export {
  type ClassicCacheCandidate,
  compareContainerConfigs,
  explainClassicMiss,
  findCachedChild,
  probeClassicCache,
} from "./classic.ts";
export {
  combineSourceHashes,
  hashCopySource,
  hashStringSlice,
  type SourceHashFlavour,
} from "./source-hash.ts";
