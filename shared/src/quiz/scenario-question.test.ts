import { describe, expect, it } from "vitest";
import type { Question, ScenarioAsk, ScenarioSpec } from "../core/content-model.ts";
import { presentScenarioQuestion, ScenarioError, scenarioVariantCount } from "./scenario-question.ts";

function scenarioQuestion(ask: ScenarioAsk, spec: Partial<ScenarioSpec> = {}): Question {
  return {
    id: "test-question",
    topic: "build-cache",
    tags: ["cache"],
    difficulty: "medium",
    kind: "scenario",
    prompt: "What happens?",
    explanation: "Because.",
    lesson: { id: "build-cache" },
    scenario: {
      builder: "buildkit",
      dockerfile: "FROM tiny:1\nCOPY app.txt /app/\nRUN echo built > /built\n",
      files: { "app.txt": "v1\n" },
      edits: {},
      params: {},
      ask,
      ...spec,
    },
    location: { file: "content/questions/build-cache.md", line: 1, column: 1 },
  };
}

const ALREADY_OPTIMAL = "It is already optimal: no single move makes the rebuild run fewer steps";

const choiceTexts = (presented: ReturnType<typeof presentScenarioQuestion>) =>
  (presented.key.correctChoiceIds ?? []).map(
    (id) => presented.view.choices?.find((choice) => choice.id === id)?.text,
  );

