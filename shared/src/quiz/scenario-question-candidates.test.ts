/**
 * Best-order questions build every candidate order: each order once, and an engine error on one
 * of them reaches the caller (the content check) instead of silently dropping the move. The
 * session is wrapped to count builds and to inject an engine fault; the builds themselves are real.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Question } from "../core/content-model.ts";
import type * as SessionModule from "../engine/docker/session.ts";
import { presentScenarioQuestion, ScenarioError } from "./scenario-question.ts";

const observed = vi.hoisted(() => ({ builds: [] as string[], faultOn: undefined as string | undefined }));

vi.mock("../engine/docker/session.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof SessionModule>();
  return {
    ...actual,
    openDockerSession: (options: SessionModule.DockerSessionOptions): SessionModule.DockerSession => {
      const session = actual.openDockerSession(options);
      return {
        ...session,
        build: (request) => {
          observed.builds.push(request.dockerfile);
          if (request.dockerfile === observed.faultOn) throw new RangeError("Invalid array length");
          return session.build(request);
        },
      };
    },
  };
});

const DOCKERFILE =
  "FROM tiny:1\nCOPY app.txt /app/\nCOPY deps.txt /deps/\nRUN echo install > /deps/installed\n";

const question: Question = {
  id: "order-question",
  topic: "build-cache",
  tags: ["cache"],
  difficulty: "medium",
  kind: "scenario",
  prompt: "Which move makes the rebuild cheapest?",
  explanation: "Because.",
  lesson: { id: "build-cache" },
  scenario: {
    builder: "buildkit",
    dockerfile: DOCKERFILE,
    files: { "app.txt": "v1\n", "deps.txt": "d1\n" },
    edits: { "app.txt": "v2\n" },
    params: {},
    ask: { kind: "best-order" },
  },
  location: { file: "content/questions/build-cache.md", line: 1, column: 1 },
};

beforeEach(() => {
  observed.builds.length = 0;
  observed.faultOn = undefined;
});

describe("best-order candidates", () => {
  it("builds each distinct order once (an adjacent swap is reached by two moves)", () => {
    presentScenarioQuestion(question, { seed: 2 });
    // Three movable lines: 6 moves, of which two pairs are the same adjacent swap, so 4 orders
    // besides the one as written. An order that builds is built before and after the edit; the
    // two that run `echo > /deps/installed` before /deps exists fail at the first build.
    const timesBuilt = new Map<string, number>();
    for (const dockerfile of observed.builds)
      timesBuilt.set(dockerfile, (timesBuilt.get(dockerfile) ?? 0) + 1);
    expect(timesBuilt.size).toBe(5);
    expect([...timesBuilt.values()].sort()).toEqual([1, 1, 2, 2, 2]);
    expect(
      timesBuilt.get(
        "FROM tiny:1\nCOPY deps.txt /deps/\nCOPY app.txt /app/\nRUN echo install > /deps/installed\n",
      ),
    ).toBe(2);
  });

  it("reports an engine error on a candidate, naming the question and the move", () => {
    observed.faultOn =
      "FROM tiny:1\nCOPY deps.txt /deps/\nRUN echo install > /deps/installed\nCOPY app.txt /app/\n";
    const attempt = () => presentScenarioQuestion(question, { seed: 2 });
    expect(attempt).toThrow(ScenarioError);
    expect(attempt).toThrow(
      'question order-question: the engine failed on the candidate "Move `COPY app.txt /app/` after `RUN echo install > /deps/installed`": Invalid array length',
    );
  });
});
