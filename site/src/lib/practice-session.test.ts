import { describe, expect, it } from "vitest";
import {
  advancePractice,
  answerPractice,
  currentPracticeId,
  jumpPractice,
  parsePracticeSession,
  retargetPractice,
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

describe("a practice run moved to another Docker", () => {
  it("keeps the answers, drops open questions that do not hold, adds those that now do", () => {
    let session = startPracticeSession(["a", "b", "c", "d"], 1, false, "26.1-containerd");
    session = advancePractice(answerPractice(session, { correct: true, score: 1 })); // a answered
    session = advancePractice(answerPractice(session, { correct: false, score: 0 })); // b answered
    // On the new Docker, b and d do not hold (b was answered: it stays) and e does.
    const moved = retargetPractice(session, ["a", "c", "e"], "20.10-overlay2");
    expect(moved.session.order).toEqual(["a", "b", "c", "e"]);
    expect(moved.session.profile).toBe("20.10-overlay2");
    expect(moved).toMatchObject({ dropped: 1, added: 1 });
    expect(currentPracticeId(moved.session)).toBe("c");
    expect(summarizePractice(moved.session)).toMatchObject({ answered: 2, right: 1, remaining: 2 });
  });

  it("goes on at the first open question when the one on screen leaves the run", () => {
    const session = jumpPractice(startPracticeSession(["a", "b", "c"], 1, false), 1);
    const moved = retargetPractice(session, ["a", "c"], "26.1-overlay2");
    expect(moved.session.order).toEqual(["a", "c"]);
    expect(currentPracticeId(moved.session)).toBe("a");
  });

  it("reads the Docker back from a saved run and refuses an unknown one", () => {
    const session = startPracticeSession(ids, 3, false, "26.1-overlay2");
    expect(parsePracticeSession(JSON.stringify(session), ids)?.profile).toBe("26.1-overlay2");
    expect(parsePracticeSession(JSON.stringify({ ...session, profile: "19.03" }), ids)).toBeUndefined();
  });
});
