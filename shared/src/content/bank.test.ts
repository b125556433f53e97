import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../core/diagnostics.ts";
import { parseBank } from "./bank.ts";

const FILE = "content/questions/build-cache.md";

function bank(body: string): string {
  return `---\ntitle: The build cache\nlesson: build-cache\n---\n\n${body}`;
}

describe("parseBank", () => {
  it("reads a single-choice question with its prompt, options and default lesson", () => {
    const text = bank(`## cache-touch

You run \`touch app.py\`. What happens?

\`\`\`yaml
kind: single
difficulty: medium
tags: [cache, copy]
options:
  - text: Everything is rebuilt.
    why: mtime is not part of the checksum.
  - text: Every step hits the cache.
    correct: true
    why: Content, mode and name are unchanged.
explanation: The COPY checksum ignores mtime.
verify: |
  touch app.py && docker build .
\`\`\`
`);
    const { bank: parsed, diagnostics } = parseBank(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(parsed?.topic).toBe("build-cache");
    const question = parsed?.questions[0];
    expect(question).toMatchObject({
      id: "cache-touch",
      kind: "single",
      difficulty: "medium",
      prompt: "You run `touch app.py`. What happens?",
      lesson: { id: "build-cache" },
      verify: "touch app.py && docker build .",
      location: { file: FILE, line: 6, column: 1 },
    });
    expect(question?.options?.map((option) => option.correct)).toEqual([false, true]);
  });

  it("links a question to a lesson section and maps open rubrics onto the model", () => {
    const text = bank(`## cache-explain

Explain the build cache.

\`\`\`yaml
kind: open
difficulty: hard
tags: [cache]
lesson: build-cache#how-copy-is-cached
rubric:
  points:
    - id: checksum
      text: COPY is keyed by a checksum of the files.
      phrases: [checksum, content hash]
      weight: 2
  model_answer: Each step is keyed by its instruction and inputs.
  follow_ups: [What about mtime?]
explanation: See the lesson.
\`\`\`
`);
    const question = parseBank(text, FILE).bank?.questions[0];
    expect(question?.lesson).toEqual({ id: "build-cache", section: "how-copy-is-cached" });
    expect(question?.rubric).toEqual({
      points: [
        {
          id: "checksum",
          text: "COPY is keyed by a checksum of the files.",
          phrases: ["checksum", "content hash"],
          weight: 2,
        },
      ],
      modelAnswer: "Each step is keyed by its instruction and inputs.",
      followUps: ["What about mtime?"],
    });
  });

  it("fills scenario defaults: BuildKit, no edits, no params", () => {
    const text = bank(`## cache-layers

How many layers?

\`\`\`yaml
kind: scenario
difficulty: easy
tags: [layers]
scenario:
  dockerfile: |
    FROM tiny:1
    RUN echo hi > /a
  ask:
    kind: layer-count
    count: added
explanation: One RUN, one layer.
\`\`\`
`);
    const question = parseBank(text, FILE).bank?.questions[0];
    expect(question?.scenario).toEqual({
      builder: "buildkit",
      dockerfile: "FROM tiny:1\nRUN echo hi > /a",
      files: {},
      edits: {},
      ask: { kind: "layer-count", count: "added" },
      params: {},
    });
  });

  it("reads the profiles a question holds for and what differs elsewhere", () => {
    const text = bank(`## size-row

Prompt.

\`\`\`yaml
kind: numeric
difficulty: easy
tags: [sizes]
profiles: [26.1-overlay2, 20.10-overlay2]
profile_note: The containerd image store shows 4.1kB.
answer: 0
explanation: A whiteout has no bytes.
\`\`\`
`);
    const { bank: parsed, diagnostics } = parseBank(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(parsed?.questions[0]).toMatchObject({
      profiles: ["26.1-overlay2", "20.10-overlay2"],
      profileNote: "The containerd image store shows 4.1kB.",
    });
  });

  it("reports an unknown profile, a missing note and a size claimed for the containerd store", () => {
    const question = (id: string, fields: string) =>
      `## ${id}\n\nPrompt.\n\n\`\`\`yaml\n${fields}\nexplanation: E.\n\`\`\`\n`;
    const text = bank(
      [
        question(
          "unknown",
          "kind: true-false\ndifficulty: easy\ntags: [t]\nanswer: true\nprofiles: [29-overlay2]",
        ),
        question(
          "no-note",
          "kind: true-false\ndifficulty: easy\ntags: [t]\nanswer: true\nprofiles: [20.10-overlay2]",
        ),
        question(
          "size",
          "kind: scenario\ndifficulty: easy\ntags: [t]\nprofiles: [26.1-containerd, 26.1-overlay2, 20.10-overlay2]\nscenario:\n  dockerfile: FROM tiny:1\n  ask:\n    kind: image-size\n    unit: MB\n    tolerancePercent: 1",
        ),
      ].join("\n"),
    );
    const messages = parseBank(text, FILE).diagnostics.map(formatDiagnostic);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain(
      '"29-overlay2" is not a profile; use `26.1-containerd`, `26.1-overlay2`, `20.10-overlay2`',
    );
    expect(messages[1]).toContain(
      "question no-note: its profiles leave out 26.1-containerd, 26.1-overlay2; say in `profile_note` what differs there",
    );
    expect(messages[2]).toContain("question size: its image-size answer is an overlay2 byte count");
  });

  it("lets a container-size question claim the containerd store, whose snapshot usage the engine computes", () => {
    const text = bank(
      "## ps-size\n\nPrompt.\n\n```yaml\nkind: scenario\ndifficulty: easy\ntags: [t]\nprofiles: [26.1-containerd, 26.1-overlay2, 20.10-overlay2]\nscenario:\n  dockerfile: FROM tiny:1\n  ask:\n    kind: container-size\n    command: echo hi > /x\n    unit: B\n    tolerancePercent: 0\nexplanation: E.\n```\n",
    );
    expect(parseBank(text, FILE).diagnostics).toEqual([]);
  });

  it("reports a single-choice question without a correct option at the options field", () => {
    const text = bank(`## cache-none

Which?

\`\`\`yaml
kind: single
difficulty: easy
tags: [cache]
options:
  - text: A
    why: no
  - text: B
    why: no
explanation: x
\`\`\`
`);
    const { bank: parsed, diagnostics } = parseBank(text, FILE);
    expect(parsed?.questions).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:15:3 ContentSchemaError question cache-none field \`options\`: exactly one option must have \`correct: true\``,
    ]);
  });

  it("reports invalid YAML at its line in the file", () => {
    const text = bank(`## cache-bad

Which?

\`\`\`yaml
kind: single
tags: [cache
\`\`\`
`);
    const [diagnostic] = parseBank(text, FILE).diagnostics;
    expect(diagnostic?.name).toBe("InvalidYaml");
    expect(diagnostic?.range.start.line).toBeGreaterThanOrEqual(11);
  });

  it("reports a question without a yaml block and a malformed id", () => {
    const text = bank("## Not An Id\n\nText\n\n## cache-missing\n\nNo block here.\n");
    const names = parseBank(text, FILE).diagnostics.map((diagnostic) => [
      diagnostic.name,
      diagnostic.range.start.line,
    ]);
    expect(names).toEqual([
      ["ContentSchemaError", 6],
      ["MissingQuestionBlock", 10],
    ]);
  });

  it("rejects a bank outside questions/ with the layout it expects", () => {
    const { diagnostics } = parseBank(bank(""), "content/banks/x.md");
    expect(diagnostics[0]?.name).toBe("InvalidContentPath");
  });

  it("reports frontmatter fields by name", () => {
    const { diagnostics } = parseBank("---\ntitle: x\n---\n", FILE);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:2:1 ContentSchemaError bank frontmatter field \`lesson\`: Invalid input: expected string, received undefined`,
    ]);
  });
});
