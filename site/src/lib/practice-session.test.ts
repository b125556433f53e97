import { describe, expect, it } from "vitest";
import {
  advancePractice,
  answerPractice,
  currentPracticeId,
  jumpPractice,
  parsePracticeSession,
  startPracticeSession,
  summarizePractice,
} from "./practice-session.ts";

const ids = ["a", "b", "c", "d", "e"];

describe("a practice session", () => {
  it("keeps the order, or shuffles it the same way for the same seed", () => {
    expect(startPracticeSession(ids, 1, false).order).toEqual(ids);
    const shuffled = startPracticeSession(ids, 42, true).order;
    expect([...shuffled].sort()).toEqual(ids);
    expect(startPracticeSession(ids, 42, true).order).toEqual(shuffled);
    expect(startPracticeSession(ids, 43, true).order).not.toEqual(shuffled);
  });

  it("skips a question and brings it back after the others", () => {
    let session = startPracticeSession(ids, 1, false);
    session = advancePractice(session); // skip a
    expect(currentPracticeId(session)).toBe("b");
    for (const _ of ["b", "c", "d", "e"])
      session = advancePractice(answerPractice(session, { correct: true, score: 1 }));
    expect(currentPracticeId(session)).toBe("a");
    session = advancePractice(answerPractice(session, { correct: false, score: 0, rating: "again" }));
    expect(currentPracticeId(session)).toBeUndefined();
    expect(summarizePractice(session)).toMatchObject({ answered: 5, right: 4, remaining: 0, wrong: ["a"] });
  });

  it("jumps to any question and resumes from what was saved", () => {
    const session = jumpPractice(
      answerPractice(startPracticeSession(ids, 9, true), { correct: true, score: 1 }),
      3,
    );
    const resumed = parsePracticeSession(JSON.stringify(session), ids);
    expect(resumed).toEqual(session);
    expect(resumed && currentPracticeId(resumed)).toBe(session.order[3]);
    expect(jumpPractice(session, 99)).toBe(session);
  });

  it("refuses a saved session that no longer fits the page's questions", () => {
    const session = startPracticeSession(ids, 1, false);
    expect(parsePracticeSession(JSON.stringify(session), ["a", "b"])).toBeUndefined();
    expect(parsePracticeSession("{", ids)).toBeUndefined();
    expect(parsePracticeSession(null, ids)).toBeUndefined();
  });
});
