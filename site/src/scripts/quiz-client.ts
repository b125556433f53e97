/** The page's side of the quiz worker (quiz-worker.ts): presenting and grading as promises. */
import type { DockerProfile, Question } from "@layercake/shared/core";
import type { AnswerKey, Grade, PresentedQuestion, QuizResponse as Response } from "@layercake/shared/quiz";

export type QuizRequest =
  | { id: number; kind: "present"; question: Question; seed: number; profile: DockerProfile }
  | { id: number; kind: "grade"; key: AnswerKey; response: Response };

export type QuizResponse =
  | { id: number; kind: "present"; presented: PresentedQuestion }
  | { id: number; kind: "grade"; grade: Grade }
  | { id: number; kind: "failed"; message: string };

export interface QuizEngine {
  /** Presents `question` for the learner's Docker (scenario answers are computed for it). */
  present(question: Question, seed: number, profile: DockerProfile): Promise<PresentedQuestion>;
  grade(key: AnswerKey, response: Response): Promise<Grade>;
}

export function createQuizEngine(): QuizEngine {
  const worker = new Worker(new URL("./quiz-worker.ts", import.meta.url), {
    type: "module",
    name: "layercake-quiz",
  });
  const pending = new Map<
    number,
    { resolve: (response: QuizResponse) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  worker.addEventListener("message", (event: MessageEvent<QuizResponse>) => {
    const request = pending.get(event.data.id);
    pending.delete(event.data.id);
    request?.resolve(event.data);
  });
  worker.addEventListener("error", (event) => {
    for (const request of pending.values())
      request.reject(new Error(event.message || "the quiz engine stopped"));
    pending.clear();
  });
  const send = (request: Omit<QuizRequest, "id"> & { kind: QuizRequest["kind"] }): Promise<QuizResponse> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };
  return {
    async present(question, seed, profile) {
      const response = await send({ kind: "present", question, seed, profile } as Omit<QuizRequest, "id">);
      if (response.kind !== "present")
        throw new Error(response.kind === "failed" ? response.message : "unexpected answer");
      return response.presented;
    },
    async grade(key, response) {
      const answer = await send({ kind: "grade", key, response } as Omit<QuizRequest, "id">);
      if (answer.kind !== "grade")
        throw new Error(answer.kind === "failed" ? answer.message : "unexpected answer");
      return answer.grade;
    },
  };
}
