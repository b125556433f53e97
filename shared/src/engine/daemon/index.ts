/** The simulated daemon's image store: images, tags, parent links, rmi, build caches. */
export { type HistoryRow, imageHistory } from "./history.ts";
export {
  type BuildKitCacheStore,
  type CatalogLookup,
  type CreateImageStoreOptions,
  createImageStore,
  type ImageStore,
  type ImageUser,
  type RemoveImageOptions,
  type RemoveImageResult,
  type RemoveRecord,
  type StepAnnotation,
} from "./image-store.ts";
export {
  fullyQualifiedReference,
  type ImageReference,
  normalizeImageTag,
  parseImageReference,
} from "./reference.ts";
