import { describe, expect, it } from "vitest";
import { numeric, open, single } from "../../test/quiz/fixtures.ts";
import { answerDrill, currentDrillQuestionId, currentDrillSeed, secondsLeft, startDrill } from "./drill.ts";
import { gradeAnswer } from "./grade.ts";
import { presentQuestion } from "./present.ts";

const start = new Date("2026-03-01T10:00:00Z");
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const openKey = presentQuestion(open, { seed: 0 }).key;
const say = (text: string) => gradeAnswer(openKey, { mode: "open", text });
const drill = (questionIds: string[]) =>
  startDrill({ questionIds, seed: 3, startedAt: start, secondsPerQuestion: 120 });

describe("drills", () => {
  it("asks the prepared follow-up that matches what the answer missed, without reading the missed points out", () => {
    const result = answerDrill(drill(["explain-cow"]), say("The whole file is copied up."), later(30));
    expect(result.followUp).toBe("What happens on chmod?");
    expect(result.followUp).not.toContain("first write");
    expect(currentDrillQuestionId(result.state)).toBe("explain-cow");
    expect(result.state.pendingFollowUp).toEqual({
      question: "What happens on chmod?",
      firstScore: 0.5,
      missed: ["It happens on the first write.", "chmod also copies up."],
    });
  });

  it("asks at most one follow-up and lets its answer win back half of what was missed", () => {
    const first = answerDrill(
      drill(["explain-cow", "count"]),
      say("The whole file is copied up."),
      later(30),
    );
    const second = answerDrill(
      first.state,
      say("chmod copies the whole file up on the first write."),
      later(60),
    );
    expect(second.followUp).toBeUndefined();
    expect(currentDrillQuestionId(second.state)).toBe("count");
    expect(second.state.entries).toEqual([
      {
        questionId: "explain-cow",
        score: 0.75,
        correct: true,
        late: false,
        missedPoints: [],
        followUp: "What happens on chmod?",
      },
    ]);
  });

  it("keeps the points the follow-up answer still misses", () => {
    const first = answerDrill(drill(["explain-cow"]), say("The whole file is copied up."), later(30));
    const second = answerDrill(first.state, say("chmod does it too."), later(50));
    expect(second.state.entries[0]?.missedPoints).toEqual(["It happens on the first write."]);
    expect(second.state.entries[0]?.score).toBeCloseTo(0.5 + 0.5 * 0.5 * 0.25);
    expect(second.state.status).toBe("finished");
  });

  it("asks no follow-up when an open answer covers every point", () => {
    const result = answerDrill(
      drill(["explain-cow"]),
      say("On the first write the whole file is copied up, and chmod does that too."),
      later(20),
    );
    expect(result.followUp).toBeUndefined();
    expect(result.state.entries[0]).toMatchObject({ score: 1, correct: true, missedPoints: [] });
  });

  it("grades a question that is not open as it is, without a follow-up", () => {
    const presented = presentQuestion(single, { seed: 1 });
    const wrong = presented.view.choices?.find((choice) => choice.text === "Only RUN runs again")
      ?.id as string;
    const result = answerDrill(
      drill(["touch-cache"]),
      gradeAnswer(presented.key, { mode: "single", choiceIds: [wrong] }),
      later(10),
    );
    expect(result.followUp).toBeUndefined();
    expect(result.state.entries[0]).toEqual({
      questionId: "touch-cache",
      score: 0,
      correct: false,
      late: false,
      missedPoints: [],
    });
  });

  it("scores an answer after the time limit 0 with a note, right or not", () => {
    const grade = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    const result = answerDrill(drill(["count"]), grade, later(130));
    expect(result.state.entries[0]).toEqual({
      questionId: "count",
      score: 0,
      correct: false,
      late: true,
      missedPoints: [],
      note: "The answer came 10 s after the 120 s limit, so it scored 0.",
    });
    expect(answerDrill(drill(["count"]), grade, later(120)).state.entries[0]?.score).toBe(1);
  });

  it("times a follow-up from when it was asked and keeps the first score when it comes late", () => {
    const first = answerDrill(drill(["explain-cow"]), say("The whole file is copied up."), later(100));
    expect(secondsLeft(first.state, later(100))).toBe(120);
    const late = answerDrill(first.state, say("chmod copies up on the first write."), later(250));
    expect(late.state.entries[0]).toMatchObject({
      score: 0.5,
      late: true,
      missedPoints: ["It happens on the first write.", "chmod also copies up."],
      note: "The follow-up answer came 30 s after the 120 s limit, so only the first answer counts.",
    });
  });

  it("ignores grades for another question or with a problem", () => {
    const state = drill(["explain-cow"]);
    const other = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    expect(answerDrill(state, other, later(5)).state).toBe(state);
    expect(answerDrill(state, say(""), later(5)).state).toBe(state);
  });

  it("gives each question its own seed and finishes after the last", () => {
    let state = drill(["count", "touch-cache"]);
    const firstSeed = currentDrillSeed(state);
    const grade = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    state = answerDrill(state, grade, later(5)).state;
    expect(currentDrillSeed(state)).not.toBe(firstSeed);
    expect(currentDrillQuestionId(state)).toBe("touch-cache");
    expect(drill([]).status).toBe("finished");
  });
});
