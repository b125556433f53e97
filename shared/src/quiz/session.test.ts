import { describe, expect, it } from "vitest";
import type { Question } from "../core/content-model.ts";
import { answerDrill, currentDrillQuestionId, drillReport, startDrill } from "./drill.ts";
import { gradeAnswer } from "./grade.ts";
import { hintFor, presentQuestion } from "./present.ts";
import { dueCards, newReviewCard, reviewCard } from "./schedule.ts";
import { selectQuestions } from "./select.ts";
import {
  answerQuizQuestion,
  currentQuestionId,
  skipQuizQuestion,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
  takeQuizHint,
  timeOutQuizQuestion,
} from "./session.ts";
import { multiple, numeric, open, ordering, single, text, trueFalse } from "./test-fixtures.ts";

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

  it("selects by topic and difficulty, seeded", () => {
    expect(selectQuestions(all, { topic: "whiteouts", length: 5, seed: 1 }).map((item) => item.id)).toEqual([
      "rm-shrinks",
    ]);
    expect(selectQuestions(all, { length: 3, seed: 4 })).toEqual(
      selectQuestions(all, { length: 3, seed: 4 }),
    );
    expect(selectQuestions(all, { length: 10, seed: 4, excludeOpen: true })).toHaveLength(6);
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

describe("FSRS review cards", () => {
  it("moves the due date forward after a good answer and brings the card back soon after a wrong one", () => {
    const card = newReviewCard("count", start);
    const good = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 });
    const bad = gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 9 });
    const afterGood = reviewCard(card, good, start);
    const twice = reviewCard(afterGood, good, new Date(afterGood.due));
    expect(Date.parse(twice.due) - Date.parse(afterGood.due)).toBeGreaterThan(24 * 3600 * 1000);
    const lapsed = reviewCard(twice, bad, new Date(twice.due));
    expect(lapsed.lapses).toBe(1);
    expect(Date.parse(lapsed.due) - Date.parse(twice.due)).toBeLessThan(24 * 3600 * 1000);
  });

  it("lists due cards, the most overdue first", () => {
    const cards = [
      { ...newReviewCard("a", start), due: later(100).toISOString() },
      { ...newReviewCard("b", start), due: later(10).toISOString() },
      { ...newReviewCard("c", start), due: later(5000).toISOString() },
    ];
    expect(dueCards(cards, later(200)).map((card) => card.questionId)).toEqual(["b", "a"]);
  });
});

describe("drills", () => {
  it("asks one follow-up when key points are missed and reports by topic with lessons", () => {
    let state = startDrill({
      questionIds: ["explain-cow", "count"],
      seed: 3,
      startedAt: start,
      secondsPerQuestion: 120,
    });
    const openKey = presentQuestion(open, { seed: 0 }).key;
    const first = answerDrill(
      state,
      gradeAnswer(openKey, { mode: "open", text: "The whole file is copied up." }),
      later(30),
    );
    expect(first.followUp).toBe("What happens on chmod?");
    expect(currentDrillQuestionId(first.state)).toBe("explain-cow");
    const second = answerDrill(
      first.state,
      gradeAnswer(openKey, { mode: "open", text: "chmod copies up the file too." }),
      later(60),
    );
    expect(second.followUp).toBeUndefined();
    state = second.state;
    expect(currentDrillQuestionId(state)).toBe("count");
    state = answerDrill(
      state,
      gradeAnswer(presentQuestion(numeric, { seed: 0 }).key, { mode: "numeric", value: 3 }),
      later(400),
    ).state;
    const report = drillReport(state, byId);
    expect(state.status).toBe("finished");
    expect(report.late).toBe(1);
    expect(report.byTopic.map((topic) => [topic.topic, topic.questions])).toEqual([
      ["build-cache", 1],
      ["copy-on-write", 1],
    ]);
    expect(report.byTopic[0]).toMatchObject({
      score: 0,
      lessons: [{ id: "build-cache", section: "how-copy-is-cached" }],
    });
    expect(report.byTopic[1]?.missedPoints).toEqual(["It happens on the first write."]);
  });
});
