/**
 * A question's presentation (what the player sees and its answer key), computed once when the
 * question is asked: authored questions in place (a seeded shuffle), scenario questions through
 * the engine pool, off the event loop. Sessions store the result and grade every click against it.
 */
import type { DockerProfile, Question } from "@layercake/shared/core";
import { type PresentedQuestion, presentQuestion } from "@layercake/shared/quiz";
import type { EngineJobs, EngineOutcome } from "./engine-jobs.ts";

export type Presentation =
  | { ready: true; presented: PresentedQuestion }
  | { ready: false; busy: true; retryAfterSeconds: number; why: "you" | "everyone" }
  | { ready: false; busy: false; later: Promise<EngineOutcome<PresentedQuestion>> };

/**
 * Presents `question` for `userId`: at once when no engine work is needed, else as an engine job.
 * A scenario question's answer is computed for `profile` (the learner's Docker); without one, for
 * the default profile when the question claims it (a challenge, asked of a whole channel).
 */
export function presentFor(
  engine: EngineJobs,
  userId: string,
  question: Question,
  seed: number,
  profile?: DockerProfile,
): Presentation {
  const options = { seed, ...(profile ? { profile } : {}) };
  if (question.kind !== "scenario") return { ready: true, presented: presentQuestion(question, options) };
  const admitted = engine.submit(userId, { kind: "present", question, ...options });
  if (admitted.busy) return { ready: false, ...admitted };
  return { ready: false, busy: false, later: admitted.result };
}
