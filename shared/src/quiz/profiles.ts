/**
 * Which questions hold for a learner's Docker. Content tags each question with the profiles its
 * answer holds for (`profiles`); a learner chooses one profile (learner-profile.ts) and is asked
 * only the questions tagged with it. A question without tags predates them and holds everywhere.
 */
import type { DockerProfile, Question } from "../core/content-model.ts";
import { DEFAULT_LEARNER_PROFILE } from "../engine/docker/learner-profile.ts";

/** A question asked for a profile it does not claim: a caller's mistake, never a learner's. */
export class UnclaimedProfileError extends Error {
  override readonly name = "UnclaimedProfileError";
}

/** Whether `question`'s answer holds for `profile` (untagged questions hold for every profile). */
export function questionHoldsFor(question: Pick<Question, "profiles">, profile: DockerProfile): boolean {
  return question.profiles === undefined || question.profiles.includes(profile);
}

/**
 * The questions a learner with `profile` may be asked, in their order.
 * @example questionsForProfile(library.questions, "26.1-containerd")
 */
export function questionsForProfile<Item extends Pick<Question, "profiles">>(
  questions: readonly Item[],
  profile: DockerProfile,
): Item[] {
  return questions.filter((question) => questionHoldsFor(question, profile));
}

/**
 * The profile a question is presented for: `requested` when the question claims it (else an
 * `UnclaimedProfileError` naming both); without a request, the default learner profile when the
 * question claims it, else the first profile it claims (a caller that knows the learner passes it).
 */
export function presentationProfile(
  question: Pick<Question, "id" | "profiles">,
  requested?: DockerProfile,
): DockerProfile {
  if (requested !== undefined) {
    if (!questionHoldsFor(question, requested)) {
      throw new UnclaimedProfileError(
        `question ${question.id} does not hold for the Docker profile ${requested} (it claims ${question.profiles?.join(", ")}); ask it only of learners whose profile it claims (questionsForProfile)`,
      );
    }
    return requested;
  }
  if (questionHoldsFor(question, DEFAULT_LEARNER_PROFILE)) return DEFAULT_LEARNER_PROFILE;
  return question.profiles?.[0] ?? DEFAULT_LEARNER_PROFILE;
}
