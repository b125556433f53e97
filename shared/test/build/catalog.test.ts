/** FROM an image the store lacks: the simulated catalog answers, as a pull would. */
import { describe, expect, it } from "vitest";
import { createImageStore } from "../../src/engine/daemon/image-store.ts";
import { build, contextFromFiles, dockerfile } from "./support/fixtures.ts";

describe("base images from the catalog", () => {
  it.each(["classic", "buildkit"] as const)(
    "pulls busybox into the store on first use and tags it (%s)",
    (builder) => {
      const store = createImageStore();
      const { result } = build(store, {
        dockerfile: dockerfile("FROM busybox", "RUN echo hi > /hi"),
        context: contextFromFiles({}),
        builder,
      });
      expect(result.failure).toBeUndefined();
      const base = store.getImage("busybox:latest");
      expect(base?.origin).toBe("catalog");
      expect(result.image?.layers.slice(0, base?.layers.length)).toEqual(base?.layers);
    },
  );
});
