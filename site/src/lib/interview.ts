/**
 * The mock interview's own decisions, beside the shared drill (shared/src/quiz/drill.ts): which
 * follow-up the interviewer asks, chosen from what the answer missed without reading the rubric
 * out, and the report a learner reviews afterwards — every question with the answer given, the
 * model answer, the points missed and the lesson to reread, linked by its title.
 */
import type { Question, Rubric } from "@layercake/shared/core";
import type { DrillState } from "@layercake/shared/quiz";

const STOP_WORDS = new Set(
  "a an the and or of to in on at is are be it its it's this that what why how does do you your with for as by from into when which who".split(
    " ",
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .filter((word) => word.length > 2 && !STOP_WORDS.has(word))
      .map((word) => word.replace(/(?:ing|ed|es|s)$/, "")),
  );
}

/**
 * The follow-up for an answer that missed `missedIds` of `rubric`: the interviewer's prepared
 * question that best matches a missed point, or else a probe naming the point's subject (its
 * first phrase) — never the point's sentence, which would hand over the answer. Different
 * misses get different follow-ups; `seed` breaks ties so a replayed drill asks the same.
 */
export function chooseFollowUp(
  rubric: Rubric,
  missedIds: readonly string[],
  seed: number,
): string | undefined {
  const missed = rubric.points
    .filter((point) => missedIds.includes(point.id))
    .sort((left, right) => right.weight - left.weight);
  if (missed.length === 0) return undefined;
  const candidates = [
    ...rubric.followUps.map((text) => ({
      text,
      overlap: Math.max(
        ...missed.map((point) => {
          // The point's phrases are its key terms: a follow-up that uses them counts double.
          const asked = [...words(text)];
          const key = words(point.phrases.join(" "));
          const sentence = words(point.text);
          const overlap =
            2 * asked.filter((word) => key.has(word)).length +
            asked.filter((word) => sentence.has(word)).length;
          return overlap * point.weight;
        }),
      ),
    })),
  ].sort((left, right) => right.overlap - left.overlap);
  const best = candidates[0];
  if (best && best.overlap > 0) {
    const tied = candidates.filter((candidate) => candidate.overlap === best.overlap);
    return tied[seed % tied.length]?.text;
  }
  const point = missed[seed % missed.length] ?? missed[0];
  const subject = point?.phrases[0] ?? "that";
  return `You did not mention ${subject}. Where does it come in, and why does it matter here?`;
}

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
