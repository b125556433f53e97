import { describe, expect, it } from "vitest";
import * as quiz from "./index.ts";

describe("quiz entry point", () => {
  it("exports presenting, grading, sessions, scheduling and drills", () => {
    expect(Object.keys(quiz).sort()).toEqual([
      "OPEN_PASS_SCORE",
      "answerDrill",
      "answerQuizQuestion",
      "currentDrillQuestionId",
      "currentDrillSeed",
      "currentQuestionId",
      "currentQuestionSeed",
      "drillReport",
      "dueCards",
      "gradeAnswer",
      "hintFor",
      "isQuestionTimedOut",
      "newReviewCard",
      "normalizeAnswerText",
      "parseResponse",
      "presentQuestion",
      "ratingForGrade",
      "reviewCard",
      "scoreAfterHints",
      "secondsLeft",
      "selectQuestions",
      "skipQuizQuestion",
      "startDrill",
      "startQuizSession",
      "stopQuizSession",
      "summarizeQuizSession",
      "takeQuizHint",
      "timeOutQuizQuestion",
      "validateReviewCard",
    ]);
  });
});
