/** Pins the public entry points of the build, cache, daemon and image modules. */
import { describe, expect, it } from "vitest";
import * as build from "../../src/engine/builder/index.ts";
import * as cache from "../../src/engine/cache/index.ts";
import * as daemon from "../../src/engine/daemon/index.ts";
import * as image from "../../src/engine/image/index.ts";

describe("public entry points", () => {
  it("exports the builder and its renderers", () => {
    expect(Object.keys(build).sort()).toEqual([
      "buildImage",
      "humanSize",
      "renderBuildKitOutput",
      "renderBuildOutput",
      "renderClassicOutput",
    ]);
  });

  it("exports the cache keys and explanations", () => {
    expect(Object.keys(cache).sort()).toEqual([
      "combineSourceHashes",
      "compareContainerConfigs",
      "computeBuildKitKey",
      "explainBuildKitHit",
      "explainBuildKitMiss",
      "explainClassicMiss",
      "findCachedChild",
      "hashCopySource",
      "hashStringSlice",
      "probeClassicCache",
    ]);
  });

  it("exports the image store and references", () => {
    expect(Object.keys(daemon).sort()).toEqual([
      "createImageStore",
      "fullyQualifiedReference",
      "imageHistory",
      "normalizeImageTag",
      "parseImageReference",
    ]);
  });

  it("exports image creation and config serialisation", () => {
    expect(Object.keys(image).sort()).toEqual([
      "DEFAULT_PATH_ENV",
      "DOCKER_VERSION",
      "computeImageId",
      "createImage",
      "formatGoDuration",
      "formatGoTime",
      "readImageDraft",
      "readImageFormat",
      "readImageParent",
      "serializeImageConfig",
    ]);
  });
});
