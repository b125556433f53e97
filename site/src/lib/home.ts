/** The home page's Markdown: the ways to practise first, then the tracks with their lessons. */
import type { ContentLibrary } from "@layercake/shared/core";
import { lessonPath, practicePath } from "./sidebar.ts";

export function renderHomeMarkdown(library: ContentLibrary): { markdown: string; firstLessonPath: string } {
  const sections = library.tracks
    .map((track) => {
      const lessons = library.lessons.filter((lesson) => lesson.track === track.id);
      if (lessons.length === 0) return "";
      const items = lessons
        .map((lesson) => `- [${lesson.title}](${lessonPath(lesson)}) — ${lesson.summary}`)
        .join("\n");
      return `## ${track.title}\n\n${track.description}\n\n${items}\n`;
    })
    .filter((section) => section !== "");
  const questions = library.questions.length;
  const scenario = library.questions.filter((question) => question.kind === "scenario").length;
  const practice = [
    "## Practise",
    "",
    "- [Due for review](/practice/review/): spaced repetition (FSRS) of what you answered",
    "- [Mock interview](/interview/): a timed drill with follow-ups and a report",
    "- [Playground](/playground/): build, edit, rebuild and run, with the cache's reasons",
    "",
    `${questions} questions, ${scenario} of them scenarios whose answers the engine computes and explains, by topic:`,
    "",
    ...library.banks.map(
      (bank) => `- [${bank.title}](${practicePath(bank.topic)}) (${bank.questions.length} questions)`,
    ),
    "",
  ].join("\n");
  const first = library.lessons[0];
  return {
    markdown: `${practice}\n${sections.join("\n")}`,
    firstLessonPath: first ? lessonPath(first) : "/playground/",
  };
}
