/**
 * `layercake content check [dir]` (`npm run check:content`): loads every lesson and question bank,
 * then runs what the engine must compute — each lesson scenario in every Docker profile, and every
 * variant of every scenario question in every profile it claims — and prints each problem as
 * `file:line:column Name message`, naming the profiles it happened in. Exit code 1 on any error.
 */
import "../platform/node.ts";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { readContentLibrary } from "../content/node.ts";
import {
  type ContentLibrary,
  DOCKER_PROFILES,
  type DockerProfile,
  type Question,
  type SourceLocation,
} from "../core/content-model.ts";
import { type Diagnostic, diagnosticAt, formatDiagnostic, hasErrors } from "../core/diagnostics.ts";
import type { CommandResult } from "../engine/docker/docker.ts";
import { questionsForProfile } from "../quiz/profiles.ts";
import { presentScenarioQuestion, runLessonScenario, scenarioVariantCount } from "../scenario/index.ts";

/** A problem and the profiles it happened in, before it becomes one diagnostic. */
interface ProfileProblem {
  message: string;
  location: SourceLocation;
  profiles: DockerProfile[];
}

/** Adds `message` at `location` for `profile`, joining the same problem met in another profile. */
function addProblem(
  problems: Map<string, ProfileProblem>,
  message: string,
  location: SourceLocation,
  profile: DockerProfile,
): void {
  const key = `${location.file}:${location.line}:${location.column} ${message}`;
  const known = problems.get(key);
  if (known === undefined) problems.set(key, { message, location, profiles: [profile] });
  else if (!known.profiles.includes(profile)) known.profiles.push(profile);
}

/**
 * Runs every scenario of the library through the engine — lesson scenarios in every profile,
 * scenario questions in every profile they claim (`profiles`; untagged ones in all) — and returns
 * the failures as diagnostics, each naming the profiles it failed in.
 */
export function checkScenarios(library: ContentLibrary): Diagnostic[] {
  const problems = new Map<string, ProfileProblem>();
  for (const profile of DOCKER_PROFILES) {
    for (const lesson of library.lessons) {
      for (const scenario of lesson.scenarios) {
        for (const problem of runLessonScenario(scenario, { profile }).problems) {
          addProblem(problems, `scenario ${scenario.name}: ${problem.message}`, problem.location, profile);
        }
      }
    }
    const questions = questionsForProfile(library.questions, profile);
    for (const question of questions) {
      if (question.kind !== "scenario") continue;
      const message = checkScenarioQuestion(question, profile);
      if (message !== undefined) addProblem(problems, message, question.location, profile);
    }
  }
  return [...problems.values()].map((problem) =>
    diagnosticAt(
      "ScenarioFailed",
      "error",
      `${problem.message} [${problem.profiles.join(", ")}]`,
      problem.location,
      problem.location.file,
    ),
  );
}

/** Every variant of `question` computed for `profile`; the problem, if one fails. */
function checkScenarioQuestion(question: Question, profile: DockerProfile): string | undefined {
  try {
    const variants = scenarioVariantCount(question);
    const seen = new Set<number>();
    // Seeds map onto variants; try enough seeds to meet every variant at least once.
    for (let seed = 0; seed < variants * 8 && seen.size < variants; seed += 1) {
      const presented = presentScenarioQuestion(question, { seed, profile });
      seen.add(presented.view.variant);
    }
    if (seen.size < variants) {
      return `question ${question.id}: only ${seen.size} of ${variants} variants were reachable from seeds`;
    }
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A ScenarioError names the question already.
    return message.startsWith(`question ${question.id}:`) ? message : `question ${question.id}: ${message}`;
  }
}

