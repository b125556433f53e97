/**
 * All of `content/` at once: parses every file, then checks what no single file can — unique ids,
 * tracks that exist, links from questions to lesson sections that exist, scenario parameters.
 */
import type { ContentLibrary, Lesson, Question, QuestionBank, Track } from "../core/content-model.ts";
import { type Diagnostic, diagnosticAt } from "../core/diagnostics.ts";
import { parseBank } from "./bank.ts";
import { parseLesson } from "./lesson.ts";
import { tracksSchema } from "./schema.ts";
import { parsePositionedYaml, schemaDiagnostics } from "./yaml-data.ts";

export interface ContentFile {
  /** Path as it should appear in diagnostics, e.g. `content/lessons/building/02-build-cache.md`. */
  path: string;
  text: string;
}

export interface LoadedContent {
  library: ContentLibrary;
  diagnostics: Diagnostic[];
}

/**
 * Loads and cross-checks a set of content files (pure: the caller reads them).
 * @example loadContentLibrary([{ path: "content/tracks.yml", text }, …])
 */
export function loadContentLibrary(files: readonly ContentFile[]): LoadedContent {
  const diagnostics: Diagnostic[] = [];
  const tracks = loadTracks(files, diagnostics);
  const lessons: Lesson[] = [];
  const banks: QuestionBank[] = [];
  for (const file of files) {
    if (/(?:^|\/)lessons\/.+\.md$/.test(file.path)) {
      const parsed = parseLesson(file.text, file.path);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.lesson) lessons.push(parsed.lesson);
    } else if (/(?:^|\/)questions\/.+\.md$/.test(file.path)) {
      const parsed = parseBank(file.text, file.path);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.bank) banks.push(parsed.bank);
    }
  }

  const trackOrder = new Map(tracks.map((track, index) => [track.id, index]));
  lessons.sort(
    (left, right) =>
      (trackOrder.get(left.track) ?? Number.MAX_SAFE_INTEGER) -
        (trackOrder.get(right.track) ?? Number.MAX_SAFE_INTEGER) || left.order - right.order,
  );
  const lessonsById = new Map<string, Lesson>();
  for (const lesson of lessons) {
    if (!trackOrder.has(lesson.track)) {
      diagnostics.push(
        diagnosticAt(
          "BrokenLink",
          "error",
          `lesson ${lesson.id} is in track "${lesson.track}", which tracks.yml does not list (tracks: ${tracks.map((track) => track.id).join(", ")})`,
          lesson.location,
          lesson.location.file,
        ),
      );
    }
    const other = lessonsById.get(lesson.id);
    if (other) {
      diagnostics.push(
        diagnosticAt(
          "DuplicateId",
          "error",
          `lesson id ${lesson.id} is also used by ${other.location.file}`,
          lesson.location,
          lesson.location.file,
        ),
      );
    } else lessonsById.set(lesson.id, lesson);
  }

  const lessonIndex = new Map(lessons.map((lesson, index) => [lesson.id, index]));
  banks.sort(
    (left, right) =>
      (lessonIndex.get(left.lesson) ?? Number.MAX_SAFE_INTEGER) -
        (lessonIndex.get(right.lesson) ?? Number.MAX_SAFE_INTEGER) || left.topic.localeCompare(right.topic),
  );
  const questionsById = new Map<string, Question>();
  const questions: Question[] = [];
  for (const bank of banks) {
    if (!lessonsById.has(bank.lesson)) {
      diagnostics.push(
        diagnosticAt(
          "BrokenLink",
          "error",
          `bank lesson "${bank.lesson}" is not a lesson id`,
          bank.location,
          bank.location.file,
        ),
      );
    }
    for (const question of bank.questions) {
      const where = question.location;
      const other = questionsById.get(question.id);
      if (other) {
        diagnostics.push(
          diagnosticAt(
            "DuplicateId",
            "error",
            `question id ${question.id} is also used at ${other.location.file}:${other.location.line}`,
            where,
            where.file,
          ),
        );
        continue;
      }
      questionsById.set(question.id, question);
      questions.push(question);
      diagnostics.push(...checkLessonLink(question, lessonsById), ...checkParameters(question));
      lessonsById.get(question.lesson.id)?.questionIds.push(question.id);
    }
  }
  return { library: { tracks, lessons, banks, questions }, diagnostics };
}

function loadTracks(files: readonly ContentFile[], diagnostics: Diagnostic[]): Track[] {
  const file = files.find((candidate) => /(?:^|\/)tracks\.yml$/.test(candidate.path));
  if (!file) {
    diagnostics.push(
      diagnosticAt(
        "BrokenLink",
        "error",
        "tracks.yml is missing: it lists the tracks lessons belong to",
        { line: 1, column: 1 },
        "content/tracks.yml",
      ),
    );
    return [];
  }
  const yaml = parsePositionedYaml(file.text, file.path, 1);
  diagnostics.push(...yaml.diagnostics);
  if (yaml.value === undefined) return [];
  const parsed = tracksSchema.safeParse(yaml.value);
  if (!parsed.success) {
    diagnostics.push(...schemaDiagnostics(parsed.error.issues, yaml, file.path, "tracks.yml"));
    return [];
  }
  return parsed.data.map((track, order) => ({ ...track, order }));
}

function checkLessonLink(question: Question, lessons: ReadonlyMap<string, Lesson>): Diagnostic[] {
  const where = question.location;
  const lesson = lessons.get(question.lesson.id);
  if (!lesson) {
    return [
      diagnosticAt(
        "BrokenLink",
        "error",
        `question ${question.id} links to lesson "${question.lesson.id}", which does not exist`,
        where,
        where.file,
      ),
    ];
  }
  const section = question.lesson.section;
  if (section !== undefined && !lesson.sections.some((candidate) => candidate.slug === section)) {
    const known = lesson.sections.map((candidate) => candidate.slug).join(", ");
    return [
      diagnosticAt(
        "BrokenLink",
        "error",
        `question ${question.id} links to ${lesson.id}#${section}, which is not a section of that lesson (sections: ${known})`,
        where,
        where.file,
      ),
    ];
  }
  return [];
}

function checkParameters(question: Question): Diagnostic[] {
  const scenario = question.scenario;
  if (!scenario) return [];
  const texts = [
    question.prompt,
    scenario.dockerfile,
    ...Object.values(scenario.files),
    ...Object.values(scenario.edits),
    "command" in scenario.ask ? scenario.ask.command : "",
  ];
  const used = new Set(
    texts.flatMap((text) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? "")),
  );
  return [...used]
    .filter((name) => !(name in scenario.params))
    .map((name) =>
      diagnosticAt(
        "UnknownParameter",
        "error",
        `question ${question.id} uses {{${name}}} but its scenario params define ${Object.keys(scenario.params).join(", ") || "none"}`,
        question.location,
        question.location.file,
      ),
    );
}