describe("presentScenarioQuestion", () => {
  it("counts the layers a Dockerfile adds and the base image's", () => {
    const added = presentScenarioQuestion(scenarioQuestion({ kind: "layer-count", count: "added" }), {
      seed: 1,
    });
    const total = presentScenarioQuestion(scenarioQuestion({ kind: "layer-count", count: "total" }), {
      seed: 1,
    });
    expect(added.key.numeric).toEqual({ answer: 2, tolerance: 0 });
    expect(total.key.numeric).toEqual({ answer: 3, tolerance: 0 });
    expect(added.view.mode).toBe("numeric");
    expect(added.key.reasons.some((line) => line.includes("COPY app.txt /app/: a filesystem layer"))).toBe(
      true,
    );
  });

  it("counts history entries, metadata instructions included", () => {
    const question = scenarioQuestion(
      { kind: "history-count" },
      { dockerfile: "FROM tiny:1\nENV A=1\nLABEL b=2\nRUN echo x > /x\n" },
    );
    expect(presentScenarioQuestion(question, { seed: 0 }).key.numeric?.answer).toBe(4);
  });

  it("finds the steps that run after an edit: COPY of the edited file and everything after it", () => {
    const question = scenarioQuestion({ kind: "steps-run" }, { edits: { "app.txt": "v2\n" } });
    const presented = presentScenarioQuestion(question, { seed: 3 });
    expect(presented.view.mode).toBe("multiple");
    expect(choiceTexts(presented)).toEqual(["COPY app.txt /app/", "RUN echo built > /built"]);
  });

  it("names the edited file's COPY as the first step that misses the cache", () => {
    const question = scenarioQuestion(
      { kind: "first-miss" },
      {
        dockerfile: "FROM tiny:1\nRUN echo base > /base\nCOPY app.txt /app/\nRUN echo built > /built\n",
        edits: { "app.txt": "v2\n" },
      },
    );
    const presented = presentScenarioQuestion(question, { seed: 0 });
    expect(presented.view.mode).toBe("single");
    expect(presented.view.choices?.map((choice) => choice.text)).toEqual([
      "RUN echo base > /base",
      "COPY app.txt /app/",
      "RUN echo built > /built",
      "None: every step comes from the cache",
    ]);
    expect(choiceTexts(presented)).toEqual(["COPY app.txt /app/"]);
    expect(presented.key.reasons[0]).toMatch(/^RUN echo base > \/base: cached/);
  });

  it("sends the Dockerfile as part of the context: editing it makes `COPY .` miss unless ignored", () => {
    const dockerfile = "FROM tiny:1\nRUN echo base > /base\nCOPY . /app\n";
    const edited = `${dockerfile}LABEL note=edited\n`;
    const firstMiss = (files: Record<string, string>) =>
      choiceTexts(
        presentScenarioQuestion(
          scenarioQuestion({ kind: "first-miss" }, { dockerfile, files, edits: { Dockerfile: edited } }),
          { seed: 0 },
        ),
      );
    expect(firstMiss({ "app.txt": "v1\n" })).toEqual(["COPY . /app"]);
    expect(firstMiss({ "app.txt": "v1\n", ".dockerignore": "Dockerfile\n" })).toEqual([
      "None: every step comes from the cache",
    ]);
  });

  it("answers that nothing runs when only the mtime changes", () => {
    const question = scenarioQuestion({ kind: "first-miss" }, { edits: { "app.txt": "v1\n" } });
    expect(choiceTexts(presentScenarioQuestion(question, { seed: 0 }))).toEqual([
      "None: every step comes from the cache",
    ]);
  });

  it("lets a LABEL edit bust later steps under the classic builder but not under BuildKit", () => {
    const spec = {
      dockerfile: "FROM tiny:1\nLABEL version=1\nRUN echo built > /built\n",
      files: {},
      edits: { Dockerfile: "FROM tiny:1\nLABEL version=2\nRUN echo built > /built\n" },
    };
    const classic = presentScenarioQuestion(
      scenarioQuestion({ kind: "steps-run" }, { ...spec, builder: "classic" }),
      { seed: 0 },
    );
    const buildkit = presentScenarioQuestion(scenarioQuestion({ kind: "steps-run" }, spec), { seed: 0 });
    expect(choiceTexts(classic)).toEqual(["LABEL version=2", "RUN echo built > /built"]);
    expect(choiceTexts(buildkit)).toEqual(["None: every step comes from the cache"]);
  });

  it("lists docker diff lines as the right choices, among distractors", () => {
    const question = scenarioQuestion({
      kind: "diff",
      command: "echo hi > /new && rm /built && echo more >> /app/app.txt",
    });
    const presented = presentScenarioQuestion(question, { seed: 5 });
    expect(new Set(choiceTexts(presented))).toEqual(
      new Set(["C /app", "C /app/app.txt", "A /new", "D /built"]),
    );
    expect((presented.view.choices ?? []).length).toBeGreaterThan(4);
    expect(presented.view.scenario?.command).toBe("echo hi > /new && rm /built && echo more >> /app/app.txt");
    expect(presented.key.reasons.some((line) => line.startsWith("/app/app.txt was copied up"))).toBe(true);
  });

  it("offers files of the image's own layers as diff distractors, never a real diff line", () => {
    const presented = presentScenarioQuestion(scenarioQuestion({ kind: "diff", command: "echo hi > /new" }), {
      seed: 9,
    });
    const texts = (presented.view.choices ?? []).map((choice) => choice.text);
    expect(choiceTexts(presented)).toEqual(["A /new"]);
    expect(texts).toEqual(expect.arrayContaining(["A /built", "A /app/app.txt"]));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("answers no changes when the command writes nothing", () => {
    const presented = presentScenarioQuestion(scenarioQuestion({ kind: "diff", command: "cat /built" }), {
      seed: 1,
    });
    expect(choiceTexts(presented)).toEqual(["(no changes)"]);
    expect((presented.view.choices ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it("computes output, exit codes and the writable layer's size", () => {
    const output = presentScenarioQuestion(
      scenarioQuestion({ kind: "output", command: "cat /app/app.txt /built" }),
      { seed: 0 },
    );
    expect(output.key.accepted).toEqual(["v1\nbuilt"]);
    const exit = presentScenarioQuestion(scenarioQuestion({ kind: "exit-code", command: "nosuchcommand" }), {
      seed: 0,
    });
    expect(exit.key.numeric?.answer).toBe(127);
    const size = presentScenarioQuestion(
      scenarioQuestion({
        kind: "container-size",
        command: "/bin/busybox dd if=/dev/zero of=/f bs=1000 count=5",
        unit: "kB",
        tolerancePercent: 0,
      }),
      { seed: 0, profile: "26.1-overlay2" },
    );
    expect(size.key.numeric).toEqual({ answer: 5, tolerance: 0.01, unit: "kB" });
  });

  it("computes sizes with the profile's daemon: the containerd store counts snapshot disk usage", () => {
    const question = scenarioQuestion({
      kind: "container-size",
      command: "/bin/busybox dd if=/dev/zero of=/f bs=1000 count=5",
      unit: "B",
      tolerancePercent: 0,
    });
    const sizeOn = (profile: "26.1-containerd" | "26.1-overlay2" | "20.10-overlay2") =>
      presentScenarioQuestion(question, { seed: 0, profile });
    // overlay2: the 5000 bytes written; containerd: the writable snapshot's root directory (one
    // 4 KiB block) plus the file's two started blocks (fs/disk-usage.ts).
    expect(sizeOn("26.1-overlay2").key.numeric?.answer).toBe(5000);
    expect(sizeOn("20.10-overlay2").key.numeric?.answer).toBe(5000);
    expect(sizeOn("26.1-containerd").key.numeric?.answer).toBe(3 * 4096);
    expect(sizeOn("26.1-containerd").view.profile).toBe("26.1-containerd");
    expect(sizeOn("26.1-containerd").key.profile).toBe("26.1-containerd");
  });

  it("lists a layer's history SIZE per store in an image-size answer's reasons", () => {
    const question = scenarioQuestion(
      { kind: "image-size", unit: "B", tolerancePercent: 0 },
      { dockerfile: "FROM tiny:1\nCOPY x /x\n", files: { x: "hello" } },
    );
    const lastReason = (profile: "26.1-containerd" | "26.1-overlay2") =>
      presentScenarioQuestion(question, { seed: 0, profile }).key.reasons.at(-2);
    expect(lastReason("26.1-overlay2")).toBe("layer 2: 5 B");
    // The snapshot of `COPY x /x` (a 5-byte file): its root directory and one block of /x, the
    // 8.19kB Docker 26.1's containerd store shows (issue 13's table).
    expect(lastReason("26.1-containerd")).toBe("layer 2: 8192 B");
  });

  it("refuses a profile the question does not claim", () => {
    const question = { ...scenarioQuestion({ kind: "history-count" }), profiles: ["26.1-overlay2" as const] };
    expect(() => presentScenarioQuestion(question, { seed: 0, profile: "26.1-containerd" })).toThrow(
      /does not hold for the Docker profile 26\.1-containerd/,
    );
  });

  it("computes the image size from the layers", () => {
    const question = scenarioQuestion(
      { kind: "image-size", unit: "MB", tolerancePercent: 5 },
      { dockerfile: "FROM tiny:1\nRUN /bin/busybox dd if=/dev/zero of=/f bs=1000000 count=3\n" },
    );
    const answer =
      presentScenarioQuestion(question, { seed: 0, profile: "26.1-overlay2" }).key.numeric?.answer ?? 0;
    expect(answer).toBeCloseTo(4.98, 2);
  });

  it("finds the move that keeps an edit from busting a slow step", () => {
    const question = scenarioQuestion(
      { kind: "best-order" },
      {
        dockerfile:
          "FROM tiny:1\nCOPY app.txt /app/\nCOPY deps.txt /deps/\nRUN echo install > /deps/installed\n",
        files: { "app.txt": "v1\n", "deps.txt": "d1\n" },
        edits: { "app.txt": "v2\n" },
      },
    );
    const presented = presentScenarioQuestion(question, { seed: 2 });
    expect(presented.view.mode).toBe("single");
    expect(choiceTexts(presented)).toEqual([
      "Move `COPY app.txt /app/` after `RUN echo install > /deps/installed`",
    ]);
    const texts = (presented.view.choices ?? []).map((choice) => choice.text);
    expect(texts).toContain(ALREADY_OPTIMAL);
    expect(texts.length).toBeGreaterThan(2);
    expect(presented.key.reasons[0]).toBe("As written, the rebuild after the edit runs 3 step(s).");
  });

  it("answers that the order is already optimal when no single move saves a step", () => {
    const question = scenarioQuestion(
      { kind: "best-order" },
      {
        dockerfile:
          "FROM tiny:1\nCOPY deps.txt /deps/\nRUN echo install > /deps/installed\nCOPY app.txt /app/\n",
        files: { "app.txt": "v1\n", "deps.txt": "d1\n" },
        edits: { "app.txt": "v2\n" },
      },
    );
    expect(choiceTexts(presentScenarioQuestion(question, { seed: 4 }))).toEqual([ALREADY_OPTIMAL]);
  });

  it("substitutes parameters per variant and reaches every variant from seeds", () => {
    const question = scenarioQuestion(
      {
        kind: "container-size",
        command: "/bin/busybox dd if=/dev/zero of=/f bs=1000 count={{count}}",
        unit: "kB",
        tolerancePercent: 0,
      },
      { params: { count: [1, 2, 3] } },
    );
    expect(scenarioVariantCount(question)).toBe(3);
    const answers = [0, 1, 2].map(
      (seed) => presentScenarioQuestion(question, { seed, profile: "26.1-overlay2" }).key.numeric?.answer,
    );
    expect(answers).toEqual([1, 2, 3]);
    expect(presentScenarioQuestion(question, { seed: 4 })).toEqual(
      presentScenarioQuestion(question, { seed: 4 }),
    );
  });

  it("counts the final image's layers after an edit that adds an instruction", () => {
    const question = scenarioQuestion(
      { kind: "layer-count", count: "added" },
      {
        edits: {
          Dockerfile: "FROM tiny:1\nCOPY app.txt /app/\nRUN echo built > /built\nRUN echo more > /more\n",
        },
      },
    );
    expect(presentScenarioQuestion(question, { seed: 0 }).key.numeric?.answer).toBe(3);
  });

  it("throws a ScenarioError when the Dockerfile does not parse", () => {
    const question = scenarioQuestion(
      { kind: "history-count" },
      { dockerfile: "FROM tiny:1\nNOSUCHINSTRUCTION x\n" },
    );
    expect(() => presentScenarioQuestion(question, { seed: 0 })).toThrow(/test-question/);
  });

  it("throws a ScenarioError naming the question when the build fails", () => {
    const question = scenarioQuestion({ kind: "history-count" }, { dockerfile: "FROM nosuchimage:9\n" });
    expect(() => presentScenarioQuestion(question, { seed: 0 })).toThrow(ScenarioError);
    expect(() => presentScenarioQuestion(question, { seed: 0 })).toThrow(/test-question/);
  });
});
