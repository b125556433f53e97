import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../core/diagnostics.ts";
import { type ContentFile, loadContentLibrary } from "./library.ts";

const tracks: ContentFile = {
  path: "content/tracks.yml",
  text: "- id: building\n  title: Building\n  description: How images are built.\n",
};

function lesson(track: string, name: string, title: string): ContentFile {
  return {
    path: `content/lessons/${track}/${name}.md`,
    text: `---\ntitle: ${title}\nsummary: S.\nobjectives: [O]\nsources:\n  - title: T\n    url: https://docs.docker.com/\n---\n\n## How COPY is cached\n\nText.\n`,
  };
}

function question(id: string, link: string, extra = ""): string {
  return `## ${id}\n\nPrompt.\n\n\`\`\`yaml\nkind: true-false\ndifficulty: easy\ntags: [cache]\nlesson: ${link}\nanswer: true\nexplanation: Because.\n${extra}\`\`\`\n`;
}

function bankFile(topic: string, body: string): ContentFile {
  return {
    path: `content/questions/${topic}.md`,
    text: `---\ntitle: T\nlesson: build-cache\n---\n\n${body}`,
  };
}

describe("loadContentLibrary", () => {
  it("orders lessons by track and number and lists each lesson's questions", () => {
    const { library, diagnostics } = loadContentLibrary([
      tracks,
      lesson("building", "02-build-cache", "Cache"),
      lesson("building", "01-dockerfile-to-layers", "Layers"),
      bankFile(
        "build-cache",
        question("cache-a", "build-cache#how-copy-is-cached") + question("cache-b", "build-cache"),
      ),
    ]);
    expect(diagnostics).toEqual([]);
    expect(library.lessons.map((item) => item.id)).toEqual(["dockerfile-to-layers", "build-cache"]);
    expect(library.lessons[1]?.questionIds).toEqual(["cache-a", "cache-b"]);
    expect(library.tracks).toEqual([
      { id: "building", title: "Building", description: "How images are built.", order: 0 },
    ]);
  });

  it("reports duplicate question ids with both places", () => {
    const { diagnostics } = loadContentLibrary([
      tracks,
      lesson("building", "02-build-cache", "Cache"),
      bankFile("build-cache", question("cache-a", "build-cache")),
      bankFile("more-cache", question("cache-a", "build-cache")),
    ]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "content/questions/more-cache.md:6:1 DuplicateId question id cache-a is also used at content/questions/build-cache.md:6",
    ]);
  });

  it("reports links to missing lessons and sections, listing the sections that exist", () => {
    const { diagnostics } = loadContentLibrary([
      tracks,
      lesson("building", "02-build-cache", "Cache"),
      bankFile(
        "build-cache",
        question("cache-a", "build-cache#nowhere") + question("cache-b", "no-such-lesson"),
      ),
    ]);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "question cache-a links to build-cache#nowhere, which is not a section of that lesson (sections: how-copy-is-cached)",
      'question cache-b links to lesson "no-such-lesson", which does not exist',
    ]);
  });

  it("reports a lesson in a track tracks.yml does not list", () => {
    const { diagnostics } = loadContentLibrary([tracks, lesson("storage", "01-overlay", "Overlay")]);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'lesson overlay is in track "storage", which tracks.yml does not list (tracks: building)',
    ]);
  });

  it("reports a scenario placeholder that its params do not define", () => {
    const scenario = `## cache-p\n\nHow many layers with {{count}}?\n\n\`\`\`yaml\nkind: scenario\ndifficulty: easy\ntags: [layers]\nscenario:\n  dockerfile: "FROM tiny:1\\nRUN echo {{size}}"\n  ask: { kind: layer-count, count: added }\n  params: { size: [1, 2] }\nexplanation: x\n\`\`\`\n`;
    const { diagnostics } = loadContentLibrary([
      tracks,
      lesson("building", "02-build-cache", "Cache"),
      bankFile("build-cache", scenario),
    ]);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "question cache-p uses {{count}} but its scenario params define size",
    ]);
  });

  it("reports a missing tracks.yml", () => {
    expect(loadContentLibrary([]).diagnostics[0]?.message).toContain("tracks.yml is missing");
  });
});
