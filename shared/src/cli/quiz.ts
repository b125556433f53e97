/**
 * `layercake quiz`: practice in the terminal, without Discord or a browser. One question at a time
 * with a progress line; `hint`, `skip` and `quit` at any prompt; `--drill` runs a timed mock
 * interview with follow-ups and a report by topic. Review cards (FSRS) are kept in
 * $LAYERCAKE_HOME/progress.json, so `layercake quiz --review` asks what is due.
 *
 * Questions are asked and graded for the Docker the learner runs (`--docker <profile>`, asked once
 * at a terminal and kept in progress.json beside the cards, so the site and the bot agree after an
 * import): only questions whose profiles include it, with scenario answers computed for it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ContentLibrary, Difficulty, DockerProfile, Question } from "../core/content-model.ts";
import { reasonSentence } from "../core/rule-codes.ts";
import {
  DEFAULT_LEARNER_PROFILE,
  LEARNER_PROFILES,
  learnerProfile,
  parseLearnerProfile,
} from "../engine/docker/learner-profile.ts";
import {
  answerDrill,
  answerQuizQuestion,
  chooseDockerProfile,
  currentDrillQuestionId,
  currentDrillSeed,
  currentQuestionId,
  currentQuestionSeed,
  drillReport,
  dueCards,
  emptyProgress,
  encodeProgressCode,
  type Grade,
  gradeAnswer,
  hintFor,
  type LearnerProgress,
  mergeProgress,
  newReviewCard,
  type PresentedQuestion,
  parseProgress,
  parseResponse,
  presentQuestion,
  type QuestionView,
  questionHoldsFor,
  questionsForProfile,
  type ReviewCard,
  readProgressInput,
  reviewCard,
  selectQuestions,
  serializeProgress,
  skipQuizQuestion,
  startDrill,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
  takeQuizHint,
} from "../quiz/index.ts";

export interface QuizIo {
  /** Prints a prompt and resolves with the next line, or undefined at end of input. */
  ask(prompt: string): Promise<string | undefined>;
  print(text: string): void;
}

export interface QuizOptions {
  topic?: string;
  difficulty?: Difficulty;
  length: number;
  seed: number;
  drill: boolean;
  review: boolean;
  secondsPerQuestion?: number;
  /** The learner's Docker (`--docker`, or the one kept in progress.json); default the default learner profile. */
  docker?: DockerProfile;
  /** Move progress instead of quizzing: `--import <file or code>`, `--export [file]`. */
  transfer?: { kind: "import"; source: string } | { kind: "export"; file?: string };
  now: () => Date;
}

/** The question as terminal text: prompt, scenario files and lettered choices. */
export function renderQuestionText(view: QuestionView): string {
  const lines = [view.prompt.trim()];
  const scenario = view.scenario;
  if (scenario) {
    lines.push(
      "",
      `Builder: ${scenario.builder === "classic" ? "classic (DOCKER_BUILDKIT=0)" : "BuildKit"}`,
      ...(view.profile === undefined ? [] : [`Docker: ${learnerProfile(view.profile).label}`]),
      "--- Dockerfile",
      scenario.dockerfile.trimEnd(),
    );
    for (const [name, content] of Object.entries(scenario.files))
      lines.push(`--- ${name}`, content.trimEnd());
    for (const [name, content] of Object.entries(scenario.edits))
      lines.push(`--- ${name} (edited after the first build)`, content.trimEnd());
    if (scenario.command) lines.push(`--- command (sh -c in a container)`, scenario.command);
  }
  if (view.choices) {
    lines.push("");
    for (const choice of view.choices) lines.push(`  ${choice.id}) ${choice.text}`);
  }
  const how =
    view.mode === "multiple"
      ? "letters, e.g. a c"
      : view.mode === "ordering"
        ? "letters in order, e.g. c a b"
        : view.mode === "numeric"
          ? `a number${view.unit ? ` in ${view.unit}` : ""}`
          : view.mode === "open"
            ? "your answer in one line"
            : view.mode === "text"
              ? "a short answer"
              : view.mode === "true-false"
                ? "true or false"
                : "one letter";
  lines.push("", `Answer with ${how} (or: hint, skip, quit).`);
  return lines.join("\n");
}

export function renderGradeText(grade: Grade): string {
  const lines = [
    grade.correct
      ? `✔ Right${grade.score < 1 ? ` (${Math.round(grade.score * 100)}%)` : ""}.`
      : `✘ Not quite (${Math.round(grade.score * 100)}%). Expected: ${grade.expected}`,
  ];
  if (grade.missed?.length) lines.push(`Missed: ${grade.missed.map((point) => point.text).join("; ")}`);
  lines.push(grade.explanation.trim());
  for (const choice of grade.choices ?? [])
    if (choice.chosen && !choice.correct) lines.push(`(${choice.id}) ${choice.why}`);
  if (grade.reasons.length)
    lines.push(
      "What the engine did:",
      ...grade.reasons.slice(0, 6).map((reason) => `  • ${reasonSentence(reason)}`),
    );
  return lines.join("\n");
}

