/**
 * Scenario questions: the engine builds the question's Dockerfile (and rebuilds after its edits,
 * runs its command in a container) and computes the answer, with the engine's reasons as the
 * explanation. No answer is stored in content; parameterised scenarios yield seeded variants.
 * Answers are computed for the learner's Docker (`DockerProfile`): the scenario runs on that
 * profile's daemon, and sizes come from what its docker commands report (`docker image inspect`'s
 * Size, `docker history`'s and `ps -s`'s per image store), never from overlay2-only helpers.
 *
 * Why here, next to the quiz core, and not in scenario/: a scenario question is a quiz question
 * whose answer key the engine computes; it produces the quiz's own types (`PresentedQuestion`) and
 * `present.ts` dispatches to it. Kept in scenario/, it made quiz → scenario → quiz a loop. Now the
 * quiz core reads the engine directly and never scenario/ (lesson runs, the terminal, diagrams);
 * scenario/index.ts re-exports this module so `@layercake/shared/scenario` keeps its exports.
 */

import { createSimulatedClock } from "../core/clock.ts";
import type { DockerProfile, Question, ScenarioSpec } from "../core/content-model.ts";
import { formatDiagnostic } from "../core/diagnostics.ts";
import { createRandom } from "../core/random.ts";
import type { BuildResult, BuildStep } from "../engine/builder/types.ts";
import { type Container, containerDiff, explainContainerPath } from "../engine/container/container.ts";
import { contextFromFiles, prepareContext } from "../engine/context/index.ts";
import { containerSizeOf, historyLayerSize } from "../engine/docker/daemon.ts";
import { learnerProfile } from "../engine/docker/learner-profile.ts";
import { type DockerSession, openDockerSession } from "../engine/docker/session.ts";
import { getNode, walkTree } from "../engine/fs/tree.ts";
import type { DirNode } from "../engine/fs/types.ts";
import { applyChangeset, stackLayers } from "../engine/fs/union.ts";
import type { Image, Layer } from "../engine/image/types.ts";
import { listingSize } from "../engine/units/human-size.ts";
import { presentationProfile } from "./profiles.ts";
import type { AnswerKey, AnswerMode, PresentedQuestion, QuestionView, ViewChoice } from "./types.ts";

/** A scenario that cannot be computed: a content bug the checker reports. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

const EPOCH = Date.UTC(2026, 0, 1);
const FILES_MTIME = EPOCH / 1000 - 86_400;
const EDIT_MTIME = EPOCH / 1000;
const CONTAINER_ID = "5ce7a9f0d1e2b3c4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8";
const UNIT_BYTES = { B: 1, kB: 1000, MB: 1_000_000 } as const;
const NONE_MISSES = "None: every step comes from the cache";
const ALREADY_OPTIMAL = "It is already optimal: no single move makes the rebuild run fewer steps";

/** How many variants a question has (the product of its parameters' value counts). */
export function scenarioVariantCount(question: Question): number {
  const params = question.scenario?.params ?? {};
  return Object.values(params).reduce((product, values) => product * Math.max(1, values.length), 1);
}

/** The parameter values of variant `index` (mixed-radix over the params in key order). */
function variantValues(spec: ScenarioSpec, index: number): Record<string, string> {
  const values: Record<string, string> = {};
  let rest = index;
  for (const name of Object.keys(spec.params).sort()) {
    const options = spec.params[name] ?? [];
    values[name] = String(options[rest % options.length]);
    rest = Math.floor(rest / Math.max(1, options.length));
  }
  return values;
}

function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => values[name] ?? match);
}

function substituteAll(record: Readonly<Record<string, string>>, values: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(record).map(([path, text]) => [path, substitute(text, values)]));
}

interface Builds {
  session: DockerSession;
  first: BuildResult;
  image: Image;
  second?: BuildResult;
}

/** The context the daemon receives: the scenario's files minus what `.dockerignore` excludes. */
function sentContext(question: Question, tree: DirNode): DirNode {
  const { context, diagnostics } = prepareContext(tree);
  if (diagnostics.length > 0) {
    const why = diagnostics.map(formatDiagnostic).join("; ");
    throw new ScenarioError(`question ${question.id}: the scenario's .dockerignore does not parse: ${why}`);
  }
  return context;
}

