import { describe, expect, it } from "vitest";
import * as quiz from "./index.ts";

describe("quiz entry point", () => {
  it("exports presenting, grading, sessions, scheduling, drills and the progress format", () => {
    expect(Object.keys(quiz).sort()).toEqual([
      "OPEN_PASS_SCORE",
      "PROGRESS_FORMAT",
      "PROGRESS_VERSION",
      "answerDrill",
      "answerQuizQuestion",
      "currentDrillQuestionId",
      "currentDrillSeed",
      "currentQuestionId",
      "currentQuestionSeed",
      "decodeProgressCode",
      "drillReport",
      "dueCards",
      "emptyProgress",
      "encodeProgressCode",
      "gradeAnswer",
      "hintFor",
      "isQuestionTimedOut",
      "mergeProgress",
      "newReviewCard",
      "normalizeAnswerText",
      "parseProgress",
      "parseResponse",
      "presentQuestion",
      "ratingForGrade",
      "readProgressInput",
      "recordLessonRead",
      "recordReview",
      "reviewCard",
      "scoreAfterHints",
      "secondsLeft",
      "selectQuestions",
      "serializeProgress",
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