type Outcome = { kind: "graded"; grade: Grade } | { kind: "skip" } | { kind: "quit" };

/** Asks until the learner gives a readable answer (or skips/quits); `hint` shows one hint. */
async function askQuestion(io: QuizIo, presented: PresentedQuestion, onHint: () => void): Promise<Outcome> {
  let hints = 0;
  for (;;) {
    const line = await io.ask("> ");
    if (line === undefined) return { kind: "quit" };
    const input = line.trim();
    if (input === "quit" || input === "q") return { kind: "quit" };
    if (input === "skip") return { kind: "skip" };
    if (input === "hint") {
      io.print(`Hint: ${hintFor(presented, hints)}`);
      hints += 1;
      onHint();
      continue;
    }
    const response = parseResponse(presented.view, input);
    if ("problem" in response) {
      io.print(response.problem);
      continue;
    }
    return { kind: "graded", grade: gradeAnswer(presented.key, response) };
  }
}

/** Runs a quiz (or, with `drill`, a mock interview); returns the review cards it updated. */
export async function runTerminalQuiz(
  io: QuizIo,
  library: ContentLibrary,
  options: QuizOptions,
  cards: Map<string, ReviewCard>,
): Promise<void> {
  const byId = new Map<string, Question>(library.questions.map((question) => [question.id, question]));
  const profile = options.docker ?? DEFAULT_LEARNER_PROFILE;
  const askable = questionsForProfile(library.questions, profile);
  const remember = (grade: Grade) => {
    const card = cards.get(grade.questionId) ?? newReviewCard(grade.questionId, options.now());
    cards.set(grade.questionId, reviewCard(card, grade, options.now()));
  };
  if (options.drill) {
    const open = selectQuestions(
      askable.filter((question) => question.kind === "open"),
      { length: Math.ceil(options.length / 2), seed: options.seed },
    );
    const checks = selectQuestions(
      askable.filter((question) => question.kind !== "open"),
      { length: options.length - open.length, seed: options.seed + 1 },
    );
    let state = startDrill({
      questionIds: [...open, ...checks].map((question) => question.id),
      seed: options.seed,
      startedAt: options.now(),
      secondsPerQuestion: options.secondsPerQuestion ?? 180,
    });
    while (state.status === "active") {
      const question = byId.get(currentDrillQuestionId(state) ?? "");
      if (!question) break;
      const presented = presentQuestion(question, { seed: currentDrillSeed(state), profile });
      io.print(
        `\nInterview question ${state.position + 1} of ${state.questionIds.length} · ${question.topic} · ${state.secondsPerQuestion} s`,
      );
      io.print(
        state.pendingFollowUp
          ? `Follow-up: ${state.pendingFollowUp.question}`
          : renderQuestionText(presented.view),
      );
      const outcome = await askQuestion(io, presented, () => {});
      if (outcome.kind === "quit") break;
      const grade =
        outcome.kind === "skip"
          ? { ...gradeAnswer(presented.key, { mode: "open", text: "(skipped)" }), correct: false, score: 0 }
          : outcome.grade;
      const result = answerDrill(state, grade, options.now());
      state = result.state;
      if (!result.followUp) remember(grade);
      io.print(
        result.followUp
          ? `The interviewer follows up.`
          : `${grade.correct ? "Good" : "Noted"}: ${Math.round(grade.score * 100)}%.`,
      );
    }
    const report = drillReport(state, byId);
    io.print(`\nInterview report: ${Math.round(report.score * 100)}% over ${report.questions} questions`);
    for (const topic of report.byTopic) {
      io.print(
        `  ${topic.topic}: ${Math.round(topic.score * 100)}%${topic.missedPoints.length ? `; missed: ${topic.missedPoints.join("; ")}` : ""}${topic.lessons.length ? `; reread: ${topic.lessons.map((lesson) => `${lesson.id}${lesson.section ? `#${lesson.section}` : ""}`).join(", ")}` : ""}`,
      );
    }
    return;
  }
  const ids = options.review
    ? dueCards([...cards.values()], options.now())
        .map((card) => card.questionId)
        .filter((id) => {
          const question = byId.get(id);
          return question !== undefined && questionHoldsFor(question, profile);
        })
        .slice(0, options.length)
    : selectQuestions(library.questions, {
        profile,
        ...(options.topic ? { topic: options.topic } : {}),
        ...(options.difficulty ? { difficulty: options.difficulty } : {}),
        length: options.length,
        seed: options.seed,
        excludeOpen: true,
      }).map((question) => question.id);
  if (ids.length === 0) {
    io.print(
      options.review
        ? "Nothing is due for review."
        : `No questions match those options for ${learnerProfile(profile).short}.`,
    );
    return;
  }
  let state = startQuizSession({ questionIds: ids, seed: options.seed, startedAt: options.now() });
  while (state.status === "active") {
    const question = byId.get(currentQuestionId(state) ?? "");
    if (!question) break;
    const presented = presentQuestion(question, { seed: currentQuestionSeed(state), profile });
    const right = state.answers.filter((answer) => answer.correct).length;
    io.print(
      `\nQuestion ${state.position + 1} of ${ids.length} · ${question.topic} · ${question.difficulty} · ${right} right so far`,
    );
    io.print(renderQuestionText(presented.view));
    const outcome = await askQuestion(io, presented, () => {
      state = takeQuizHint(state);
    });
    if (outcome.kind === "quit") {
      state = stopQuizSession(state, options.now());
      break;
    }
    if (outcome.kind === "skip") {
      state = skipQuizQuestion(state, options.now());
      io.print(`Skipped. The answer was: ${presented.key.expected}`);
      continue;
    }
    state = answerQuizQuestion(state, outcome.grade, options.now());
    remember(outcome.grade);
    io.print(renderGradeText(outcome.grade));
  }
  const summary = summarizeQuizSession(state, byId);
  io.print(
    `\n${state.status === "stopped" ? "Stopped" : "Done"}: ${summary.correct}/${summary.answered} right.`,
  );
  for (const topic of summary.byTopic) io.print(`  ${topic.topic}: ${topic.correct}/${topic.answered}`);
}

/**
 * The Docker to quiz for: `--docker` (kept in progress.json), else the one kept there, else, at a
 * terminal, the learner's answer to a one-time question (kept too); piped input gets the default
 * without a question, and is told how to choose.
 */
export async function resolveDockerProfile(
  io: QuizIo,
  home: string,
  requested: DockerProfile | undefined,
  interactive: boolean,
  now: Date,
): Promise<DockerProfile> {
  const progress = readProgressFile(home);
  const keep = (profile: DockerProfile) => {
    if (progress.dockerProfile?.id !== profile)
      writeProgressFile(home, chooseDockerProfile(progress, profile, now));
    return profile;
  };
  if (requested !== undefined) return keep(requested);
  if (progress.dockerProfile !== undefined) return progress.dockerProfile.id;
  if (!interactive) {
    io.print(
      `Docker: ${learnerProfile(DEFAULT_LEARNER_PROFILE).label} (the default; choose yours with --docker <${LEARNER_PROFILES.map((profile) => profile.id).join("|")}>)`,
    );
    return DEFAULT_LEARNER_PROFILE;
  }
  io.print("Which Docker do you run? Answers (sizes, IDs, history) are computed for it.");
  for (const [index, profile] of LEARNER_PROFILES.entries())
    io.print(`  ${index + 1}) ${profile.label}  [${profile.id}]`);
  for (;;) {
    const line = await io.ask("Number or id [1]: ");
    if (line === undefined) return DEFAULT_LEARNER_PROFILE;
    const input = line.trim();
    const byNumber = /^\d+$/.test(input) ? LEARNER_PROFILES[Number(input) - 1] : undefined;
    const chosen =
      input === ""
        ? learnerProfile(DEFAULT_LEARNER_PROFILE)
        : (byNumber ?? LEARNER_PROFILES.find((profile) => profile.id === input));
    if (chosen !== undefined) {
      io.print(`Kept for next time (change it with --docker): ${chosen.label}`);
      return keep(chosen.id);
    }
    io.print(
      `Answer 1 to ${LEARNER_PROFILES.length}, or one of ${LEARNER_PROFILES.map((profile) => profile.id).join(", ")}.`,
    );
  }
}

/** The learner's progress kept between runs in $LAYERCAKE_HOME/progress.json (progress-format.ts). */
export function readProgressFile(home: string): LearnerProgress {
  const path = join(home, "progress.json");
  if (!existsSync(path)) return emptyProgress();
  const parsed = parseProgress(readFileSync(path, "utf8"));
  if ("progress" in parsed) return parsed.progress;
  // Keep the unreadable file aside rather than overwriting it with empty progress.
  renameSync(path, `${path}.unreadable-${Date.now()}`);
  return emptyProgress();
}

/** Review cards kept between runs, in $LAYERCAKE_HOME/progress.json. */
export function readCards(home: string): Map<string, ReviewCard> {
  return new Map(Object.entries(readProgressFile(home).cards));
}

function writeProgressFile(home: string, progress: LearnerProgress): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, "progress.json"), serializeProgress(progress));
}

