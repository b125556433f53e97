/**
 * Golden files of what people read: the builders' step logs and `docker history` rows. IDs and
 * content hashes are masked, so that the goldens pin the wording and the structure.
 */
import { describe, expect, it } from "vitest";
import { imageHistory } from "../../src/engine/daemon/history.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

/** Masks image and container IDs (labelled in order of appearance) and content hashes. */
function mask(text: string): string {
  const labels = new Map<string, string>();
  return text
    .replace(/(file|dir|multi):[0-9a-f]{64}/g, "$1:<hash>")
    .replace(/sha256:[0-9a-f]{64}/g, (id) => label(labels, id.slice(7, 19)))
    .replace(/\b[0-9a-f]{12}\b/g, (id) => label(labels, id));
}

function label(labels: Map<string, string>, id: string): string {
  let known = labels.get(id);
  if (known === undefined) {
    known = `<id-${labels.size + 1}>`;
    labels.set(id, known);
  }
  return known;
}

const E3 = dockerfile(
  "FROM tiny:1",
  "COPY a.txt /a.txt",
  "RUN echo step3 > /s3",
  "COPY b.txt /b.txt",
  "RUN echo step5 > /s5",
);
const FILES = { "a.txt": "aaa\n", "b.txt": "bbb\n" };

describe("golden outputs", () => {
  it("prints the classic builder's log for a rebuild after a.txt changed", async () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder: "classic", tags: ["exp:e3"] });
    const { stdout } = build(store, {
      dockerfile: E3,
      context: contextFromFiles({ ...FILES, "a.txt": "AAA\n" }),
      builder: "classic",
      tags: ["exp:e3"],
    });
    await expect(mask(stdout)).toMatchFileSnapshot("golden/e3-classic-rebuild.golden.txt");
  });

  it("prints BuildKit's plain progress for a partly cached rebuild", async () => {
    const { store } = createTestStore();
    build(store, { dockerfile: E3, context: contextFromFiles(FILES), builder: "buildkit", tags: ["exp:e3"] });
    const { stderr } = build(store, {
      dockerfile: E3,
      context: contextFromFiles({ ...FILES, "b.txt": "BBB changed\n" }),
      builder: "buildkit",
      tags: ["exp:e3"],
    });
    await expect(mask(stderr)).toMatchFileSnapshot("golden/e3-buildkit-rebuild.golden.txt");
  });

  it("lists docker history rows with IDs along the parent chain (classic) and <missing> (BuildKit)", async () => {
    const rows: string[] = [];
    for (const builder of ["classic", "buildkit"] as const) {
      const { store } = createTestStore();
      const { result } = build(store, {
        dockerfile: dockerfile(
          "FROM tiny:1",
          "ENV E=1",
          "RUN echo r > /r",
          "COPY a.txt /a.txt",
          'CMD ["sh"]',
        ),
        context: contextFromFiles(FILES),
        builder,
      });
      rows.push(`# ${builder}`);
      for (const row of imageHistory(store, result.image as NonNullable<typeof result.image>)) {
        rows.push(
          [
            row.image === "<missing>" ? row.image : row.image.slice(7, 19),
            row.createdBy,
            `${row.size}B`,
            row.comment,
          ].join(" | "),
        );
      }
    }
    await expect(mask(rows.join("\n"))).toMatchFileSnapshot("golden/history-rows.golden.txt");
  });
});