/**
 * Builds the scenario and rebuilds it after its edits; a build that fails comes back as the
 * failure's wording, so a caller can tell it from an engine error (which is thrown).
 */
function tryBuild(
  question: Question,
  spec: ScenarioSpec,
  dockerfile: string,
  files: Record<string, string>,
  edits: Record<string, string>,
  profile: DockerProfile,
): Builds | { failure: string } {
  const session = openDockerSession({
    clock: createSimulatedClock(EPOCH, 1000),
    profile: learnerProfile(profile).daemon,
    seed: `scenario:${question.id}`,
    pulled: [],
  });
  const request = { dockerfile, builder: spec.builder, tags: ["scenario:latest"] };
  // The Dockerfile is a file of the build context, as with `docker build .` (reference C8): `COPY .`
  // copies it, and editing it makes `COPY .` miss unless .dockerignore lists it.
  const before = contextFromFiles({ Dockerfile: dockerfile, ...files }, { mtime: FILES_MTIME });
  const first = session.build({ ...request, context: sentContext(question, before) });
  if (!first.ok || first.image === undefined) {
    const why =
      first.diagnostics.map(formatDiagnostic).join("; ") || first.failure?.message || "the build failed";
    return { failure: `the scenario's first build fails: ${why}` };
  }
  if (Object.keys(edits).length === 0) return { session, first, image: first.image };
  // An edit gives the file a new mtime, as an editor does (BuildKit 0.8 skips files whose size
  // and mtime are unchanged when it transfers the context).
  const editedDockerfile = edits.Dockerfile;
  const after = applyChangeset(before, contextFromFiles(edits, { mtime: EDIT_MTIME }));
  const second = session.build({
    ...request,
    dockerfile: editedDockerfile ?? dockerfile,
    context: sentContext(question, after),
  });
  if (!second.ok || second.image === undefined) return { failure: "the rebuild after the edits fails" };
  return { session, first, image: second.image, second };
}

/** `tryBuild`, for the scenario as written: a failing build is a content bug. */
function build(
  question: Question,
  spec: ScenarioSpec,
  dockerfile: string,
  files: Record<string, string>,
  edits: Record<string, string>,
  profile: DockerProfile,
): Builds {
  const builds = tryBuild(question, spec, dockerfile, files, edits, profile);
  if ("failure" in builds) throw new ScenarioError(`question ${question.id}: ${builds.failure}`);
  return builds;
}

/** The final stage's steps that add a filesystem layer (cache hits included). */
function finalStageLayerSteps(result: BuildResult): BuildStep[] {
  const finalStage = Math.max(...result.steps.map((step) => step.stageIndex));
  return result.steps.filter(
    (step) => step.stageIndex === finalStage && step.layer === "layer" && !step.trigger,
  );
}

/** The layers the Dockerfile's final stage added on top of its base image. */
function ownLayers(image: Image, result: BuildResult): readonly Layer[] {
  return image.layers.slice(image.layers.length - finalStageLayerSteps(result).length);
}

/** The steps a learner can name: those the cache is consulted for, in Dockerfile order. */
function cacheSteps(result: BuildResult): BuildStep[] {
  return result.steps.filter((step) => step.cache !== "not-applicable" && !step.trigger);
}

/** The instruction as written; in a multi-stage build, with its stage (`[build] COPY . .`). */
function stepLabel(step: BuildStep, result: BuildResult): string {
  const stages = new Set(result.steps.map((each) => each.stageIndex));
  return stages.size > 1 ? `[${step.stage}] ${step.instruction}` : step.instruction;
}

function stepReason(step: BuildStep, result: BuildResult): string {
  const verdict = step.cache === "hit" ? "cached" : "runs";
  return `${stepLabel(step, result)}: ${verdict}${step.reasons[0] ? ` (${step.reasons[0].message})` : ""}`;
}

