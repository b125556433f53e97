/** What every graded answer does besides the reply: FSRS card, weekly score, activity (streaks). */
import { type Grade, newReviewCard, reviewCard } from "@layercake/shared/quiz";
import type { StoreOperations } from "../adapters/store.ts";

/** Points for a quiz or drill answer: 10 for a full answer, partial credit rounded. */
export function quizPoints(grade: Grade): number {
  return Math.round(grade.score * 10);
}

/** Updates the player's review card, weekly score and activity day for one graded answer. */
export async function recordLearning(
  storage: StoreOperations,
  at: Date,
  answer: { guildId: string; userId: string; grade: Grade; points: number },
): Promise<void> {
  const { guildId, userId, grade, points } = answer;
  const card =
    (await storage.getCards(userId)).find((candidate) => candidate.questionId === grade.questionId) ??
    newReviewCard(grade.questionId, at);
  await storage.saveCard(userId, reviewCard(card, grade, at));
  await storage.addScore(guildId, userId, at, points, grade.correct);
}
