/**
 * The quiz core off the page's main thread: presenting a question (scenario questions run the
 * engine) and grading an answer. The practice page then loads only its own small script, and
 * never blocks while the engine computes a scenario.
 */
import { gradeAnswer, presentQuestion } from "@layercake/shared/quiz";
import type { QuizRequest, QuizResponse } from "./quiz-client.ts";

self.addEventListener("message", (event: MessageEvent<QuizRequest>) => {
  const request = event.data;
  let response: QuizResponse;
  try {
    response =
      request.kind === "present"
        ? {
            id: request.id,
            kind: "present",
            presented: presentQuestion(request.question, { seed: request.seed, profile: request.profile }),
          }
        : { id: request.id, kind: "grade", grade: gradeAnswer(request.key, request.response) };
  } catch (error) {
    response = {
      id: request.id,
      kind: "failed",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  self.postMessage(response);
});
