import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_DIR } from "../content/node.ts";
import type { ContentLibrary } from "../core/content-model.ts";
import { numericTwins, runContentCommand } from "./content-check.ts";

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
    expect(stats.numericTwins).toEqual([]);
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
});
