import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_DIR, readContentLibrary } from "../content/node.ts";
import type { ReviewCard } from "../quiz/index.ts";
import {
  chooseDockerProfile,
  currentQuestionSeed,
  emptyProgress,
  presentQuestion,
  selectQuestions,
  serializeProgress,
  startQuizSession,
} from "../quiz/index.ts";
import { contentStats } from "./content-check.ts";
import {
  parseQuizArgs,
  type QuizIo,
  readCards,
  readProgressFile,
  renderGradeText,
  resolveDockerProfile,
  runTerminalQuiz,
  transferProgress,
} from "./quiz.ts";

const { library } = readContentLibrary(DEFAULT_CONTENT_DIR);
const now = () => new Date("2026-03-01T10:00:00Z");

function scripted(answers: string[]): QuizIo & { output: string[] } {
  const output: string[] = [];
  return {
    output,
    async ask() {
      return answers.shift();
    },
    print: (text) => output.push(text),
  };
}

describe("layercake quiz", () => {
  it("asks questions with progress, takes hints and skips, grades, and summarises", async () => {
    const options = { topic: "whiteouts", length: 3, seed: 7, drill: false, review: false, now };
    const ids = selectQuestions(library.questions, {
      topic: "whiteouts",
      length: 3,
      seed: 7,
      excludeOpen: true,
    }).map((question) => question.id);
    const state = startQuizSession({ questionIds: ids, seed: 7, startedAt: now() });
    const first = presentQuestion(
      library.questions.find((question) => question.id === ids[0]) ?? (library.questions[0] as never),
      { seed: currentQuestionSeed(state) },
    );
    const right =
      first.view.mode === "numeric"
        ? String(first.key.numeric?.answer)
        : first.view.mode === "ordering"
          ? (first.key.order ?? []).join(" ")
          : first.view.mode === "text"
            ? (first.key.accepted?.[0] ?? "")
            : (first.key.correctChoiceIds ?? []).join(" ");
    const io = scripted(["hint", "not-an-answer-zzz", right, "skip", "quit"]);
    const cards = new Map<string, ReviewCard>();
    await runTerminalQuiz(io, library, options, cards);
    const text = io.output.join("\n");
    expect(text).toContain("Question 1 of 3 · whiteouts");
    expect(text).toContain("Hint: ");
    expect(text).toMatch(/✔ Right/);
    expect(text).toContain("Question 2 of 3");
    expect(text).toContain("Skipped. The answer was:");
    expect(text).toMatch(/Stopped: 1\/2 right\./);
    expect([...cards.keys()]).toEqual([ids[0]]);
  });

  it("runs a drill to its report", async () => {
    const io = scripted(
      Array.from({ length: 12 }, () => "layers are read-only and a container writes to its writable layer"),
    );
    await runTerminalQuiz(io, library, { length: 2, seed: 3, drill: true, review: false, now }, new Map());
    expect(io.output.join("\n")).toMatch(/Interview report: \d+% over \d questions/);
  });

  it("rejects unknown options and topics by name", () => {
    expect(parseQuizArgs(["--topic", "nope"], library, now)).toMatchObject({
      problem: expect.stringContaining('unknown topic "nope"'),
    });
    expect(parseQuizArgs(["--length", "x"], library, now)).toEqual({
      problem: "--length takes a positive whole number",
    });
    expect(parseQuizArgs(["--fast"], library, now)).toEqual({ problem: "unknown option --fast" });
  });

  // Bounded by their scripted input, not by the clock: each CLI process takes seconds on a loaded
  // 2-core machine, and six of them overran the default 30 s with nothing wrong.
  it("runs from the command line over stdin and keeps review cards in LAYERCAKE_HOME", { timeout: 0 }, () => {
    const home = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    const output = execFileSync(
      process.execPath,
      [join(import.meta.dirname, "main.ts"), "quiz", "--topic", "basics", "--length", "2", "--seed", "5"],
      {
        input: "skip\nb\nb\n",
        env: { ...process.env, LAYERCAKE_HOME: home },
        encoding: "utf8",
      },
    );
    expect(output).toContain("Question 1 of 2 · basics");
    expect(output).toMatch(/Done: \d\/1 right\.|Done: \d\/2 right\./);
    expect(readCards(home).size).toBe(1);
  });

  it("exports progress as a code and a file, and imports either on another machine, merging", {
    timeout: 0,
  }, () => {
    const cli = (home: string, ...args: string[]) =>
      execFileSync(process.execPath, [join(import.meta.dirname, "main.ts"), "quiz", ...args], {
        input: "skip\nb\nb\n",
        env: { ...process.env, LAYERCAKE_HOME: home },
        encoding: "utf8",
      });
    const laptop = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    cli(laptop, "--topic", "basics", "--length", "2", "--seed", "5");
    const code = cli(laptop, "--export").trim();
    expect(code).toMatch(/^lc2\.[A-Za-z0-9_-]+$/);
    const file = join(laptop, "export.json");
    expect(cli(laptop, "--export", file)).toBe(`Wrote 1 review cards to ${file}.\n`);
    const desktop = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    expect(cli(desktop, "--import", code)).toBe("Imported 1 review cards; you now have 1.\n");
    expect(cli(desktop, "--import", file)).toBe("Imported 1 review cards; you now have 1.\n");
    expect(readCards(desktop)).toEqual(readCards(laptop));
    expect(() => cli(desktop, "--import", "lc2.broken")).toThrow();
    expect(readCards(desktop)).toEqual(readCards(laptop));
  });
});

