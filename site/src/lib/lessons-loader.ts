/**
 * The Astro content loader behind the lesson pages: it reads `content/` through the shared content
 * module (the same parser the bot uses), runs every lesson scenario through the engine and stores
 * each lesson as a Starlight docs entry (`<track>/<lesson>`), plus the home page.
 */
import { readContentLibrary } from "@layercake/shared/content/node";
import { type ContentLibrary, formatDiagnostic, hasErrors } from "@layercake/shared/core";
import { type LessonScenarioRun, runLessonScenario } from "@layercake/shared/scenario";
import type { Loader } from "astro/loaders";
import { CONTENT_DIR } from "./content-dir.ts";
import { renderHomeMarkdown } from "./home.ts";
import { renderLessonMarkdown } from "./lesson-markdown.ts";
import { escapeMarkdownPlaceholders } from "./markdown-placeholders.ts";

/** Reads the library and fails loudly (with file:line:column) when content has errors. */
export function loadLibraryOrThrow(contentDir = CONTENT_DIR): ContentLibrary {
  const { library, diagnostics } = readContentLibrary(contentDir);
  if (hasErrors(diagnostics)) {
    throw new Error(
      `content has errors (run npm run check:content):\n${diagnostics.map(formatDiagnostic).join("\n")}`,
    );
  }
  return library;
}

export function lessonsLoader(contentDir = CONTENT_DIR): Loader {
  return {
    name: "layercake-lessons",
    async load(context) {
      const library = loadLibraryOrThrow(contentDir);
      context.store.clear();
      const home = renderHomeMarkdown(library);
      const homeMarkdown = escapeMarkdownPlaceholders(home.markdown);
      context.store.set({
        id: "index",
        data: await context.parseData({
          id: "index",
          data: {
            title: "Layercake",
            description:
              "Learn how Docker images really work: layers, the build cache, OverlayFS and copy-on-write, computed by a faithful engine.",
            // The doc template, not splash: the phone menu and the sidebar are there on the home page too.
            template: "doc",
            tableOfContents: false,
            hero: {
              tagline:
                "How Docker images really work — layers, the build cache, OverlayFS, copy-on-write — for your next interview. Every output and every answer is computed by an engine tested against a real Docker daemon.",
              actions: [
                {
                  text: "Start learning",
                  link: home.firstLessonPath,
                  icon: "right-arrow",
                  variant: "primary",
                },
                { text: "Review what is due", link: "/practice/review/", variant: "secondary" },
                { text: "Mock interview", link: "/interview/", variant: "secondary" },
                { text: "Playground", link: "/playground/", variant: "secondary" },
              ],
            },
          },
        }),
        body: homeMarkdown,
        rendered: await context.renderMarkdown(homeMarkdown),
      });
      for (const lesson of library.lessons) {
        const runs = new Map<string, LessonScenarioRun>(
          lesson.scenarios.map((scenario) => [scenario.name, runLessonScenario(scenario)]),
        );
        const problems = [...runs.values()].flatMap((run) => run.problems);
        if (problems.length > 0) {
          throw new Error(
            problems
              .map(
                (problem) =>
                  `${problem.location.file}:${problem.location.line}:${problem.location.column} ScenarioFailed ${problem.message}`,
              )
              .join("\n"),
          );
        }
        const topic = library.banks.find((bank) => bank.lesson === lesson.id)?.topic;
        const markdown = escapeMarkdownPlaceholders(renderLessonMarkdown(lesson, runs, topic));
        const id = `${lesson.track}/${lesson.id}`;
        context.store.set({
          id,
          data: await context.parseData({ id, data: { title: lesson.title, description: lesson.summary } }),
          body: markdown,
          filePath: `../content/${lesson.location.file.replace(/^content\//, "")}`,
          rendered: await context.renderMarkdown(markdown),
        });
      }
    },
  };
}
