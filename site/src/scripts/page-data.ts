/** Reads the JSON a page embeds for its island (`<script type="application/json" id="lc-data">`). */
import type { DockerProfile, Question } from "@layercake/shared/core";

export interface PageData {
  questions: Question[];
  /** Per Docker profile, the ids of the questions a learner on it is asked (page order). */
  asked: Partial<Record<DockerProfile, string[]>>;
  lessonPaths: Record<string, string>;
  lessons: Record<string, { title: string; path: string }>;
}

export function readPageData(): PageData {
  const text = document.getElementById("lc-data")?.textContent ?? "{}";
  const data = JSON.parse(text) as Partial<PageData>;
  return {
    questions: data.questions ?? [],
    asked: data.asked ?? {},
    lessonPaths: data.lessonPaths ?? {},
    lessons: data.lessons ?? {},
  };
}

export function lessonHref(data: PageData, question: Question): string | undefined {
  const path = data.lessonPaths[question.lesson.id];
  if (!path) return undefined;
  return question.lesson.section ? `${path}#${question.lesson.section}` : path;
}
