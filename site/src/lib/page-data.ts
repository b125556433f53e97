/** What a practice, review or interview page embeds for its island, computed at build time. */
import type { ContentLibrary, Question } from "@layercake/shared/core";
import { lessonPath } from "./sidebar.ts";

export function lessonPaths(library: ContentLibrary): Record<string, string> {
  return Object.fromEntries(library.lessons.map((lesson) => [lesson.id, lessonPath(lesson)]));
}

/** Lesson id → title and path: reports link lessons by their title. */
export function lessonLinks(library: ContentLibrary): Record<string, { title: string; path: string }> {
  return Object.fromEntries(
    library.lessons.map((lesson) => [lesson.id, { title: lesson.title, path: lessonPath(lesson) }]),
  );
}

/** JSON for a `<script type="application/json">` element: `<` escaped so text cannot end the element. */
export function embedJson(value: {
  questions: Question[];
  lessonPaths: Record<string, string>;
  lessons?: Record<string, { title: string; path: string }>;
}): string {
  return JSON.stringify({
    ...value,
    questions: value.questions.map(({ location: _location, ...question }) => question),
  }).replace(/</g, "\\u003c");
}
