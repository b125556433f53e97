/**
 * A lesson's Markdown as the site renders it: every scenario block replaced by what the engine
 * produced for it (console output under each command, generated layer diagrams, file blocks with
 * their names), objectives at the top, sources and a link to the lesson's questions at the end.
 * Scenarios run on every Docker profile at build time; a block whose output differs between them
 * is rendered once per distinct output, and the page shows the learner's without a reload. A
 * "Which store am I on?" box becomes an aside that ends with what the learner's Docker answers.
 */
import { parseCodeMeta, parseMarkdown } from "@layercake/shared/content";
import type { Builder, DockerProfile, Lesson } from "@layercake/shared/core";
import { learnerProfile } from "@layercake/shared/engine";
import type {
  BlockDifference,
  LessonScenarioComparison,
  LessonScenarioRun,
} from "@layercake/shared/scenario";
import { parseBuildSteps, renderCacheDiagram } from "./cache-diagram.ts";
import { PROFILE_IDS } from "./docker-choice.ts";
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

/** "Docker 26.1 (containerd image store) and Docker 20.10": the Dockers a variant holds for. */
function dockerNames(profiles: readonly DockerProfile[]): string {
  return profiles.map((profile) => learnerProfile(profile).daemon.name).join(" and ");
}

/**
 * A console block's title: which builder produced its output and which Docker it reproduces,
 * so two blocks of the same command under different builders or Dockers never look alike by accident.
 */
