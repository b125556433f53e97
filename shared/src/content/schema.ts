/**
 * The schemas every content file is validated against (zod). Field names in YAML are what authors
 * write (content/README.md); the loader maps them onto the typed model in core/content-model.ts.
 */
import { z } from "zod";
import { DOCKER_PROFILES } from "../core/content-model.ts";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const trackSchema = z.strictObject({
  id: nonEmpty.regex(idPattern, "must be lower-case words joined by dashes"),
  title: nonEmpty,
  description: nonEmpty,
});
export const tracksSchema = z.array(trackSchema).min(1, "needs at least one track");

export const lessonFrontmatterSchema = z.strictObject({
  title: nonEmpty,
  summary: nonEmpty,
  objectives: z.array(nonEmpty).min(1, "needs at least one objective"),
  sources: z
    .array(z.strictObject({ title: nonEmpty, url: z.url({ protocol: /^https?$/ }) }))
    .min(1, "needs at least one source"),
});

export const bankFrontmatterSchema = z.strictObject({
  title: nonEmpty,
  lesson: nonEmpty.regex(idPattern, "must be a lesson id"),
});

const difficulty = z.enum(["easy", "medium", "hard"]);
const lessonLink = nonEmpty.regex(
  /^[a-z0-9-]+(?:#[a-z0-9_-]+)?$/,
  "must be `<lesson-id>` or `<lesson-id>#<section-slug>`",
);

const profile = z.enum(DOCKER_PROFILES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a profile; use ${DOCKER_PROFILES.map((name) => `\`${name}\``).join(", ")}`,
});

const common = {
  difficulty,
  tags: z.array(nonEmpty).min(1, "needs at least one tag"),
  lesson: lessonLink.optional(),
  explanation: nonEmpty,
  verify: nonEmpty.optional(),
  profiles: z
    .array(profile)
    .min(1, "needs at least one profile")
    .refine((names) => new Set(names).size === names.length, "lists a profile twice")
    .optional(),
  profile_note: nonEmpty.optional(),
};

const option = z.strictObject({
  text: nonEmpty,
  correct: z.boolean().default(false),
  why: nonEmpty,
});

const sizeUnit = z.enum(["B", "kB", "MB"]);
const command = nonEmpty;
const askSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("layer-count"),
    image: nonEmpty.optional(),
    count: z.enum(["added", "total"]),
  }),
  z.strictObject({ kind: z.literal("history-count"), image: nonEmpty.optional() }),
  z.strictObject({ kind: z.literal("steps-run") }),
  z.strictObject({ kind: z.literal("first-miss") }),
  z.strictObject({ kind: z.literal("diff"), command }),
  z.strictObject({ kind: z.literal("output"), command }),
  z.strictObject({ kind: z.literal("exit-code"), command }),
  z.strictObject({
    kind: z.literal("image-size"),
    unit: sizeUnit,
    tolerancePercent: z.number().min(0).max(50),
  }),
  z.strictObject({
    kind: z.literal("container-size"),
    command,
    unit: sizeUnit,
    tolerancePercent: z.number().min(0).max(50),
  }),
  z.strictObject({ kind: z.literal("best-order") }),
]);

const fileMap = z.record(z.string().min(1), z.union([z.string(), z.number()]).transform(String));

export const scenarioSchema = z.strictObject({
  builder: z.enum(["classic", "buildkit"]).default("buildkit"),
  dockerfile: nonEmpty,
  files: fileMap.default({}),
  edits: fileMap.default({}),
  ask: askSchema,
  params: z
    .record(
      z.string().regex(/^\w+$/, "parameter names are letters, digits and _"),
      z.array(z.union([z.string(), z.number()])).min(1, "needs at least one value"),
    )
    .default({}),
});

const hasOneCorrect = (options: Array<{ correct: boolean }>) =>
  options.filter((item) => item.correct).length === 1;
const hasSomeCorrect = (options: Array<{ correct: boolean }>) => options.some((item) => item.correct);

export const questionBlockSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("single"),
    ...common,
    options: z
      .array(option)
      .min(2, "needs at least two options")
      .refine(hasOneCorrect, "exactly one option must have `correct: true`"),
  }),
  z.strictObject({
    kind: z.literal("multiple"),
    ...common,
    options: z
      .array(option)
      .min(3, "needs at least three options")
      .refine(hasSomeCorrect, "at least one option must have `correct: true`"),
  }),
  z.strictObject({ kind: z.literal("true-false"), ...common, answer: z.boolean() }),
  z.strictObject({
    kind: z.literal("ordering"),
    ...common,
    items: z
      .array(nonEmpty)
      .min(2, "needs at least two items")
      .refine((items) => new Set(items).size === items.length, "items must be different"),
  }),
  z.strictObject({
    kind: z.literal("numeric"),
    ...common,
    answer: z.number(),
    tolerance: z.number().min(0).default(0),
    unit: nonEmpty.optional(),
  }),
  z.strictObject({
    kind: z.literal("text"),
    ...common,
    accepted: z.array(nonEmpty).min(1, "needs an accepted answer"),
  }),
  z.strictObject({
    kind: z.literal("open"),
    ...common,
    rubric: z.strictObject({
      points: z
        .array(
          z.strictObject({
            id: nonEmpty.regex(idPattern, "must be lower-case words joined by dashes"),
            text: nonEmpty,
            phrases: z.array(nonEmpty).min(1, "needs at least one accepted phrasing"),
            requires: z.array(nonEmpty).min(1, "needs at least one phrasing, or leave it out").optional(),
            contradicts: z.array(nonEmpty).min(1, "needs at least one phrasing, or leave it out").optional(),
            weight: z.number().positive().default(1),
          }),
        )
        .min(1, "needs at least one key point"),
      model_answer: nonEmpty,
      follow_ups: z.array(nonEmpty).default([]),
    }),
  }),
  z.strictObject({ kind: z.literal("scenario"), ...common, scenario: scenarioSchema }),
]);

export type QuestionBlock = z.infer<typeof questionBlockSchema>;
export const QUESTION_ID_PATTERN = idPattern;
