/** Images: config documents, their exact bytes and IDs, lazily identified image objects. */
export { type ConfigFormat, computeImageId, serializeImageConfig } from "./config-json.ts";
export { formatGoDuration, formatGoTime } from "./go-format.ts";
export {
  type CreateImageOptions,
  createImage,
  DEFAULT_PATH_ENV,
  DOCKER_VERSION,
  type ImageDocumentDraft,
  readImageDraft,
  readImageFormat,
  readImageParent,
} from "./image.ts";
export type * from "./types.ts";
