import { describe, expect, it } from "vitest";
import { multiple, numeric, open, ordering, single, text, trueFalse } from "../../test/quiz/fixtures.ts";
import type { Question } from "../core/content-model.ts";
import { gradeAnswer } from "./grade.ts";
import { hintFor, presentQuestion } from "./present.ts";
import {
  answerQuizQuestion,
  currentQuestionId,
  currentQuestionSeed,
  skipQuizQuestion,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
  takeQuizHint,
  timeOutQuizQuestion,
} from "./session.ts";

const all = [single, multiple, ordering, numeric, text, trueFalse, open];
const byId = new Map<string, Question>(all.map((item) => [item.id, item]));
const start = new Date("2026-03-01T10:00:00Z");
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("quiz sessions", () => {
  it("asks each question once, counts a replayed answer once and summarises by topic", () => {
    let state = startQuizSession({ questionIds: ["count", "rm-shrinks"], seed: 5, startedAt: start });
    const first = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    state = answerQuizQuestion(state, first, later(5));
    expect(answerQuizQuestion(state, first, later(6))).toBe(state);
    expect(currentQuestionId(state)).toBe("rm-shrinks");
    const second = gradeAnswer(presentQuestion(trueFalse, { seed: 0 }).key, {
      mode: "true-false",
      choiceIds: ["true"],
    });
    state = answerQuizQuestion(state, second, later(9));
    expect(state.status).toBe("finished");
    expect(summarizeQuizSession(state, byId)).toEqual({
      answered: 2,
      total: 2,
      correct: 1,
      score: 1,
      byTopic: [
        { topic: "build-cache", answered: 1, correct: 1, score: 1 },
        { topic: "whiteouts", answered: 1, correct: 0, score: 0 },
      ],
      missedQuestionIds: ["rm-shrinks"],
    });
  });

  it("stops a session and survives a JSON round trip", () => {
    const state = startQuizSession({ questionIds: ["count"], seed: 1, startedAt: start });
    const stopped = stopQuizSession(JSON.parse(JSON.stringify(state)), later(1));
    expect(stopped).toMatchObject({ status: "stopped", endedAt: later(1).toISOString() });
    expect(currentQuestionId(stopped)).toBeUndefined();
  });
});

describe("quiz session flow", () => {
  it("counts partial credit in the score but not as correct, and lists the question as missed", () => {
    let state = startQuizSession({ questionIds: ["layer-makers", "count"], seed: 3, startedAt: start });
    const presented = presentQuestion(multiple, { seed: currentQuestionSeed(state) });
    const run = presented.view.choices?.find((choice) => choice.text === "RUN")?.id as string;
    state = answerQuizQuestion(
      state,
      gradeAnswer(presented.key, { mode: "multiple", choiceIds: [run] }),
      later(4),
    );
    state = answerQuizQuestion(
      state,
      gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 }),
      later(8),
    );
    expect(summarizeQuizSession(state, byId)).toMatchObject({
      answered: 2,
      correct: 1,
      score: 1.5,
      byTopic: [{ topic: "build-cache", answered: 2, correct: 1, score: 1.5 }],
      missedQuestionIds: ["layer-makers"],
    });
    expect(state).toMatchObject({ status: "finished", endedAt: later(8).toISOString() });
  });

  it("ignores a grade with a problem, leaving the question open", () => {
    const state = startQuizSession({ questionIds: ["count"], seed: 1, startedAt: start });
    const empty = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "text", text: "" });
    expect(answerQuizQuestion(state, empty, later(1))).toBe(state);
  });

  it("finishes at once when there is nothing to ask", () => {
    const state = startQuizSession({ questionIds: [], seed: 1, startedAt: start });
    expect(state.status).toBe("finished");
    expect(currentQuestionId(state)).toBeUndefined();
    expect(summarizeQuizSession(state, byId)).toMatchObject({ answered: 0, total: 0, score: 0 });
  });

  it("presents each position with its own seed, the same after a JSON round trip", () => {
    const state = startQuizSession({ questionIds: ["count", "rm-shrinks"], seed: 42, startedAt: start });
    const restored: typeof state = JSON.parse(JSON.stringify(state));
    expect(currentQuestionSeed(restored)).toBe(currentQuestionSeed(state));
    const next = skipQuizQuestion(state, later(1));
    expect(currentQuestionSeed(next)).not.toBe(currentQuestionSeed(state));
  });
});

describe("quiz session transitions", () => {
  it("skips, takes hints and times out deterministically", () => {
    let state = startQuizSession({
      questionIds: ["count", "rm-shrinks", "touch-cache"],
      seed: 2,
      startedAt: start,
      secondsPerQuestion: 30,
    });
    state = skipQuizQuestion(state, later(5));
    expect(state.answers[0]).toMatchObject({ questionId: "count", outcome: "skipped", score: 0 });
    state = takeQuizHint(state);
    const right = gradeAnswer(presentQuestion(trueFalse, { seed: 0 }).key, {
      mode: "true-false",
      choiceIds: ["false"],
    });
    state = answerQuizQuestion(state, right, later(10));
    expect(state.answers[1]).toMatchObject({
      questionId: "rm-shrinks",
      correct: true,
      score: 0.75,
      hints: 1,
    });
    expect(timeOutQuizQuestion(state, later(20))).toBe(state);
    state = timeOutQuizQuestion(state, later(41));
    expect(state.answers[2]).toMatchObject({ questionId: "touch-cache", outcome: "timed-out", score: 0 });
    expect(state.status).toBe("finished");
  });

  it("treats an answer after the time limit as a time-out", () => {
    const state = startQuizSession({
      questionIds: ["count"],
      seed: 1,
      startedAt: start,
      secondsPerQuestion: 10,
    });
    const grade = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    expect(answerQuizQuestion(state, grade, later(11)).answers[0]).toMatchObject({
      outcome: "timed-out",
      score: 0,
    });
  });

  it("hints rule out a wrong option, never the right one", () => {
    const presented = presentQuestion(single, { seed: 3 });
    const correct = presented.key.correctChoiceIds?.[0] ?? "";
    const hint = hintFor(presented, 0);
    expect(hint).toMatch(/^It is not [A-Z]: /);
    expect(hint.startsWith(`It is not ${correct.toUpperCase()}:`)).toBe(false);
  });
});
