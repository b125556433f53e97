/** What every graded answer does besides the reply: FSRS card, weekly score, activity (streaks). */
import { type Grade, newReviewCard, reviewCard } from "@layercake/shared/quiz";
import type { Storage } from "../adapters/storage.ts";

/** Points for a quiz or drill answer: 10 for a full answer, partial credit rounded. */
export function quizPoints(grade: Grade): number {
  return Math.round(grade.score * 10);
}

/** Updates the player's review card, weekly score and activity day for one graded answer. */
export function recordLearning(
  storage: Storage,
  at: Date,
  answer: { guildId: string; userId: string; grade: Grade; points: number },
): void {
  const { guildId, userId, grade, points } = answer;
  const card =
    storage.getCards(userId).find((candidate) => candidate.questionId === grade.questionId) ??
    newReviewCard(grade.questionId, at);
  storage.saveCard(userId, reviewCard(card, grade, at));
  storage.addScore(guildId, userId, at, points, grade.correct);
}