function consoleTitle(
  commands: readonly string[],
  scenarioBuilder: Builder,
  profiles: readonly DockerProfile[],
): string {
  const builders = new Set(commands.map((command) => builderOf(command, scenarioBuilder)));
  const builder = [...builders].map((name) => BUILDER_NAMES[name]).join(" and ");
  const dockers = profiles.length === PROFILE_IDS.length ? "every Docker" : dockerNames(profiles);
  return `${builder} · ${dockers} (engine output)`;
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

/** A lesson's scenarios run on every Docker profile and compared: scenario name → comparison. */
export type ScenarioComparisons = ReadonlyMap<string, LessonScenarioComparison>;

type StepRun = LessonScenarioRun["steps"][number];

/** One rendering of a block and the profiles it holds for (several when their outputs agree). */
interface Variant {
  profiles: DockerProfile[];
  text: string;
}

/** Lines a difference table lists per command: it stays short; the menu shows the whole output. */
const NOTE_LINES = 6;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Under a variant: which Docker it shows, and which others print something else here. */
function variantNote(variant: Variant, difference: BlockDifference): string {
  const others = dockerNames(difference.groups.filter((group) => group[0] !== variant.profiles[0]).flat());
  const shown = dockerNames(variant.profiles);
  return difference.commands.length === 0
    ? `<p class="lc-variant-note">Shown: the stack as ${shown} draws it. On ${others} its sizes differ: pick that Docker in the menu at the top of the page to see it.</p>`
    : `<p class="lc-variant-note">Shown: the output of ${shown}. On ${others} it differs: pick that Docker in the menu at the top of the page, or compare the lines in the table below.</p>`;
}

/**
 * How a console block's output differs between the Dockers, line by line (the engine's
 * comparison), one column per group of Dockers that agree: "0B" on one, "4.1kB" on another reads
 * across one row. One table per block, whichever Docker the page shows.
 */
function differenceTable(difference: BlockDifference): string {
  if (difference.commands.length === 0) return "";
  const groups = difference.groups;
  const header = `<tr><th scope="col">Line</th>${groups.map((group) => `<th scope="col">${escapeHtml(dockerNames(group))}</th>`).join("")}</tr>`;
  const cell = (text: string | undefined) =>
    text === undefined ? "<td>(no such line)</td>" : `<td><code>${escapeHtml(text)}</code></td>`;
  const rows = difference.commands.flatMap((command) => {
    const name = `<code>${escapeHtml(command.command)}</code>`;
    const lines = command.lines
      .slice(0, NOTE_LINES)
      .map(
        (line) =>
          `<tr><th scope="row">${name} line ${line.line + 1}</th>${groups.map((group) => cell(line.byProfile[group[0] as DockerProfile])).join("")}</tr>`,
      );
    if (new Set(Object.values(command.exitCodes)).size > 1) {
      lines.push(
        `<tr><th scope="row">${name} exit code</th>${groups.map((group) => `<td>${command.exitCodes[group[0] as DockerProfile]}</td>`).join("")}</tr>`,
      );
    }
    const more = command.lines.length - NOTE_LINES;
    if (more > 0)
      lines.push(
        `<tr><td colspan="${groups.length + 1}">… and ${more} more line${more === 1 ? "" : "s"} of ${name}: pick another Docker in the menu to see its whole output.</td></tr>`,
      );
    return lines;
  });
  return `<details class="lc-variant-diff"><summary>How this output differs between Dockers</summary><div class="lc-diagram-scroll" tabindex="0" role="region" aria-label="How this output differs between Dockers"><table>${header}${rows.join("")}</table></div></details>`;
}

/**
 * A block as the page shows it: the one rendering when every Docker gives the same output, else
 * one wrapper per distinct output that CSS shows for the learner's Docker (see layercake.css), and
 * one table of how the outputs differ.
 */
function variantBlocks(variants: readonly Variant[], difference: BlockDifference | undefined): string {
  if (variants.length === 1 || difference === undefined) return (variants[0] as Variant).text;
  const wrapped = variants.map(
    (variant) =>
      `<div class="lc-variant" data-profiles="${variant.profiles.join(" ")}">\n\n${variant.text}\n\n${variantNote(variant, difference)}\n\n</div>`,
  );
  const table = differenceTable(difference);
  return [...wrapped, ...(table === "" ? [] : [table])].join("\n\n");
}

/** The block's step on each profile, grouped as the comparison groups their outputs. */
function groupedSteps(
  comparison: LessonScenarioComparison,
  index: number,
  difference: BlockDifference | undefined,
): Array<{ profiles: DockerProfile[]; step: StepRun }> {
  const groups = difference?.groups ?? [comparison.profiles];
  return groups.flatMap((profiles) => {
    const step = comparison.runs[profiles[0] as DockerProfile]?.steps[index];
    return step === undefined ? [] : [{ profiles, step }];
  });
}

const STORE_BOX_TITLE = "Which store am I on?";

type Blockquote = Extract<ReturnType<typeof parseMarkdown>["children"][number], { type: "blockquote" }>;

/**
 * The "Which store am I on?" box a size lesson opens with (a blockquote whose first words are its
 * bold title) as a Starlight aside, ending with what `docker info` says on the learner's Docker:
 * one line per profile, from each simulated daemon's `Storage Driver`, shown by CSS like the variants.
 */
function storeBox(
  body: string,
  node: Blockquote,
  storageDrivers: Readonly<Record<DockerProfile, string>>,
): { start: number; end: number; text: string } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const source = body.slice(start, end).replace(/^ {0,3}> ?/gm, "");
  const title = `**${STORE_BOX_TITLE}**`;
  if (!source.startsWith(title)) return undefined;
  const yours = PROFILE_IDS.map(
    (profile) =>
      `<p class="lc-variant" data-profiles="${profile}">On the Docker you picked, ${escapeHtml(learnerProfile(profile).daemon.name)}, it prints <code>${escapeHtml(storageDrivers[profile])}</code>.</p>`,
  ).join("\n");
  const text = source.slice(title.length).trim();
  return {
    start,
    end,
    text: `<aside aria-label="${STORE_BOX_TITLE}" class="starlight-aside starlight-aside--tip lc-store-box">\n<p class="starlight-aside__title" aria-hidden="true">${STORE_BOX_TITLE}</p>\n<div class="starlight-aside__content">\n\n${text}\n\n${yours}\n</div>\n</aside>`,
  };
}

/** The console transcript of a run step: each command after `$ `, then its output. */
function transcriptOf(step: StepRun): string {
  return (step.commands ?? [])
    .map((run) => `$ ${run.command}\n${run.output.replace(/\n+$/, "")}`)
    .join("\n\n");
}