/** Counts for the summary line: lessons, questions by kind, the scenario share. */
export function summarizeLibrary(library: ContentLibrary): string {
  const kinds = new Map<string, number>();
  for (const question of library.questions) kinds.set(question.kind, (kinds.get(question.kind) ?? 0) + 1);
  const scenarios = kinds.get("scenario") ?? 0;
  const share = library.questions.length === 0 ? 0 : Math.round((scenarios / library.questions.length) * 100);
  const parameterised = library.questions.filter(
    (question) => Object.keys(question.scenario?.params ?? {}).length > 0,
  ).length;
  const byKind = [...kinds.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return (
    `${library.lessons.length} lessons in ${library.tracks.length} tracks; ` +
    `${library.questions.length} questions in ${library.banks.length} banks (${byKind}); ` +
    `${scenarios} scenario questions (${share}%), ${parameterised} parameterised`
  );
}

const CONTENT_USAGE = `Usage: layercake content check [content-dir]
       layercake content stats [content-dir] [--json]
       layercake content answers [content-dir] [question-id-prefix]
`;

/**
 * What the engine answers for each scenario question (variant 0), for authors checking their
 * explanations: one answer when every profile the question claims gives the same, else each
 * profile's (`[26.1-containerd] 8.19 kB; [26.1-overlay2] 5 kB`).
 */
function listAnswers(library: ContentLibrary, prefix: string): string {
  const lines: string[] = [];
  for (const question of library.questions) {
    if (question.kind !== "scenario" || !question.id.startsWith(prefix)) continue;
    const answers = DOCKER_PROFILES.filter(
      (profile) => questionsForProfile([question], profile).length > 0,
    ).map((profile) => {
      try {
        const { key } = presentScenarioQuestion(question, { seed: 0, profile });
        return { profile, text: key.expected.replace(/\n/g, "\\n") };
      } catch (error) {
        return { profile, text: `ERROR ${error instanceof Error ? error.message : String(error)}` };
      }
    });
    const texts = new Set(answers.map((answer) => answer.text));
    lines.push(
      texts.size === 1
        ? `${question.id}: ${answers[0]?.text}`
        : `${question.id}: ${answers.map((answer) => `[${answer.profile}] ${answer.text}`).join("; ")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Counts of lessons and of questions by kind, topic and difficulty (`layercake content stats`). */
export function contentStats(library: ContentLibrary) {
  const count = (key: (question: ContentLibrary["questions"][number]) => string) => {
    const counts: Record<string, number> = {};
    for (const question of library.questions) counts[key(question)] = (counts[key(question)] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([left], [right]) => left.localeCompare(right)));
  };
  const scenarios = library.questions.filter((question) => question.kind === "scenario");
  return {
    lessons: library.lessons.length,
    lessonsByTrack: Object.fromEntries(
      library.tracks.map((track) => [
        track.id,
        library.lessons.filter((lesson) => lesson.track === track.id).length,
      ]),
    ),
    questions: library.questions.length,
    byKind: count((question) => question.kind),
    byTopic: count((question) => question.topic),
    byDifficulty: count((question) => question.difficulty),
    scenarioShare:
      library.questions.length === 0
        ? 0
        : Math.round((scenarios.length / library.questions.length) * 1000) / 1000,
    byAsk: Object.fromEntries(
      Object.entries(
        scenarios.reduce<Record<string, number>>((counts, question) => {
          const ask = question.scenario?.ask.kind ?? "";
          counts[ask] = (counts[ask] ?? 0) + 1;
          return counts;
        }, {}),
      ).sort(([left], [right]) => left.localeCompare(right)),
    ),
    parameterised: scenarios.filter((question) => Object.keys(question.scenario?.params ?? {}).length > 0)
      .length,
    byProfile: Object.fromEntries(
      DOCKER_PROFILES.map((profile) => [
        profile,
        library.questions.filter((question) => question.profiles?.includes(profile)).length,
      ]),
    ),
    /** Per profile: the scenario questions a learner with it is asked, and their share of its questions. */
    scenarioByProfile: Object.fromEntries(
      DOCKER_PROFILES.map((profile) => {
        const asked = questionsForProfile(library.questions, profile);
        const computed = asked.filter((question) => question.kind === "scenario").length;
        return [
          profile,
          {
            questions: asked.length,
            scenario: computed,
            share: asked.length === 0 ? 0 : Math.round((computed / asked.length) * 1000) / 1000,
          },
        ];
      }),
    ),
    withoutProfiles: library.questions.filter((question) => question.profiles === undefined).length,
    numericTwins: numericTwins(library),
  };
}

/**
 * Scenario questions that differ only in numbers: the same Dockerfile, files, edits and ask once
 * every digit run is blanked. Numbers that should vary belong in one question's `params`.
 */
export function numericTwins(library: ContentLibrary): string[][] {
  const groups = new Map<string, string[]>();
  for (const question of library.questions) {
    if (question.scenario === undefined) continue;
    const { builder, dockerfile, files, edits, ask } = question.scenario;
    const shape = JSON.stringify({ builder, dockerfile, files, edits, ask }).replace(/\d+/g, "#");
    groups.set(shape, [...(groups.get(shape) ?? []), question.id]);
  }
  return [...groups.values()].filter((ids) => ids.length > 1);
}

/** A nested statistic as text: `(questions 330, scenario 151, share 0.458)`. */
function statText(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return String(value);
  return `(${Object.entries(value)
    .map(([name, number]) => `${name} ${String(number)}`)
    .join(", ")})`;
}

/** `layercake content check [dir]`, `stats [dir] [--json]`, `answers [dir] [prefix]`. */
export function runContentCommand(args: readonly string[], cwd: string): CommandResult {
  if (args.length === 0 || args.some((arg) => arg === "--help" || arg === "-h")) {
    return {
      exitCode: args.length === 0 ? 1 : 0,
      stdout: args.length === 0 ? "" : CONTENT_USAGE,
      stderr: args.length === 0 ? CONTENT_USAGE : "",
    };
  }
  const unknownFlag = args.find((arg) => arg.startsWith("-") && !(args[0] === "stats" && arg === "--json"));
  if (unknownFlag !== undefined) {
    return {
      exitCode: 1,
      stdout: "",
      stderr: `layercake content: unknown flag ${unknownFlag}\n${CONTENT_USAGE}`,
    };
  }
  const missingDir = (dir: string): CommandResult | undefined => {
    const path = resolve(cwd, dir);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    return { exitCode: 1, stdout: "", stderr: `layercake content: no content directory at ${path}\n` };
  };
  if (args[0] === "stats") {
    const json = args.includes("--json");
    const dirArgument = args.slice(1).find((arg) => arg !== "--json") ?? "content";
    const missing = missingDir(dirArgument);
    if (missing) return missing;
    const loaded = readContentLibrary(resolve(cwd, dirArgument));
    const stats = contentStats(loaded.library);
    const text = json
      ? `${JSON.stringify(stats, null, 2)}\n`
      : `${Object.entries(stats)
          .map(
            ([key, value]) =>
              `${key}: ${
                typeof value === "object"
                  ? Object.entries(value)
                      .map(([name, number]) => `${name} ${statText(number)}`)
                      .join(", ")
                  : value
              }`,
          )
          .join("\n")}\n`;
    return {
      exitCode: hasErrors(loaded.diagnostics) ? 1 : 0,
      stdout: text,
      stderr: hasErrors(loaded.diagnostics) ? "content has errors; run layercake content check\n" : "",
    };
  }
  const [subcommand, dir = "content", ...rest] = args;
  if ((subcommand === "answers" && rest.length <= 1) || (subcommand === "check" && rest.length === 0)) {
    const missing = missingDir(dir);
    if (missing) return missing;
  }
  if (subcommand === "answers" && rest.length <= 1) {
    return {
      exitCode: 0,
      stdout: listAnswers(readContentLibrary(resolve(cwd, dir)).library, rest[0] ?? ""),
      stderr: "",
    };
  }
  if (subcommand !== "check" || rest.length > 0) {
    return { exitCode: 1, stdout: "", stderr: CONTENT_USAGE };
  }
  const { library, diagnostics } = readContentLibrary(resolve(cwd, dir));
  if (!hasErrors(diagnostics)) diagnostics.push(...checkScenarios(library));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  const lines = diagnostics.map(formatDiagnostic);
  lines.push(`content: ${summarizeLibrary(library)}`);
  lines.push(errors === 0 ? "content: no problems" : `content: ${errors} error${errors === 1 ? "" : "s"}`);
  return { exitCode: errors === 0 ? 0 : 1, stdout: `${lines.join("\n")}\n`, stderr: "" };
}
