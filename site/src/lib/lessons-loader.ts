/**
 * The Astro content loader behind the lesson pages: it reads `content/` through the shared content
 * module (the same parser the bot uses), runs every lesson scenario through the engine on every
 * Docker profile and stores each lesson as a Starlight docs entry (`<track>/<lesson>`), plus the
 * home page.
 *
 * Like Astro's own glob loader, it keeps an entry whose digest is unchanged and only re-renders (and
 * re-runs the scenarios of) the entries whose inputs changed, then deletes the entries that are gone.
 * A lesson's digest covers its parsed source, its practice topic, the engine's source (it computes
 * every output a lesson shows) and the site's renderers.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readContentLibrary } from "@layercake/shared/content/node";
import {
  type ContentLibrary,
  createSimulatedClock,
  type DockerProfile,
  formatDiagnostic,
  hasErrors,
} from "@layercake/shared/core";
import { LEARNER_PROFILES, openDockerSession } from "@layercake/shared/engine";
import { compareLessonScenario, type LessonScenarioComparison } from "@layercake/shared/scenario";
import type { Loader, LoaderContext } from "astro/loaders";
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

/**
 * A digest of what turns a lesson into a page besides its text: the shared package's sources (the
 * engine, the scenarios) and the site's own renderers (src/lib: variants, diagrams, the store box),
 * so that a change to either re-renders the lessons instead of serving the cached pages.
 */
export function engineFingerprint(): string {
  // Resolved from the working directory, not this module: Astro may run it from a bundle.
  const scenarioEntry = createRequire(join(process.cwd(), "package.json")).resolve(
    "@layercake/shared/scenario",
  );
  const hash = createHash("sha256");
  const visit = (dir: string, root: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path, root);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        hash.update(path.slice(root.length)).update("\0").update(readFileSync(path)).update("\0");
      }
    }
  };
  const sourceRoot = dirname(dirname(scenarioEntry));
  visit(sourceRoot, sourceRoot);
  const siteLib = join(process.cwd(), "src", "lib");
  if (existsSync(siteLib)) visit(siteLib, siteLib);
  return hash.digest("hex");
}

/**
 * What `docker info -f '{{.Driver}}'` (the command the "Which store am I on?" box gives) prints on
 * each profile's simulated daemon: `overlayfs` on the containerd image store, `overlay2` on the
 * graph driver.
 */
export function storageDriversByProfile(): Record<DockerProfile, string> {
  return Object.fromEntries(
    LEARNER_PROFILES.map((profile) => {
      const session = openDockerSession({ clock: createSimulatedClock(0, 1000), profile: profile.daemon });
      const info = session.docker(["info", "-f", "{{.Driver}}"]);
      const driver = info.stdout.trim();
      if (info.exitCode !== 0 || driver === "")
        throw new Error(`docker info -f '{{.Driver}}' on ${profile.id} printed no driver: ${info.stderr}`);
      return [profile.id, driver];
    }),
  ) as Record<DockerProfile, string>;
}

type StoredEntry = Omit<Parameters<LoaderContext["store"]["set"]>[0], "digest">;

export function lessonsLoader(contentDir = CONTENT_DIR): Loader {
  return {
    name: "layercake-lessons",
    async load(context) {
      const library = loadLibraryOrThrow(contentDir);
      const engine = engineFingerprint();
      const storageDrivers = storageDriversByProfile();
      const untouched = new Set(context.store.keys());
      /** Stores the entry `make` renders unless the stored one has the same digest. */
      const update = async (
        id: string,
        inputs: Record<string, unknown>,
        make: () => Promise<StoredEntry>,
      ) => {
        untouched.delete(id);
        const digest = context.generateDigest({ ...inputs, engine });
        if (context.store.get(id)?.digest === digest) return;
        context.store.set({ ...(await make()), digest });
      };
      const home = renderHomeMarkdown(library);
      const homeMarkdown = escapeMarkdownPlaceholders(home.markdown);
      await update("index", { home }, async () => ({
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
      }));
      for (const lesson of library.lessons) {
        const topic = library.banks.find((bank) => bank.lesson === lesson.id)?.topic;
        const id = `${lesson.track}/${lesson.id}`;
        await update(id, { lesson, topic: topic ?? null }, async () => {
          // Every block for every Docker profile: the page switches between them without a reload.
          const comparisons = new Map<string, LessonScenarioComparison>(
            lesson.scenarios.map((scenario) => [scenario.name, compareLessonScenario(scenario)]),
          );
          const problems = [...comparisons.values()].flatMap((comparison) =>
            Object.values(comparison.runs).flatMap((run) =>
              run.problems.map((problem) => ({ ...problem, message: `${problem.message} (${run.profile})` })),
            ),
          );
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
          const markdown = escapeMarkdownPlaceholders(
            renderLessonMarkdown(lesson, comparisons, topic, storageDrivers),
          );
          return {
            id,
            data: await context.parseData({ id, data: { title: lesson.title, description: lesson.summary } }),
            body: markdown,
            filePath: `../content/${lesson.location.file.replace(/^content\//, "")}`,
            rendered: await context.renderMarkdown(markdown),
          };
        });
      }
      for (const id of untouched) context.store.delete(id);
    },
  };
}