/** Why each `docker diff` line is there, in the engine's words. */
function diffReasons(container: Container): string[] {
  return containerDiff(container).flatMap((entry) => {
    if (entry.kind === "C" && getNode(container.upper, entry.path)?.kind === "dir") {
      // The engine explains files; a directory is listed because a change below it copied it up.
      return [
        `${entry.path} is listed as changed because something below it changed: overlay copies every parent directory of a changed path into the writable layer first (O3, W5).`,
      ];
    }
    return explainContainerPath(container, entry.path).map((item) => item.message);
  });
}

/**
 * SIZE of the built image as the profile's `docker image inspect` gives it (the same number
 * `docker images` shows), so the containerd store's accounting applies where the daemon has it.
 */
function listedImageSize(builds: Builds): number {
  const result = builds.session.docker(["image", "inspect", "--format", "{{.Size}}", builds.image.id]);
  const bytes = Number(result.stdout.trim());
  if (result.exitCode !== 0 || !Number.isSafeInteger(bytes)) {
    throw new ScenarioError(
      `docker image inspect of the scenario's image gave no size: ${(result.stderr || result.stdout).trim()}`,
    );
  }
  return bytes;
}

function runCommand(builds: Builds, command: string) {
  return builds.session.runContainer(builds.image, { command, id: CONTAINER_ID, at: EPOCH + 60_000 });
}

interface Computed {
  mode: AnswerMode;
  choices?: string[];
  correct?: string[];
  numeric?: { answer: number; tolerance: number; unit?: string };
  accepted?: string[];
  expected: string;
  reasons: string[];
  command?: string;
}