export function writeCards(home: string, cards: ReadonlyMap<string, ReviewCard>): void {
  writeProgressFile(home, { ...readProgressFile(home), cards: Object.fromEntries(cards) });
}

/**
 * `--import <file or code>` merges progress exported by the site, the bot or another machine;
 * `--export [file]` writes the progress file, or prints the short code when no file is named.
 */
export function transferProgress(
  home: string,
  transfer: NonNullable<QuizOptions["transfer"]>,
): { stdout: string } | { problem: string } {
  const stored = readProgressFile(home);
  if (transfer.kind === "export") {
    if (transfer.file === undefined) return { stdout: `${encodeProgressCode(stored)}\n` };
    writeFileSync(transfer.file, serializeProgress(stored));
    return { stdout: `Wrote ${Object.keys(stored.cards).length} review cards to ${transfer.file}.\n` };
  }
  const isFile = existsSync(transfer.source);
  const read = readProgressInput(isFile ? readFileSync(transfer.source, "utf8") : transfer.source);
  if ("problem" in read)
    return {
      problem: `could not import ${isFile ? transfer.source : "the code"}: ${read.problem}; nothing changed`,
    };
  const merged = mergeProgress(stored, read.progress);
  writeProgressFile(home, merged);
  const docker =
    merged.dockerProfile !== undefined && merged.dockerProfile.id !== stored.dockerProfile?.id
      ? `Docker: ${learnerProfile(merged.dockerProfile.id).label} (chosen there last).\n`
      : "";
  return {
    stdout: `Imported ${Object.keys(read.progress.cards).length} review cards; you now have ${Object.keys(merged.cards).length}.\n${docker}`,
  };
}

