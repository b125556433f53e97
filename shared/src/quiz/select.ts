/** Picks the questions of a quiz: filtered by topic, difficulty and Docker profile, seeded, topics interleaved. */
import type { Difficulty, DockerProfile, Question } from "../core/content-model.ts";
import { createRandom } from "../core/random.ts";
import { questionHoldsFor } from "./profiles.ts";

export interface QuestionFilter {
  topic?: string;
  difficulty?: Difficulty;
  /** Leave out open interview questions (quizzes grade them poorly at speed). */
  excludeOpen?: boolean;
  /** The learner's Docker: only questions whose profiles include it (`questionsForProfile`). */
  profile?: DockerProfile;
  length: number;
  seed: number;
}

/** Up to `length` questions matching the filter, in a seeded order that alternates topics. */
export function selectQuestions(questions: readonly Question[], filter: QuestionFilter): Question[] {
  const random = createRandom(filter.seed);
  const matching = questions.filter(
    (question) =>
      (filter.topic === undefined || question.topic === filter.topic) &&
      (filter.difficulty === undefined || question.difficulty === filter.difficulty) &&
      !(filter.excludeOpen && question.kind === "open") &&
      (filter.profile === undefined || questionHoldsFor(question, filter.profile)),
  );
  const byTopic = new Map<string, Question[]>();
  for (const question of random.shuffle(matching)) {
    byTopic.set(question.topic, [...(byTopic.get(question.topic) ?? []), question]);
  }
  const queues = random.shuffle([...byTopic.values()]);
  const picked: Question[] = [];
  while (picked.length < filter.length && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && picked.length < filter.length) picked.push(next);
    }
  }
  return picked;
}
