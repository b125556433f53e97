import { describe, expect, it } from "vitest";
import { numeric, open, question, single } from "../../test/quiz/fixtures.ts";
import type { Question } from "../core/content-model.ts";
import { answerDrill, type DrillState, startDrill } from "./drill.ts";
import { gradeAnswer } from "./grade.ts";
import { presentQuestion } from "./present.ts";
import { drillReport } from "./report.ts";
import type { Grade, PresentedQuestion } from "./types.ts";

const start = new Date("2026-03-01T10:00:00Z");
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const openTwo = question({
  ...open,
  id: "explain-cow-2",
  lesson: { id: "copy-on-write", section: "copy-up" },
});
const byId = new Map<string, Question>([open, openTwo, numeric, single].map((item) => [item.id, item]));

type Answer = [Question, (presented: PresentedQuestion) => Grade, number];

/** Runs a drill over `answers`: question, how it is answered, and when (seconds after the start). */
function runDrill(answers: Answer[]): DrillState {
  let state = startDrill({
    questionIds: answers.map(([item]) => item.id),
    seed: 1,
    startedAt: start,
    secondsPerQuestion: 60,
  });
  for (const [item, answer, at] of answers) {
    const presented = presentQuestion(item, { seed: 0 });
    const result = answerDrill(state, answer(presented), later(at));
    state = result.state;
    // Answer a follow-up with nothing new, so the points stay missed.
    if (result.followUp) state = answerDrill(state, answer(presented), later(at + 1)).state;
  }
  return state;
}

const openAnswer = (text: string) => (presented: PresentedQuestion) =>
  gradeAnswer(presented.key, { mode: "open", text });
const rightNumber = (presented: PresentedQuestion) =>
  gradeAnswer(presented.key, { mode: "numeric", value: 3 });

describe("drillReport", () => {
  it("averages scores by topic, weakest first, and counts late answers", () => {
    const state = runDrill([
      [open, openAnswer("The whole file is copied up on the first write; chmod too."), 10],
      [numeric, rightNumber, 100],
      [
        single,
        (presented) =>
          gradeAnswer(presented.key, { mode: "single", choiceIds: presented.key.correctChoiceIds ?? [] }),
        110,
      ],
    ]);
    const report = drillReport(state, byId);
    expect(report).toMatchObject({ questions: 3, late: 1 });
    expect(report.score).toBeCloseTo(2 / 3);
    expect(report.byTopic.map((topic) => [topic.topic, topic.questions, topic.score])).toEqual([
      ["build-cache", 2, 0.5],
      ["copy-on-write", 1, 1],
    ]);
  });

  it("links the lesson sections of questions that lost points, each once, and lists missed points once", () => {
    const weak = openAnswer("The whole file is copied up.");
    const state = runDrill([
      [open, weak, 10],
      [openTwo, weak, 20],
      [numeric, rightNumber, 30],
    ]);
    const report = drillReport(state, byId);
    const cow = report.byTopic.find((topic) => topic.topic === "copy-on-write");
    expect(cow?.lessons).toEqual([{ id: "copy-on-write" }, { id: "copy-on-write", section: "copy-up" }]);
    expect(cow?.missedPoints).toEqual(["It happens on the first write.", "chmod also copies up."]);
    expect(report.byTopic.find((topic) => topic.topic === "build-cache")?.lessons).toEqual([]);
  });

  it("reports an empty drill as zero questions", () => {
    const state = startDrill({ questionIds: [], seed: 1, startedAt: start, secondsPerQuestion: 60 });
    expect(drillReport(state, byId)).toEqual({ questions: 0, score: 0, late: 0, byTopic: [] });
  });
});