describe("the terminal quiz's Docker profile", () => {
  it("refuses an unknown --docker value, listing the ids", () => {
    expect(parseQuizArgs(["--docker", "27-btrfs"], library, now)).toEqual({
      problem:
        "--docker: unknown Docker profile '27-btrfs' (expected one of 26.1-containerd, 26.1-overlay2, 20.10-overlay2)",
    });
    expect(parseQuizArgs(["--docker", "20.10-overlay2"], library, now)).toMatchObject({
      docker: "20.10-overlay2",
    });
  });

  it("asks once at a terminal and keeps the answer with the progress", async () => {
    const home = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    const first = scripted(["9", "2"]);
    expect(await resolveDockerProfile(first, home, undefined, true, now())).toBe("26.1-overlay2");
    expect(first.output.join("\n")).toContain("Answer 1 to 3");
    expect(readProgressFile(home).dockerProfile).toEqual({
      id: "26.1-overlay2",
      chosenAt: now().toISOString(),
    });
    const again = scripted([]);
    expect(await resolveDockerProfile(again, home, undefined, true, now())).toBe("26.1-overlay2");
    expect(again.output).toEqual([]);
    expect(await resolveDockerProfile(again, home, "20.10-overlay2", true, now())).toBe("20.10-overlay2");
    expect(readProgressFile(home).dockerProfile?.id).toBe("20.10-overlay2");
  });

  it("asks only questions that hold for the profile, computed for it", async () => {
    const overlayOnly = library.questions.filter(
      (question) => question.profiles !== undefined && !question.profiles.includes("26.1-containerd"),
    );
    expect(overlayOnly.length).toBeGreaterThan(0);
    const topic = overlayOnly[0]?.topic as string;
    const io = scripted(Array.from({ length: 60 }, () => "skip"));
    await runTerminalQuiz(
      io,
      library,
      { topic, length: 50, seed: 1, drill: false, review: false, now, docker: "26.1-containerd" },
      new Map(),
    );
    const text = io.output.join("\n");
    const asked = library.questions.filter(
      (question) =>
        question.topic === topic &&
        question.kind !== "open" &&
        question.profiles?.includes("26.1-containerd"),
    );
    expect(text).toContain(`Question ${asked.length} of ${asked.length}`);
    expect(text).not.toContain("Docker: An upgraded Engine");
  });

  it("tells piped input the default without asking, and keeps nothing", async () => {
    const home = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    const piped = scripted(["1"]);
    expect(await resolveDockerProfile(piped, home, undefined, false, now())).toBe("26.1-containerd");
    expect(piped.output).toEqual([
      "Docker: Docker Desktop or a fresh Engine 29 (containerd image store, BuildKit) (the default; choose yours with --docker <26.1-containerd|26.1-overlay2|20.10-overlay2>)",
    ]);
    expect(readProgressFile(home).dockerProfile).toBeUndefined();
  });

  it("carries the choice through --export and --import to another machine", () => {
    const laptop = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    writeFileSync(
      join(laptop, "progress.json"),
      serializeProgress(chooseDockerProfile(emptyProgress(), "20.10-overlay2", now())),
    );
    const exported = transferProgress(laptop, { kind: "export" });
    const code = "stdout" in exported ? exported.stdout.trim() : "";
    const desktop = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    expect(transferProgress(desktop, { kind: "import", source: code })).toEqual({
      stdout:
        "Imported 0 review cards; you now have 0.\nDocker: Engine 20.10 / classic builder (chosen there last).\n",
    });
    expect(readProgressFile(desktop).dockerProfile?.id).toBe("20.10-overlay2");
  });

  // One process, bounded by its input (quit at the first question), not by the clock: a CLI run
  // takes seconds on a loaded 2-core machine.
  it("keeps --docker from the command line with the progress", { timeout: 0 }, () => {
    const home = mkdtempSync(join(tmpdir(), "layercake-quiz-"));
    const output = execFileSync(
      process.execPath,
      [
        join(import.meta.dirname, "main.ts"),
        "quiz",
        "--docker",
        "26.1-overlay2",
        "--topic",
        "size-and-sharing",
      ],
      { input: "quit\n", env: { ...process.env, LAYERCAKE_HOME: home }, encoding: "utf8" },
    );
    expect(output).toContain("Question 1 of 5 · size-and-sharing");
    expect(readProgressFile(home).dockerProfile?.id).toBe("26.1-overlay2");
  });
});

describe("layercake content stats", () => {
  it("counts lessons and questions by kind, topic and difficulty", () => {
    const stats = contentStats(library);
    expect(stats.lessons).toBe(library.lessons.length);
    expect(Object.values(stats.byKind).reduce((sum, count) => sum + count, 0)).toBe(library.questions.length);
    expect(Object.values(stats.byTopic).reduce((sum, count) => sum + count, 0)).toBe(
      library.questions.length,
    );
    expect(Object.keys(stats.byDifficulty).sort()).toEqual(["easy", "hard", "medium"]);
  });
});

describe("the terminal quiz's feedback", () => {
  it("prints the engine's reasons as sentences, without rule codes", () => {
    const text = renderGradeText({
      questionId: "q",
      variant: 0,
      correct: false,
      score: 0,
      expected: "2",
      explanation: "Two steps ran.",
      reasons: ["the command changed files: its diff becomes a layer (R4)", "no layer for ENV (L2)."],
    });
    expect(text).toContain("  • The command changed files: its diff becomes a layer.\n  • No layer for ENV.");
    expect(text).not.toMatch(/\((?:R4|L2)\)/);
  });
});
