/**
 * A lesson's Markdown as the site renders it: every scenario block replaced by what the engine
 * produced for it (console output under each command, generated layer diagrams, file blocks with
 * their names), objectives at the top, sources and a link to the lesson's questions at the end.
 */
import { parseCodeMeta, parseMarkdown } from "@layercake/shared/content";
import type { Builder, Lesson } from "@layercake/shared/core";
import type { LessonScenarioRun } from "@layercake/shared/scenario";
import { parseBuildSteps, renderCacheDiagram } from "./cache-diagram.ts";
import { encodeState } from "./playground-state.ts";
import { practicePath } from "./sidebar.ts";

function fence(lang: string, meta: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}${meta ? ` ${meta}` : ""}\n${body.replace(/\n+$/, "")}\n${ticks}`;
}

/** Makes the ids inside an SVG unique on the page (several diagrams may share one). */
function uniqueIds(svg: string, suffix: string): string {
  return svg.replace(
    /(id|aria-labelledby|aria-describedby)="([^"]+)"/g,
    (_match, attribute: string, ids: string) =>
      `${attribute}="${ids
        .split(/\s+/)
        .map((id) => `${id}-${suffix}`)
        .join(" ")}"`,
  );
}

const BUILDER_NAMES: Readonly<Record<Builder, string>> = {
  buildkit: "BuildKit",
  classic: "Classic builder",
};

/** The builder a console command builds with: its DOCKER_BUILDKIT prefix, else the scenario's. */
function builderOf(command: string, scenarioBuilder: Builder): Builder {
  const setting = /\bDOCKER_BUILDKIT=([01])\b/.exec(command)?.[1];
  return setting === "0" ? "classic" : setting === "1" ? "buildkit" : scenarioBuilder;
}

/**
 * A console block's title: which builder produced its output and which Docker it reproduces,
 * so two blocks of the same command under different builders never look alike by accident.
 */
function consoleTitle(commands: readonly string[], scenarioBuilder: Builder): string {
  const builders = new Set(commands.map((command) => builderOf(command, scenarioBuilder)));
  const builder = [...builders].map((name) => BUILDER_NAMES[name]).join(" and ");
  return `${builder} · Docker 20.10 (engine output)`;
}

/** 1-based numbers of the transcript's lines the cache answered (BuildKit CACHED, classic "Using cache"). */
function cachedLines(transcript: string): number[] {
  return transcript
    .split("\n")
    .flatMap((line, index) => (/\bCACHED\b|---> Using cache/.test(line) ? [index + 1] : []));
}

/** A link that opens the scenario's project, as it stands after this block, in the playground. */
function playgroundLink(
  files: ReadonlyMap<string, string>,
  commands: readonly string[],
  builder: Builder,
): string {
  const dockerfile = files.get("Dockerfile");
  const build = commands.find((command) => /\bdocker (?:image )?build\b/.test(command));
  if (dockerfile === undefined || build === undefined) return "";
  const state = {
    builder: builderOf(build, builder),
    dockerfile,
    files: Object.fromEntries([...files].filter(([path]) => path !== "Dockerfile")),
    command: "ls -la /",
  };
  return `\n\n<p class="lc-open-playground"><a href="/playground/#${encodeState(state)}">Open this example in the playground</a></p>`;
}

/**
 * Renders `lesson` with the runs of its scenarios (by scenario name).
 * @example renderLessonMarkdown(lesson, new Map([["edit", runLessonScenario(scenario)]]), "build-cache")
 */
export function renderLessonMarkdown(
  lesson: Lesson,
  runs: ReadonlyMap<string, LessonScenarioRun>,
  practiceTopic?: string,
): string {
  const body = lesson.markdown;
  const tree = parseMarkdown(body);
  const positions = new Map<string, number>();
  const ranRuns = new Set<string>();
  const scenarioFiles = new Map<string, Map<string, string>>();
  const builders = new Map(lesson.scenarios.map((scenario) => [scenario.name, scenario.builder]));
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  let diagrams = 0;
  // The build-cache lesson gets a diagram of its first rebuild with both hits and a miss.
  let cacheDiagramDrawn = lesson.id !== "build-cache";
  for (const node of tree.children) {
    if (node.type !== "code") continue;
    const attributes = parseCodeMeta(node.meta);
    const name = attributes.scenario;
    if (name === undefined) continue;
    const index = positions.get(name) ?? 0;
    positions.set(name, index + 1);
    const step = runs.get(name)?.steps[index];
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    if (step === undefined) continue;
    let text: string;
    const builder = builders.get(name) ?? "buildkit";
    const files = scenarioFiles.get(name) ?? new Map<string, string>();
    scenarioFiles.set(name, files);
    if (step.step.kind === "write") {
      files.set(step.step.path, step.step.content);
      const edited = ranRuns.has(name);
      text = fence(
        node.lang ?? "text",
        `title="${step.step.path}${edited ? " (edited)" : ""}"`,
        step.step.content,
      );
    } else if (step.step.kind === "run") {
      ranRuns.add(name);
      const transcript = (step.commands ?? [])
        .map((run) => `$ ${run.command}\n${run.output.replace(/\n+$/, "")}`)
        .join("\n\n");
      const commands = (step.commands ?? []).map((run) => run.command);
      const marked = cachedLines(transcript);
      const meta = `title="${consoleTitle(commands, builder)}"${marked.length > 0 ? ` mark={${marked.join(",")}}` : ""}`;
      text = fence("console", meta, transcript) + playgroundLink(files, commands, builder);
      const steps = parseBuildSteps(transcript);
      if (!cacheDiagramDrawn && steps.some((item) => item.cached) && steps.some((item) => !item.cached)) {
        cacheDiagramDrawn = true;
        const svg = renderCacheDiagram(steps, "cache-diagram") ?? "";
        text += `\n\n<figure class="layer-diagram">\n<div class="lc-diagram-scroll" tabindex="0" role="region" aria-label="Cache diagram of the rebuild" style="--lc-diagram-width: 380px">${svg}</div>\n<figcaption>The cache decisions of this rebuild, drawn from the engine's output above.</figcaption>\n</figure>`;
      }
    } else {
      diagrams += 1;
      const svg = step.svg === undefined ? "" : uniqueIds(step.svg, String(diagrams));
      const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 0);
      // Scrolls sideways on a phone rather than shrinking the text below ~11 px (see layercake.css).
      text = `<figure class="layer-diagram">\n<div class="lc-diagram-scroll" tabindex="0" role="region" aria-label="Layer diagram of ${step.step.image}" style="--lc-diagram-width: ${width}px">${svg.replace(/\n/g, "")}</div>\n<figcaption>The layer stack of <code>${step.step.image}</code>, drawn from the engine's build.</figcaption>\n</figure>`;
    }
    replacements.push({ start, end, text });
  }
  let rendered = body;
  for (const replacement of replacements.reverse()) {
    rendered = rendered.slice(0, replacement.start) + replacement.text + rendered.slice(replacement.end);
  }
  const objectives = `**In this lesson**\n\n${lesson.objectives.map((objective) => `- ${objective}`).join("\n")}\n`;
  const sources = `## Sources\n\n${lesson.sources.map((source) => `- [${source.title}](${source.url})`).join("\n")}\n`;
  const practice =
    practiceTopic === undefined || lesson.questionIds.length === 0
      ? ""
      : `\n**Practise:** [${lesson.questionIds.length} questions on this lesson](${practicePath(practiceTopic)}), graded as you answer.\n`;
  return `${objectives}\n${rendered.trim()}\n\n${sources}${practice}`;
}
