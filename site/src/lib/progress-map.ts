/**
 * What the progress badges need to know about the site, computed at build time: every lesson's
 * path, title and topic, and each topic's questions. Pages embed the part they show.
 */
import type { ContentLibrary } from "@layercake/shared/core";
import { lessonPath, practicePath } from "./sidebar.ts";

export interface ProgressMap {
  lessons: Array<{ id: string; path: string; title: string; topic?: string }>;
  topics: Array<{ topic: string; title: string; path: string; questionIds: string[] }>;
  /** The lesson the page shows, if it is a lesson page. */
  lessonId?: string;
  /** The page is the home page: it shows every topic. */
  home?: boolean;
}

/** The map for the page whose Starlight route id is `routeId` (`building/build-cache`, `""` for home). */
export function progressMapFor(library: ContentLibrary, routeId: string | undefined): ProgressMap {
  const topicOf = new Map(library.banks.map((bank) => [bank.lesson, bank.topic]));
  const lessons = library.lessons.map((lesson) => ({
    id: lesson.id,
    path: lessonPath(lesson),
    title: lesson.title,
    ...(topicOf.has(lesson.id) ? { topic: topicOf.get(lesson.id) as string } : {}),
  }));
  const lesson = library.lessons.find((candidate) => `${candidate.track}/${candidate.id}` === routeId);
  const home = routeId === "" || routeId === "index";
  const wanted = home ? undefined : lesson ? topicOf.get(lesson.id) : null;
  const topics = library.banks
    .filter((bank) => wanted === undefined || bank.topic === wanted)
    .map((bank) => ({
      topic: bank.topic,
      title: bank.title,
      path: practicePath(bank.topic),
      questionIds: bank.questions.map((question) => question.id),
    }));
  return { lessons, topics, ...(lesson ? { lessonId: lesson.id } : {}), ...(home ? { home } : {}) };
}
