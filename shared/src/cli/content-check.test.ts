import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_DIR } from "../content/node.ts";
import type { ContentLibrary } from "../core/content-model.ts";
import { formatDiagnostic } from "../core/diagnostics.ts";
import { checkScenarios, numericTwins, runContentCommand } from "./content-check.ts";

describe("layercake content", () => {
  it("prints its usage for --help and refuses unknown flags and missing arguments", () => {
    expect(runContentCommand(["answers", "--help"], "/")).toMatchObject({
      exitCode: 0,
      stdout: expect.stringContaining("layercake content check"),
    });
    expect(runContentCommand([], "/")).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining("Usage"),
    });
    expect(runContentCommand(["check", "--fast"], "/").stderr).toMatch(
      /^layercake content: unknown flag --fast\n/,
    );
    expect(runContentCommand(["check", "a", "b"], "/").exitCode).toBe(1);
  });

  it("names a content directory that does not exist instead of failing inside", () => {
    for (const subcommand of ["check", "stats", "answers"]) {
      expect(runContentCommand([subcommand, "no-such-dir"], "/tmp")).toEqual({
        exitCode: 1,
        stdout: "",
        stderr: "layercake content: no content directory at /tmp/no-such-dir\n",
      });
    }
  });

  it("reports a broken question bank with its file and line, and exit code 1", () => {
    const root = mkdtempSync(join(tmpdir(), "layercake-content-"));
    mkdirSync(join(root, "content", "questions"), { recursive: true });
    writeFileSync(join(root, "content", "questions", "broken.md"), "---\ntopic: [unclosed\n---\n");
    const result = runContentCommand(["check", "content"], root);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^content\/questions\/broken\.md:\d+:\d+ /m);
    expect(result.stdout).toMatch(/content: \d+ errors?\n$/);
  });

  // Bounded by the repository's content (every scenario run once), not by the clock: it timed out
  // at 30 s beside other suites on a loaded 2-core machine with nothing wrong.
  it("checks the repository's content and prints its statistics as JSON", { timeout: 0 }, () => {
    const check = runContentCommand(["check", DEFAULT_CONTENT_DIR], "/");
    expect(check.stdout).toMatch(/content: no problems\n$/);
    expect(check.exitCode).toBe(0);
    const stats = JSON.parse(runContentCommand(["stats", DEFAULT_CONTENT_DIR, "--json"], "/").stdout);
    expect(stats.questions).toBeGreaterThan(200);
    expect(stats.withoutProfiles).toBe(0);
    expect(stats.byProfile["20.10-overlay2"]).toBeGreaterThan(0);
    for (const profile of ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"]) {
      const counts = stats.scenarioByProfile[profile];
      expect(counts.questions).toBe(stats.byProfile[profile]);
      expect(counts.scenario).toBeLessThanOrEqual(counts.questions);
      expect(counts.share).toBeCloseTo(counts.scenario / counts.questions, 3);
    }
    expect(stats.numericTwins).toEqual([]);
  });

  it("answers each profile a question claims, and says each one's answer where they differ", () => {
    const root = mkdtempSync(join(tmpdir(), "layercake-content-"));
    mkdirSync(join(root, "content", "questions"), { recursive: true });
    mkdirSync(join(root, "content", "lessons", "storage"), { recursive: true });
    writeFileSync(
      join(root, "content", "tracks.yml"),
      "- id: storage\n  title: Storage\n  description: Sizes.\n",
    );
    writeFileSync(
      join(root, "content", "lessons", "storage", "01-sizes.md"),
      "---\ntitle: Sizes\nsummary: What ps -s counts.\nobjectives:\n  - Read SIZE\nsources:\n  - title: Docker docs\n    url: https://docs.docker.com/engine/storage/drivers/\n---\n\nText.\n",
    );
    const question = (id: string, command: string) =>
      `## ${id}\n\nWhat SIZE does \`docker ps -s\` report, in kB?\n\n\`\`\`yaml\nkind: scenario\ndifficulty: easy\ntags: [sizes]\nprofiles: [26.1-containerd, 26.1-overlay2, 20.10-overlay2]\nscenario:\n  dockerfile: FROM tiny:1\n  ask:\n    kind: ${command === "" ? "history-count" : `container-size\n    command: ${command}\n    unit: kB\n    tolerancePercent: 0`}\nexplanation: SIZE is the writable layer.\n\`\`\`\n`;
    writeFileSync(
      join(root, "content", "questions", "sizes.md"),
      `---\ntitle: Sizes\nlesson: sizes\n---\n\n${question("size-write", "/bin/busybox dd if=/dev/zero of=/out bs=1000 count=4")}\n${question("size-rows", "")}`,
    );
    expect(runContentCommand(["check", "content"], root).stdout).toMatch(/content: no problems\n$/);
    // 4,000 bytes on overlay2; on the containerd store the writable snapshot's directory block and
    // the file's block, 8,192 bytes.
    expect(runContentCommand(["answers", "content"], root).stdout).toBe(
      "size-write: [26.1-containerd] 8.19 kB; [26.1-overlay2] 4 kB; [20.10-overlay2] 4 kB\nsize-rows: 1\n",
    );
  });

  it("pairs scenario questions that differ only in numbers, and no others", () => {
    const scenario = (id: string, dockerfile: string) =>
      ({
        id,
        scenario: {
          builder: "buildkit",
          dockerfile,
          files: {},
          edits: {},
          ask: { kind: "history-count" },
          params: {},
        },
      }) as unknown as ContentLibrary["questions"][number];
    const library = {
      questions: [
        scenario("one-mb", "FROM tiny:1\nRUN dd bs=1000000 count=1\n"),
        scenario("two-mb", "FROM tiny:1\nRUN dd bs=1000000 count=2\n"),
        scenario("other", "FROM tiny:1\nRUN rm /x\n"),
      ],
    } as unknown as ContentLibrary;
    expect(numericTwins(library)).toEqual([["one-mb", "two-mb"]]);
  });

  it("runs each scenario question in the profiles it claims and each lesson scenario in all, naming them", () => {
    const at = (line: number) => ({ file: "content/questions/t.md", line, column: 1 });
    const broken = (id: string, profiles: string[], line: number) =>
      ({
        id,
        kind: "scenario",
        profiles,
        location: at(line),
        scenario: {
          builder: "buildkit",
          dockerfile: "FROM tiny:1\nRUN exit 3\n",
          files: {},
          edits: {},
          ask: { kind: "history-count" },
          params: {},
        },
      }) as unknown as ContentLibrary["questions"][number];
    const library = {
      lessons: [
        {
          scenarios: [
            {
              name: "demo",
              builder: "buildkit",
              steps: [
                {
                  kind: "diagram",
                  image: "nope",
                  location: { file: "content/lessons/a.md", line: 9, column: 1 },
                },
              ],
            },
          ],
        },
      ],
      questions: [
        broken("overlay-only", ["26.1-overlay2", "20.10-overlay2"], 3),
        broken("containerd-only", ["26.1-containerd"], 12),
      ],
    } as unknown as ContentLibrary;
    const messages = checkScenarios(library).map(formatDiagnostic);
    expect(messages).toEqual([
      "content/lessons/a.md:9:1 ScenarioFailed scenario demo: layers image=nope: no such image at this point of the scenario [26.1-containerd, 26.1-overlay2, 20.10-overlay2]",
      expect.stringMatching(
        /^content\/questions\/t\.md:12:1 ScenarioFailed question containerd-only: the scenario's first build fails: .* \[26\.1-containerd\]$/,
      ),
      // Each engine words the failure its own way, so each profile has its line.
      expect.stringMatching(
        /^content\/questions\/t\.md:3:1 ScenarioFailed question overlay-only: the scenario's first build fails: .*did not complete successfully: exit code: 3 \[26\.1-overlay2\]$/,
      ),
      expect.stringMatching(
        /^content\/questions\/t\.md:3:1 ScenarioFailed question overlay-only: the scenario's first build fails: .*executor failed running .* \[20\.10-overlay2\]$/,
      ),
    ]);
  });
});
