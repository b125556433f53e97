/** What a practice, review or interview page embeds for its island, computed at build time. */
import {
  type ContentLibrary,
  DOCKER_PROFILES,
  type DockerProfile,
  type Question,
} from "@layercake/shared/core";
import { questionsForProfile } from "@layercake/shared/quiz";
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

/**
 * The ids of `questions` a learner on each Docker profile is asked (the quiz core's
 * questionsForProfile, run here so the page's own script does not load the quiz core for it).
 */
export function askedByProfile(questions: readonly Question[]): Record<DockerProfile, string[]> {
  return Object.fromEntries(
    DOCKER_PROFILES.map((profile) => [
      profile,
      questionsForProfile(questions, profile).map((question) => question.id),
    ]),
  ) as Record<DockerProfile, string[]>;
}

/** JSON for a `<script type="application/json">` element: `<` escaped so text cannot end the element. */
export function embedJson(value: {
  questions: Question[];
  lessonPaths: Record<string, string>;
  lessons?: Record<string, { title: string; path: string }>;
  /** For the practice islands: `askedByProfile` of the questions. */
  asked?: Record<DockerProfile, string[]>;
}): string {
  return JSON.stringify({
    ...value,
    questions: value.questions.map(({ location: _location, ...question }) => question),
  }).replace(/</g, "\\u003c");
}
