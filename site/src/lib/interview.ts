/**
 * The mock interview's own decisions, beside the shared drill (shared/src/quiz/drill.ts): which
 * follow-up the interviewer asks, chosen from what the answer missed without reading the rubric
 * out, and the report a learner reviews afterwards — every question with the answer given, the
 * model answer, the points missed and the lesson to reread, linked by its title.
 */
import type { Question } from "@layercake/shared/core";
import { chooseFollowUp, type DrillState } from "@layercake/shared/quiz";

export { chooseFollowUp };

export interface InterviewAnswerRecord {
  /** What the learner answered, as text (choice texts for choice questions). */
  answer: string;
  followUp?: string;
  followUpAnswer?: string;
}

export interface InterviewReportItem {
  questionId: string;
  prompt: string;
  answer: string;
  followUp?: string;
  followUpAnswer?: string;
  modelAnswer: string;
  score: number;
  missed: string[];
  note?: string;
  lesson?: { title: string; href: string };
}

/** A sentence without the punctuation it ends with, so it can be joined or listed cleanly. */
export function withoutFinalPunctuation(text: string): string {
  return text.trim().replace(/[\s.;:,!]+$/, "");
}

/** The report's items, in the order asked. */
export function interviewReportItems(
  state: DrillState,
  byId: ReadonlyMap<string, Question>,
  answers: ReadonlyMap<string, InterviewAnswerRecord>,
  lessons: Readonly<Record<string, { title: string; path: string }>>,
  expected: ReadonlyMap<string, string>,
): InterviewReportItem[] {
  return state.entries.map((entry) => {
    const question = byId.get(entry.questionId);
    const record = answers.get(entry.questionId);
    const lesson = question ? lessons[question.lesson.id] : undefined;
    const section = question?.lesson.section;
    return {
      questionId: entry.questionId,
      prompt: question?.prompt ?? entry.questionId,
      answer: record?.answer ?? "",
      ...(record?.followUp ? { followUp: record.followUp } : {}),
      ...(record?.followUpAnswer ? { followUpAnswer: record.followUpAnswer } : {}),
      modelAnswer: question?.rubric?.modelAnswer ?? expected.get(entry.questionId) ?? "",
      score: entry.score,
      missed: entry.missedPoints.map(withoutFinalPunctuation),
      ...(entry.note ? { note: entry.note } : {}),
      ...(lesson
        ? { lesson: { title: lesson.title, href: section ? `${lesson.path}#${section}` : lesson.path } }
        : {}),
    };
  });
}
