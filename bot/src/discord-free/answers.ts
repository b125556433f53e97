/** What every graded answer does besides the reply: FSRS card, weekly score, activity (streaks). */
import { type Grade, newReviewCard, type ReviewCard, reviewCard } from "@layercake/shared/quiz";
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
  await storage.saveCard(userId, await nextCard(storage, at, userId, grade));
  await storage.addScore(guildId, userId, at, points, grade.correct);
}

/** The player's review card for the graded question after this answer. */
export async function nextCard(
  storage: StoreOperations,
  at: Date,
  userId: string,
  grade: Grade,
): Promise<ReviewCard> {
  const card = (await storage.getCard(userId, grade.questionId)) ?? newReviewCard(grade.questionId, at);
  return reviewCard(card, grade, at);
}
