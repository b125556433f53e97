/**
 * The content itself, checked as `npm run check:content` checks it (schema, ids, links, every
 * scenario and every variant of every scenario question run through the engine), plus what each
 * lesson and bank must have to be worth a learner's time.
 */
import { join } from "node:path";
import { checkScenarios, numericTwins } from "@layercake/shared/content/check";
import { readContentLibrary } from "@layercake/shared/content/node";
import { formatDiagnostic } from "@layercake/shared/core";
import { describe, expect, it } from "vitest";

const { library, diagnostics } = readContentLibrary(join(import.meta.dirname, ".."));

describe("content/", () => {
  it("loads without a single diagnostic", () => {
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it("runs every lesson scenario and every scenario question variant through the engine", () => {
    expect(checkScenarios(library).map(formatDiagnostic)).toEqual([]);
  });

  it.each(library.lessons.map((lesson) => [lesson.id, lesson] as const))(
    "lesson %s has objectives, sources, an engine-run example and questions",
    (_id, lesson) => {
      expect(lesson.objectives.length).toBeGreaterThanOrEqual(2);
      expect(lesson.sources.length).toBeGreaterThanOrEqual(1);
      expect(lesson.scenarios.some((scenario) => scenario.steps.some((step) => step.kind === "run"))).toBe(
        true,
      );
      expect(lesson.questionIds.length).toBeGreaterThan(0);
      expect(lesson.sections.some((section) => section.slug === "summary")).toBe(true);
    },
  );

  it("has no two scenario questions that differ only in numbers", () => {
    expect(numericTwins(library)).toEqual([]);
  });

  it("tags every question with the profiles its answer holds for", () => {
    expect(library.questions.filter((question) => question.profiles === undefined).map((q) => q.id)).toEqual(
      [],
    );
  });

  it.each(
    library.questions
      .filter((question) => question.options)
      .map((question) => [question.id, question] as const),
  )("question %s explains every option", (_id, question) => {
    for (const option of question.options ?? []) expect(option.why.trim().length).toBeGreaterThan(10);
  });

  it.each(
    library.questions
      .filter((question) => question.kind === "open")
      .map((question) => [question.id, question] as const),
  )("open question %s has a rubric with follow-ups", (_id, question) => {
    expect(question.rubric?.points.length).toBeGreaterThanOrEqual(2);
    expect(question.rubric?.followUps.length).toBeGreaterThanOrEqual(1);
  });
});
