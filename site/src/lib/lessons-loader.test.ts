import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoaderContext } from "astro/loaders";
import { afterAll, describe, expect, it } from "vitest";
import { CONTENT_DIR } from "./content-dir.ts";
import { lessonsLoader } from "./lessons-loader.ts";

type Entry = Parameters<LoaderContext["store"]["set"]>[0];

/** The parts of Astro's loader context the lessons loader uses, recording what it stores. */
function fakeContext() {
  const entries = new Map<string, Entry>();
  const stored: string[] = [];
  const store = {
    keys: () => [...entries.keys()],
    get: (id: string) => entries.get(id),
    set: (entry: Entry) => {
      stored.push(entry.id);
      entries.set(entry.id, entry);
      return true;
    },
    delete: (id: string) => {
      entries.delete(id);
    },
  };
  const context = {
    store,
    generateDigest: (data: Record<string, unknown> | string) =>
      createHash("sha256")
        .update(typeof data === "string" ? data : JSON.stringify(data))
        .digest("hex"),
    parseData: async ({ data }: { data: Record<string, unknown> }) => data,
    renderMarkdown: async (markdown: string) => ({ html: markdown }),
  } as unknown as LoaderContext;
  return { context, entries, stored };
}

const work = mkdtempSync(join(tmpdir(), "layercake-loader-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the lessons loader", () => {
  // Bounded by the lessons it renders (each scenario run once, then none), not by the clock.
  it("re-renders only the entries whose inputs changed, as Astro's glob loader does", {
    timeout: 0,
  }, async () => {
    const contentDir = join(work, "content");
    cpSync(CONTENT_DIR, contentDir, { recursive: true });
    const loader = lessonsLoader(contentDir);
    const { context, entries, stored } = fakeContext();

    await loader.load(context);
    const everything = [...stored];
    expect(everything).toContain("index");
    expect(everything.length).toBeGreaterThan(1);

    stored.length = 0;
    await loader.load(context);
    expect(stored).toEqual([]);
    expect([...entries.keys()].sort()).toEqual([...everything].sort());

    const track = readdirSync(join(contentDir, "lessons")).sort()[0] as string;
    const lessonFile = readdirSync(join(contentDir, "lessons", track)).sort()[0] as string;
    appendFileSync(join(contentDir, "lessons", track, lessonFile), "\nOne more sentence about layers.\n");
    await loader.load(context);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(new RegExp(`^${track}/`));
    expect(entries.get(stored[0] as string)?.body).toContain("One more sentence about layers.");
  });

  it("deletes the entries that are gone", { timeout: 0 }, async () => {
    const { context, entries } = fakeContext();
    context.store.set({ id: "old/removed-lesson", data: {} });
    const loader = lessonsLoader(join(work, "content"));
    await loader.load(context);
    expect(entries.has("old/removed-lesson")).toBe(false);
    expect(entries.has("index")).toBe(true);
  });
});
