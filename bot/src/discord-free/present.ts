/**
 * A question's presentation (what the player sees and its answer key), computed once when the
 * question is asked: authored questions in place (a seeded shuffle), scenario questions through
 * the engine pool, off the event loop. Sessions store the result and grade every click against it.
 */
import type { Question } from "@layercake/shared/core";
import { type PresentedQuestion, presentQuestion } from "@layercake/shared/quiz";
import type { EngineJobs, EngineOutcome } from "./engine-jobs.ts";

export type Presentation =
  | { ready: true; presented: PresentedQuestion }
  | { ready: false; busy: true; retryAfterSeconds: number; why: "you" | "everyone" }
  | { ready: false; busy: false; later: Promise<EngineOutcome<PresentedQuestion>> };

/** Presents `question` for `userId`: at once when no engine work is needed, else as an engine job. */
export function presentFor(
  engine: EngineJobs,
  userId: string,
  question: Question,
  seed: number,
): Presentation {
  if (question.kind !== "scenario") return { ready: true, presented: presentQuestion(question, { seed }) };
  const admitted = engine.submit(userId, { kind: "present", question, seed });
  if (admitted.busy) return { ready: false, ...admitted };
  return { ready: false, busy: false, later: admitted.result };
}
