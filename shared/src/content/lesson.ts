/**
 * One lesson file → a typed Lesson: frontmatter checked against the schema, sections with their
 * anchor slugs, and the scenario blocks gathered into scenarios (run later by the scenario module).
 */
import type {
  Builder,
  Lesson,
  LessonScenario,
  LessonSection,
  ScenarioStep,
  SourceLocation,
} from "../core/content-model.ts";
import { type Diagnostic, diagnosticAt } from "../core/diagnostics.ts";
import { splitFrontmatter } from "./frontmatter.ts";
import { isCode, listHeadings, parseCodeMeta, parseMarkdown } from "./markdown.ts";
import { lessonFrontmatterSchema } from "./schema.ts";
import { schemaDiagnostics } from "./yaml-data.ts";

const LESSON_PATH = /(?:^|\/)lessons\/([a-z0-9-]+)\/(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export interface ParsedLesson {
  lesson?: Lesson;
  diagnostics: Diagnostic[];
}

/**
 * Parses a lesson from its text; `file` is its path under the content root, e.g.
 * `content/lessons/building/02-build-cache.md` (track, order and id come from the path).
 */
export function parseLesson(text: string, file: string): ParsedLesson {
  const where = LESSON_PATH.exec(file);
  if (!where) {
    return {
      diagnostics: [
        diagnosticAt(
          "InvalidContentPath",
          "error",
          "a lesson must be at lessons/<track>/<nn>-<slug>.md (e.g. lessons/building/02-build-cache.md)",
          { line: 1, column: 1 },
          file,
        ),
      ],
    };
  }
  const [, track = "", order = "0", id = ""] = where;
  const split = splitFrontmatter(text, file);
  const diagnostics = [...split.diagnostics];
  const frontmatter = lessonFrontmatterSchema.safeParse(split.frontmatter.value ?? {});
  if (split.frontmatter.value !== undefined && !frontmatter.success) {
    diagnostics.push(
      ...schemaDiagnostics(frontmatter.error.issues, split.frontmatter, file, "lesson frontmatter"),
    );
  }
  const tree = parseMarkdown(split.body);
  const at = (line: number, column: number): SourceLocation => ({
    file,
    line: line + split.bodyLine - 1,
    column,
  });

  const sections: LessonSection[] = listHeadings(tree)
    .filter((heading) => heading.node.depth === 2 || heading.node.depth === 3)
    .map((heading) => ({ slug: heading.slug, title: heading.text, depth: heading.node.depth as 2 | 3 }));

  const scenarios = new Map<string, LessonScenario>();
  for (const node of tree.children) {
    if (!isCode(node)) continue;
    const attributes = parseCodeMeta(node.meta);
    const name = attributes.scenario;
    if (name === undefined) continue;
    const location = at(node.position?.start.line ?? 1, node.position?.start.column ?? 1);
    let scenario = scenarios.get(name);
    if (!scenario) {
      const builder: Builder = attributes.builder === "classic" ? "classic" : "buildkit";
      scenario = { name, builder, steps: [] };
      scenarios.set(name, scenario);
    }
    if (
      attributes.builder !== undefined &&
      attributes.builder !== "classic" &&
      attributes.builder !== "buildkit"
    ) {
      diagnostics.push(
        diagnosticAt(
          "InvalidScenarioBlock",
          "error",
          `builder=${attributes.builder}: use classic or buildkit`,
          location,
          file,
        ),
      );
    }
    const step = readScenarioStep(node.lang ?? "", node.value, attributes, location, diagnostics);
    if (step) scenario.steps.push(step);
  }

  if (!frontmatter.success) return { diagnostics };
  return {
    lesson: {
      id,
      track,
      order: Number(order),
      title: frontmatter.data.title,
      summary: frontmatter.data.summary,
      objectives: frontmatter.data.objectives,
      sources: frontmatter.data.sources,
      questionIds: [],
      sections,
      markdown: split.body,
      scenarios: [...scenarios.values()],
      location: { file, line: 1, column: 1 },
    },
    diagnostics,
  };
}

function readScenarioStep(
  lang: string,
  value: string,
  attributes: Record<string, string>,
  location: SourceLocation,
  diagnostics: Diagnostic[],
): ScenarioStep | undefined {
  if (lang === "console") {
    const commands: string[] = [];
    let pending = "";
    value.split("\n").forEach((line, index) => {
      if (pending === "" && line.trim() === "") return;
      if (pending === "" && !line.startsWith("$ ")) {
        diagnostics.push(
          diagnosticAt(
            "InvalidScenarioBlock",
            "error",
            `console blocks hold only "$ command" lines; the output is generated (line ${index + 1} of the block: "${line.slice(0, 40)}")`,
            { line: location.line + index + 1, column: 1 },
            location.file,
          ),
        );
        return;
      }
      const text = pending === "" ? line.slice(2) : line.trimStart();
      // A trailing backslash continues the command on the next line, as in a shell.
      if (text.endsWith("\\")) pending += `${text.slice(0, -1).trimEnd()} `;
      else {
        commands.push((pending + text).trim());
        pending = "";
      }
    });
    return { kind: "run", commands, location };
  }
  if (lang === "layers") {
    const image = attributes.image;
    if (image === undefined || image === "") {
      diagnostics.push(
        diagnosticAt(
          "InvalidScenarioBlock",
          "error",
          "a layers block needs image=<name>",
          location,
          location.file,
        ),
      );
      return undefined;
    }
    return { kind: "diagram", image, location };
  }
  const path = attributes.file ?? (lang === "dockerfile" || lang === "Dockerfile" ? "Dockerfile" : undefined);
  if (path === undefined) {
    diagnostics.push(
      diagnosticAt(
        "InvalidScenarioBlock",
        "error",
        `a ${lang || "plain"} block in a scenario needs file=<path> (or use dockerfile, console or layers)`,
        location,
        location.file,
      ),
    );
    return undefined;
  }
  return { kind: "write", path, content: value.endsWith("\n") ? value : `${value}\n`, location };
}