/**
 * Renders `lesson` with its scenarios run on every Docker profile: where the profiles' outputs
 * differ, the block is rendered once per distinct output, the page shows the learner's, and a note
 * shows the others.
 * @example renderLessonMarkdown(lesson, new Map([["edit", compareLessonScenario(scenario)]]), "build-cache")
 */
export function renderLessonMarkdown(
  lesson: Lesson,
  comparisons: ScenarioComparisons,
  practiceTopic?: string,
  storageDrivers?: Readonly<Record<DockerProfile, string>>,
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
    if (node.type === "blockquote" && storageDrivers !== undefined) {
      const box = storeBox(body, node, storageDrivers);
      if (box !== undefined) replacements.push(box);
      continue;
    }
    if (node.type !== "code") continue;
    const attributes = parseCodeMeta(node.meta);
    const name = attributes.scenario;
    if (name === undefined) continue;
    const index = positions.get(name) ?? 0;
    positions.set(name, index + 1);
    const comparison = comparisons.get(name);
    if (comparison === undefined) continue;
    const difference = comparison.differences.find((block) => block.stepIndex === index);
    const groups = groupedSteps(comparison, index, difference);
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    const first = groups[0]?.step;
    if (first === undefined) continue;
    let text: string;
    const builder = builders.get(name) ?? "buildkit";
    const files = scenarioFiles.get(name) ?? new Map<string, string>();
    scenarioFiles.set(name, files);
    if (first.step.kind === "write") {
      // What a lesson writes is the same text for every Docker.
      files.set(first.step.path, first.step.content);
      const edited = ranRuns.has(name);
      text = fence(
        node.lang ?? "text",
        `title="${first.step.path}${edited ? " (edited)" : ""}"`,
        first.step.content,
      );
    } else if (first.step.kind === "run") {
      ranRuns.add(name);
      const commands = (first.commands ?? []).map((run) => run.command);
      const drawCache = !cacheDiagramDrawn;
      const variants = groups.map(({ profiles, step }): Variant => {
        const transcript = transcriptOf(step);
        const marked = cachedLines(transcript);
        const meta = `title="${consoleTitle(commands, builder, profiles)}"${marked.length > 0 ? ` mark={${marked.join(",")}}` : ""}`;
        let variant = fence("console", meta, transcript);
        const buildSteps = parseBuildSteps(transcript);
        if (drawCache && buildSteps.some((item) => item.cached) && buildSteps.some((item) => !item.cached)) {
          cacheDiagramDrawn = true;
          diagrams += 1;
          const svg = renderCacheDiagram(buildSteps, `cache-diagram-${diagrams}`) ?? "";
          variant += `\n\n<figure class="layer-diagram">\n<div class="lc-diagram-scroll" tabindex="0" role="region" aria-label="Cache diagram of the rebuild" style="--lc-diagram-width: 380px">${svg}</div>\n<figcaption>The cache decisions of this rebuild, drawn from the engine's output above.</figcaption>\n</figure>`;
        }
        return { profiles, text: variant };
      });
      text = variantBlocks(variants, difference) + playgroundLink(files, commands, builder);
    } else {
      const image = first.step.image;
      const variants = groups.map(({ profiles, step }): Variant => {
        diagrams += 1;
        const svg = step.svg === undefined ? "" : uniqueIds(step.svg, String(diagrams));
        const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 0);
        // Scrolls sideways on a phone rather than shrinking the text below ~11 px (see layercake.css).
        return {
          profiles,
          text: `<figure class="layer-diagram">\n<div class="lc-diagram-scroll" tabindex="0" role="region" aria-label="Layer diagram of ${image}" style="--lc-diagram-width: ${width}px">${svg.replace(/\n/g, "")}</div>\n<figcaption>The layer stack of <code>${image}</code>, drawn from the engine's build.</figcaption>\n</figure>`,
        };
      });
      text = variantBlocks(variants, difference);
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