export const QUIZ_USAGE = `Usage: layercake quiz [--topic <topic>] [--difficulty easy|medium|hard] [--length N] [--seed N]
       layercake quiz --drill [--length N] [--seconds N]
       layercake quiz --review
       layercake quiz --docker <profile>   (the Docker you run, kept for next time: ${LEARNER_PROFILES.map((profile) => profile.id).join(", ")})
       layercake quiz --import <progress file or code>   (from the site, the bot or another machine)
       layercake quiz --export [file]                    (the short code, or the progress file)
`;

/** Parses `layercake quiz` flags; a problem names the flag. */
export function parseQuizArgs(
  args: readonly string[],
  library: ContentLibrary,
  now: () => Date,
): QuizOptions | { problem: string } {
  const options: QuizOptions = {
    length: 5,
    seed: now().getTime() % 1_000_000,
    drill: false,
    review: false,
    now,
  };
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    const value = args[index + 1];
    const number = () => {
      index += 1;
      const parsed = Number(value);
      return Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
    };
    if (flag === "--import") {
      index += 1;
      if (value === undefined || value === "") return { problem: "--import takes a progress file or code" };
      options.transfer = { kind: "import", source: value };
    } else if (flag === "--export") {
      const file = value !== undefined && !value.startsWith("--") ? value : undefined;
      if (file !== undefined) index += 1;
      options.transfer = { kind: "export", ...(file === undefined ? {} : { file }) };
    } else if (flag === "--docker") {
      index += 1;
      try {
        options.docker = parseLearnerProfile(value ?? "", "--docker");
      } catch (error) {
        return { problem: error instanceof Error ? error.message : String(error) };
      }
    } else if (flag === "--drill") options.drill = true;
    else if (flag === "--review") options.review = true;
    else if (flag === "--topic") {
      index += 1;
      if (!library.banks.some((bank) => bank.topic === value))
        return {
          problem: `unknown topic "${value ?? ""}" (topics: ${library.banks.map((bank) => bank.topic).join(", ")})`,
        };
      options.topic = value as string;
    } else if (flag === "--difficulty") {
      index += 1;
      if (value !== "easy" && value !== "medium" && value !== "hard")
        return { problem: "--difficulty takes easy, medium or hard" };
      options.difficulty = value;
    } else if (flag === "--length" || flag === "--seed" || flag === "--seconds") {
      const parsed = number();
      if (parsed === undefined) return { problem: `${flag} takes a positive whole number` };
      if (flag === "--length") options.length = Math.min(50, parsed);
      else if (flag === "--seed") options.seed = parsed;
      else options.secondsPerQuestion = parsed;
    } else return { problem: `unknown option ${flag}` };
  }
  return options;
}
