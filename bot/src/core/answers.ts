/** What every graded answer does besides the reply: FSRS card, weekly score, activity (streaks). */
import { type Grade, newReviewCard, reviewCard } from "@layercake/shared/quiz";
import type { BotContext } from "./types.ts";

/** Points for a quiz or drill answer: 10 for a full answer, partial credit rounded. */
export function quizPoints(grade: Grade): number {
  return Math.round(grade.score * 10);
}

export function recordLearning(
  ctx: BotContext,
  guildId: string,
  userId: string,
  grade: Grade,
  points: number,
): void {
  const now = ctx.now();
  const card =
    ctx.storage.getCards(userId).find((candidate) => candidate.questionId === grade.questionId) ??
    newReviewCard(grade.questionId, now);
  ctx.storage.saveCard(userId, reviewCard(card, grade, now));
  ctx.storage.addScore(guildId, userId, now, points, grade.correct);
}
