/** FROM scratch: no layers to start from, the default PATH, and the architecture of --platform. */
import { describe, expect, it } from "vitest";
import { readImageDraft } from "../../src/engine/image/image.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

describe("FROM scratch", () => {
  it.each(["classic", "buildkit"] as const)(
    "starts from zero layers and gives one COPY one layer (%s)",
    (builder) => {
      const { store } = createTestStore();
      const { result } = build(store, {
        dockerfile: dockerfile("FROM scratch", "COPY a.txt /a.txt"),
        context: contextFromFiles({ "a.txt": "hello\n" }),
        builder,
        platform: "linux/arm64",
      });
      const image = result.image as NonNullable<typeof result.image>;
      expect(image.layers).toHaveLength(1);
      const draft = readImageDraft(image);
      expect(draft.history).toHaveLength(1);
      expect(draft.architecture).toBe("arm64");
      expect(draft.config.Env).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
    },
  );

  it("fails a classic build with only FROM scratch: no image was generated", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: dockerfile("FROM scratch"),
      context: contextFromFiles({}),
      builder: "classic",
    });
    expect(result.failure).toEqual({
      kind: "step",
      message: "No image was generated. Is your Dockerfile empty?",
    });
  });
});