/** A size in the ask's unit, with the ask's tolerance (at least 0.01 of the unit, for rounding). */
function sizeAnswer(
  bytes: number,
  ask: { unit: keyof typeof UNIT_BYTES; tolerancePercent: number },
  reasons: string[],
): Computed {
  const answer = round(bytes / UNIT_BYTES[ask.unit]);
  const tolerance = round(Math.max(answer * (ask.tolerancePercent / 100), 0.01));
  return {
    mode: "numeric",
    numeric: { answer, tolerance, unit: ask.unit },
    expected: `${answer} ${ask.unit}`,
    reasons,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function computeAnswer(
  question: Question,
  spec: ScenarioSpec,
  dockerfile: string,
  files: Record<string, string>,
  edits: Record<string, string>,
  seed: number,
  profile: DockerProfile,
): Computed {
  const ask = spec.ask;
  const daemon = learnerProfile(profile).daemon;
  const builds = build(question, spec, dockerfile, files, edits, profile);
  const { image } = builds;
  const rebuild = builds.second ?? builds.first;
  switch (ask.kind) {
    case "layer-count": {
      const finalStage = Math.max(...rebuild.steps.map((step) => step.stageIndex));
      const added = finalStageLayerSteps(rebuild);
      const answer = ask.count === "total" ? image.layers.length : added.length;
      const reasons = rebuild.steps
        .filter((step) => step.stageIndex === finalStage && step.layer !== "nothing")
        .map(
          (step) =>
            `${step.instruction}: ${step.layer === "layer" ? "a filesystem layer" : "a history entry only"}${step.layerReasons[0] ? ` (${step.layerReasons[0].message})` : ""}`,
        );
      if (ask.count === "total")
        reasons.unshift(`The base image brings ${image.layers.length - added.length} layer(s).`);
      return { mode: "numeric", numeric: { answer, tolerance: 0 }, expected: String(answer), reasons };
    }
    case "history-count": {
      const history = image.config.history;
      const reasons = history.map(
        (entry) => `${entry.created_by || "(base)"}${entry.empty_layer ? " — history only" : " — a layer"}`,
      );
      return {
        mode: "numeric",
        numeric: { answer: history.length, tolerance: 0 },
        expected: String(history.length),
        reasons,
      };
    }
    case "steps-run":
    case "first-miss": {
      const steps = cacheSteps(rebuild);
      const reasons = steps.map((step) => stepReason(step, rebuild));
      const misses = steps.filter((step) => step.cache === "miss").map((step) => stepLabel(step, rebuild));
      const choices = [...steps.map((step) => stepLabel(step, rebuild)), NONE_MISSES];
      if (ask.kind === "steps-run") {
        const correct = misses.length === 0 ? [NONE_MISSES] : misses;
        return { mode: "multiple", choices, correct, expected: correct.join("; "), reasons };
      }
      const first = misses[0] ?? NONE_MISSES;
      return {
        mode: "single",
        choices,
        correct: [first],
        expected: first,
        reasons,
      };
    }
    case "diff": {
      const result = runCommand(builds, ask.command);
      const lines = containerDiff(result.container).map((entry) => `${entry.kind} ${entry.path}`);
      const reasons = diffReasons(result.container);
      const distractors = diffDistractors(lines, image, ownLayers(image, rebuild), seed);
      return {
        mode: "multiple",
        choices: [...(lines.length === 0 ? ["(no changes)"] : lines), ...distractors],
        correct: lines.length === 0 ? ["(no changes)"] : lines,
        expected: lines.join(", ") || "(no changes)",
        reasons: lines.length === 0 ? ["The command wrote nothing: the writable layer is empty."] : reasons,
        command: ask.command,
      };
    }
    case "output": {
      const result = runCommand(builds, ask.command);
      const output = (result.stdout + result.stderr).trim();
      return {
        mode: "text",
        accepted: [output],
        expected: output,
        reasons: [`exit code ${result.exitCode}`, ...result.reasons.map((item) => item.message)],
        command: ask.command,
      };
    }
    case "exit-code": {
      const result = runCommand(builds, ask.command);
      const printed = (result.stdout + result.stderr).trim();
      return {
        mode: "numeric",
        numeric: { answer: result.exitCode, tolerance: 0 },
        expected: String(result.exitCode),
        reasons: printed === "" ? ["The command printed nothing."] : [`It prints: ${printed}`],
        command: ask.command,
      };
    }
    case "image-size": {
      const bytes = listedImageSize(builds);
      const layerSize = historyLayerSize(daemon);
      const reasons = image.layers.map((layer, index) => `layer ${index + 1}: ${layerSize(layer)} B`);
      reasons.push(`Total ${bytes} B = ${listingSize(bytes)} (docker counts 1 kB = 1000 B).`);
      return sizeAnswer(bytes, ask, reasons);
    }
    case "container-size": {
      const result = runCommand(builds, ask.command);
      const size = containerSizeOf(daemon, result.container);
      const reasons = [
        ...diffReasons(result.container),
        `SIZE counts the writable layer only: ${size.sizeRw} B (virtual ${listingSize(size.sizeRootFs)} includes the image).`,
      ];
      return { ...sizeAnswer(size.sizeRw, ask, reasons), command: ask.command };
    }
    case "best-order":
      return bestOrder(question, spec, dockerfile, files, edits, rebuild, seed, profile);
  }
}

/**
 * Wrong `docker diff` lines a learner could believe: the changed paths with another change letter,
 * unchanged neighbours of the changed paths (a write does not touch its siblings), and files the
 * image's own layers added (the diff lists the writable layer only, never the image's layers).
 */
function diffDistractors(
  lines: readonly string[],
  image: Image,
  built: readonly Layer[],
  seed: number,
): string[] {
  const random = createRandom(seed + 17);
  const changed = new Map(lines.map((line) => [line.slice(2), line.slice(0, 1)]));
  // With no change at all, the top-level directories are the tempting wrong answers.
  const around = changed.size === 0 ? ["/x"] : [...changed.keys()];
  const letters = new Set<string>();
  for (const [path, kind] of changed) {
    for (const other of ["A", "C", "D"]) if (other !== kind) letters.add(`${other} ${path}`);
  }
  const view = stackLayers(image.layers.map((layer) => layer.changes)).at(-1);
  const neighbours = new Set<string>();
  for (const path of around) {
    const parent = path.slice(0, path.lastIndexOf("/")) || "/";
    const dir = view === undefined ? undefined : getNode(view, parent);
    if (dir?.kind !== "dir") continue;
    for (const name of dir.children.keys()) {
      const sibling = `${parent === "/" ? "" : parent}/${name}`;
      if (!changed.has(sibling)) neighbours.add(`C ${sibling}`);
    }
  }
  const fromLayers = new Set<string>();
  for (const layer of built) {
    for (const entry of walkTree(layer.changes)) {
      if (entry.node.kind === "file" && !changed.has(entry.path)) fromLayers.add(`A ${entry.path}`);
    }
  }
  // A few from each kind of mistake, topped up from the others when one kind has too few.
  const pools = [letters, neighbours, fromLayers].map((pool) => random.shuffle([...pool].sort()));
  const wanted = Math.max(3, 7 - lines.length);
  const picked: string[] = [];
  while (picked.length < wanted && pools.some((pool) => pool.length > 0)) {
    for (const pool of pools) {
      const next = pool.shift();
      if (next !== undefined && picked.length < wanted && !picked.includes(next)) picked.push(next);
    }
  }
  return picked;
}

/** How many steps the rebuild runs: the cache misses. */
function countRuns(result: BuildResult): number {
  return cacheSteps(result).filter((step) => step.cache === "miss").length;
}

/**
 * The steps the rebuild of one candidate order runs; undefined when that order's build fails (a
 * COPY moved before the WORKDIR it needs…). An engine error is not a failed build: it is thrown,
 * naming the question and the move, so the content check reports it instead of losing the move.
 */
function candidateRuns(
  question: Question,
  spec: ScenarioSpec,
  dockerfile: string,
  files: Record<string, string>,
  edits: Record<string, string>,
  move: string,
  profile: DockerProfile,
): number | undefined {
  let builds: ReturnType<typeof tryBuild>;
  try {
    builds = tryBuild(question, spec, dockerfile, files, edits, profile);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(
      `question ${question.id}: the engine failed on the candidate "${move}": ${message}`,
      {
        cause: error,
      },
    );
  }
  return "failure" in builds ? undefined : countRuns(builds.second ?? builds.first);
}

function bestOrder(
  question: Question,
  spec: ScenarioSpec,
  dockerfile: string,
  files: Record<string, string>,
  edits: Record<string, string>,
  rebuild: BuildResult,
  seed: number,
  profile: DockerProfile,
): Computed {
  const lines = dockerfile.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  if (lines.some((line) => line.trimEnd().endsWith("\\"))) {
    throw new ScenarioError(`question ${question.id}: best-order needs one instruction per line`);
  }
  if (lines.filter((line) => /^FROM\s/i.test(line.trim())).length !== 1) {
    throw new ScenarioError(`question ${question.id}: best-order needs a single-stage Dockerfile`);
  }
  const baseline = countRuns(rebuild);
  const moves: Array<{ text: string; runs: number; distance: number }> = [];
  // Moving line i after line i+1 and line i+1 after line i-1 give the same order: each order is
  // built once (undefined: its build fails, so a move that leads to it is no candidate).
  const runsByOrder = new Map<string, number | undefined>();
  for (let from = 1; from < lines.length; from += 1) {
    for (let to = 1; to < lines.length; to += 1) {
      if (to === from) continue;
      const reordered = lines.filter((_line, index) => index !== from);
      const moved = (lines[from] as string).trim();
      reordered.splice(to, 0, lines[from] as string);
      // `to` ≥ 1, so the moved line always follows another (FROM at least).
      const text = `Move \`${moved}\` after \`${(reordered[to - 1] as string).trim()}\``;
      const order = `${reordered.join("\n")}\n`;
      if (!runsByOrder.has(order))
        runsByOrder.set(order, candidateRuns(question, spec, order, files, edits, text, profile));
      const runs = runsByOrder.get(order);
      if (runs !== undefined) moves.push({ text, runs, distance: Math.abs(to - from) });
    }
  }
  const unique = new Map<string, { text: string; runs: number; distance: number }>();
  for (const move of moves) if (!unique.has(move.text)) unique.set(move.text, move);
  const ranked = [...unique.values()].sort(
    (left, right) =>
      left.runs - right.runs || left.distance - right.distance || left.text.localeCompare(right.text),
  );
  const best = ranked[0];
  const improves = best !== undefined && best.runs < baseline;
  const answer = improves ? best.text : ALREADY_OPTIMAL;
  const random = createRandom(seed + 31);
  const others = random
    .shuffle(
      ranked.filter((move) => move.text !== answer && move.runs >= (best?.runs ?? 0) + (improves ? 1 : 0)),
    )
    .slice(0, 3);
  const reasons = [
    `As written, the rebuild after the edit runs ${baseline} step(s).`,
    ...(improves ? [`${best.text}: the rebuild runs ${best.runs} step(s).`] : []),
    ...others.map((move) => `${move.text}: the rebuild runs ${move.runs} step(s).`),
  ];
  return {
    mode: "single",
    choices: [answer, ...others.map((move) => move.text), ...(improves ? [ALREADY_OPTIMAL] : [])],
    correct: [answer],
    expected: answer,
    reasons,
  };
}

/** How a question is presented: the seed picks the variant and shuffles; the profile is the learner's Docker. */
export interface PresentOptions {
  readonly seed: number;
  /**
   * The learner's Docker (`learnerProfile(id)`): scenario answers are computed with its daemon. One
   * the question does not claim is an `UnclaimedProfileError`; omitted, the default learner profile
   * when the question claims it, else the first it claims (`presentationProfile`).
   */
  readonly profile?: DockerProfile;
}

/**
 * Presents variant `seed mod variants` of a scenario question with its key, computed by the engine
 * as the profile's Docker answers (its daemon's sizes, history and container sizes).
 * @throws ScenarioError when the scenario cannot be built (the content checker reports it).
 * @throws UnclaimedProfileError when `options.profile` is one the question does not claim.
 */
export function presentScenarioQuestion(question: Question, options: PresentOptions): PresentedQuestion {
  const spec = question.scenario;
  if (spec === undefined) throw new ScenarioError(`question ${question.id} is not a scenario question`);
  const profile = presentationProfile(question, options.profile);
  const variant = Math.abs(Math.trunc(options.seed)) % scenarioVariantCount(question);
  const values = variantValues(spec, variant);
  const dockerfile = substitute(spec.dockerfile, values);
  const files = substituteAll(spec.files, values);
  const edits = substituteAll(spec.edits, values);
  const ask =
    "command" in spec.ask ? { ...spec.ask, command: substitute(spec.ask.command, values) } : spec.ask;
  const computed = computeAnswer(question, { ...spec, ask }, dockerfile, files, edits, options.seed, profile);

  const random = createRandom(options.seed);
  let choices: ViewChoice[] | undefined;
  let correctChoiceIds: string[] | undefined;
  if (computed.choices) {
    const texts = [...new Set(computed.choices)];
    // Cache questions keep Dockerfile order (reading order matters); other choices are shuffled.
    const ordered =
      spec.ask.kind === "steps-run" || spec.ask.kind === "first-miss" ? texts : random.shuffle(texts);
    choices = ordered.map((text, index) => ({ id: String.fromCharCode(97 + index), text }));
    correctChoiceIds = choices
      .filter((choice) => computed.correct?.includes(choice.text))
      .map((choice) => choice.id);
  }
  const scenario = {
    builder: spec.builder,
    dockerfile,
    files,
    edits,
    ...(computed.command === undefined ? {} : { command: computed.command }),
  };
  const view: QuestionView = {
    questionId: question.id,
    variant,
    topic: question.topic,
    difficulty: question.difficulty,
    kind: "scenario",
    mode: computed.mode,
    profile,
    prompt: substitute(question.prompt, values),
    ...(choices ? { choices } : {}),
    ...(computed.numeric?.unit === undefined ? {} : { unit: computed.numeric.unit }),
    scenario,
    lesson: question.lesson,
  };
  const key: AnswerKey = {
    questionId: question.id,
    variant,
    mode: computed.mode,
    profile,
    ...(correctChoiceIds ? { correctChoiceIds } : {}),
    ...(choices
      ? { choiceTexts: Object.fromEntries(choices.map((choice) => [choice.id, choice.text])) }
      : {}),
    ...(computed.numeric ? { numeric: computed.numeric } : {}),
    ...(computed.accepted ? { accepted: computed.accepted } : {}),
    expected: computed.expected,
    explanation: substitute(question.explanation, values),
    reasons: computed.reasons,
    ...(question.verify === undefined ? {} : { verify: substitute(question.verify, values) }),
  };
  return { view, key };
}
