/**
 * The end-of-drill report: scores by topic, the key points still missed and the lesson sections
 * to reread, weakest topic first.
 */
import type { Question } from "../core/content-model.ts";
import type { DrillState } from "./drill.ts";

export interface DrillTopicReport {
  topic: string;
  questions: number;
  /** Average score, 0..1. */
  score: number;
  /** Key points missed in this topic, each once. */
  missedPoints: string[];
  /** Lessons (and sections) that teach what was missed. */
  lessons: Array<{ id: string; section?: string }>;
}

export interface DrillReport {
  questions: number;
  score: number;
  late: number;
  byTopic: DrillTopicReport[];
}

/** The end-of-drill report by topic. */
export function drillReport(state: DrillState, questionsById: ReadonlyMap<string, Question>): DrillReport {
  const topics = new Map<string, DrillTopicReport & { total: number }>();
  for (const entry of state.entries) {
    const question = questionsById.get(entry.questionId);
    const topic = question?.topic ?? "unknown";
    const report = topics.get(topic) ?? {
      topic,
      questions: 0,
      score: 0,
      total: 0,
      missedPoints: [],
      lessons: [],
    };
    report.questions += 1;
    report.total += entry.score;
    for (const point of entry.missedPoints)
      if (!report.missedPoints.includes(point)) report.missedPoints.push(point);
    if (
      question &&
      entry.score < 1 &&
      !report.lessons.some(
        (lesson) => lesson.id === question.lesson.id && lesson.section === question.lesson.section,
      )
    ) {
      report.lessons.push(question.lesson);
    }
    topics.set(topic, report);
  }
  const byTopic = [...topics.values()]
    .map(({ total, ...report }) => ({
      ...report,
      score: report.questions === 0 ? 0 : total / report.questions,
    }))
    .sort((left, right) => left.score - right.score || left.topic.localeCompare(right.topic));
  const sum = state.entries.reduce((total, entry) => total + entry.score, 0);
  return {
    questions: state.entries.length,
    score: state.entries.length === 0 ? 0 : sum / state.entries.length,
    late: state.entries.filter((entry) => entry.late).length,
    byTopic,
  };
}
