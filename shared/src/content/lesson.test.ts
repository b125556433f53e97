import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../core/diagnostics.ts";
import { parseLesson } from "./lesson.ts";

const FILE = "content/lessons/building/02-build-cache.md";
const FRONTMATTER = `---
title: The build cache
summary: Which steps run again.
objectives:
  - Predict cache hits
sources:
  - title: Docker docs
    url: https://docs.docker.com/build/cache/
---
`;

describe("parseLesson", () => {
  it("takes track, order and id from the path and sections from the headings", () => {
    const { lesson, diagnostics } = parseLesson(
      `${FRONTMATTER}\nIntro.\n\n## How COPY is cached\n\nText.\n\n### Mode and mtime\n\n## Summary\n`,
      FILE,
    );
    expect(diagnostics).toEqual([]);
    expect(lesson).toMatchObject({
      id: "build-cache",
      track: "building",
      order: 2,
      title: "The build cache",
    });
    expect(lesson?.sections).toEqual([
      { slug: "how-copy-is-cached", title: "How COPY is cached", depth: 2 },
      { slug: "mode-and-mtime", title: "Mode and mtime", depth: 3 },
      { slug: "summary", title: "Summary", depth: 2 },
    ]);
  });

  it("gathers scenario blocks in document order, with edits after a console block", () => {
    const body = [
      "```dockerfile scenario=edit builder=classic",
      "FROM tiny:1",
      "COPY app.txt /app/",
      "```",
      "",
      "```text scenario=edit file=app.txt",
      "v1",
      "```",
      "",
      "```console scenario=edit",
      "$ docker build -t demo .",
      "$ docker history \\",
      "  demo",
      "```",
      "",
      "```text scenario=edit file=app.txt",
      "v2",
      "```",
      "",
      "```layers scenario=edit image=demo",
      "```",
    ].join("\n");
    const { lesson, diagnostics } = parseLesson(`${FRONTMATTER}\n${body}\n`, FILE);
    expect(diagnostics).toEqual([]);
    const [scenario] = lesson?.scenarios ?? [];
    expect(scenario?.name).toBe("edit");
    expect(scenario?.builder).toBe("classic");
    expect(scenario?.steps.map((step) => [step.kind, step.location.line])).toEqual([
      ["write", 11],
      ["write", 16],
      ["run", 20],
      ["write", 26],
      ["diagram", 30],
    ]);
    expect(scenario?.steps[2]).toMatchObject({ commands: ["docker build -t demo .", "docker history demo"] });
    expect(scenario?.steps[0]).toMatchObject({
      path: "Dockerfile",
      content: "FROM tiny:1\nCOPY app.txt /app/\n",
    });
  });

  it("rejects typed output in a console block, naming the line", () => {
    const body = "```console scenario=x\n$ docker images\nREPOSITORY   TAG\n```\n";
    const { diagnostics } = parseLesson(`${FRONTMATTER}\n${body}`, FILE);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:13:1 InvalidScenarioBlock console blocks hold only "$ command" lines; the output is generated (line 2 of the block: "REPOSITORY   TAG")`,
    ]);
  });

  it("reports a layers block without an image and a file block without a name", () => {
    const body = "```layers scenario=x\n```\n\n```python scenario=x\nprint()\n```\n";
    const names = parseLesson(`${FRONTMATTER}\n${body}`, FILE).diagnostics.map(
      (diagnostic) => diagnostic.name,
    );
    expect(names).toEqual(["InvalidScenarioBlock", "InvalidScenarioBlock"]);
  });

  it("reports a source without a valid URL at that field", () => {
    const text = FRONTMATTER.replace("https://docs.docker.com/build/cache/", "docs.docker.com");
    const [diagnostic] = parseLesson(text, FILE).diagnostics;
    expect(diagnostic?.name).toBe("ContentSchemaError");
    expect(diagnostic?.message).toContain("sources.0.url");
    expect(diagnostic?.range.start.line).toBe(8);
  });

  it("rejects a lesson outside lessons/<track>/<nn>-<slug>.md", () => {
    expect(parseLesson(FRONTMATTER, "content/lessons/build-cache.md").diagnostics[0]?.name).toBe(
      "InvalidContentPath",
    );
  });
});

describe("section slugs", () => {
  it("match the anchors the site renders after smartypants turns -- into a dash", () => {
    const { lesson } = parseLesson(
      `${FRONTMATTER}\n## COPY --from and the cache\n\n## --target and unused stages\n`,
      FILE,
    );
    expect(lesson?.sections.map((section) => section.slug)).toEqual([
      "copy-from-and-the-cache",
      "target-and-unused-stages",
    ]);
  });
});
