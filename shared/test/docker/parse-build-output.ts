/**
 * Turns what `docker build` prints into `BuildObservation` parts: the classic builder's
 * `Step n/m : …` / `---> Using cache` stdout and BuildKit's `--progress=plain` stderr.
 * Pure functions, usable on the simulator's output as well.
 */
import type { BuildStepObservation, BuildStepStatus, IdMasker, TriggerObservation } from "./observations.ts";
import { splitLines } from "./observations.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes is the point
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

interface MutableStep {
  position: string;
  instruction: string;
  status?: BuildStepStatus;
  image?: string;
  output: string[];
  completed: boolean;
}

/**
 * Parses the classic builder's stdout; `warnings` are its `[Warning] …` lines (unused build args).
 * @param exitCode the build's exit code; a non-zero code marks the last unfinished step `failed`.
 */
export function parseClassicBuildOutput(
  stdout: string,
  exitCode: number,
  masker: IdMasker,
): { steps: BuildStepObservation[]; triggers: TriggerObservation[]; warnings: string[] } {
  const steps: MutableStep[] = [];
  const warnings: string[] = [];
  const triggers: { after: string; count: number; markers: ("cached" | "ran")[] }[] = [];
  let current: MutableStep | undefined;
  let trigger: (typeof triggers)[number] | undefined;
  let capturing = false;

  for (const raw of splitLines(stdout)) {
    // The daemon wraps a RUN's stderr in ANSI colour codes (ESC[91m … ESC[0m); a line that held only
    // codes carries no output.
    const line = raw.replace(ANSI_ESCAPE, "");
    if (line === "" && raw !== "") continue;
    const stepMatch = /^Step (\d+\/\d+) : (.*)$/.exec(line);
    if (stepMatch) {
      const instruction = stepMatch[2] ?? "";
      current = { position: stepMatch[1] ?? "", instruction, output: [], completed: false };
      if (/^FROM\s/i.test(instruction)) current.status = "base";
      steps.push(current);
      trigger = undefined;
      capturing = false;
      continue;
    }
    if (current === undefined) continue;
    const triggerMatch = /^# Executing (\d+) build triggers?$/.exec(line);
    if (triggerMatch) {
      trigger = { after: current.position, count: Number(triggerMatch[1]), markers: [] };
      triggers.push(trigger);
      continue;
    }
    if (line === " ---> Using cache") {
      if (trigger) trigger.markers.push("cached");
      else current.status = "cached";
      continue;
    }
    if (/^ ---> Running in [0-9a-f]{12}$/.test(line)) {
      if (trigger) trigger.markers.push("ran");
      else current.status = "ran";
      capturing = true;
      continue;
    }
    if (/^Removing intermediate container [0-9a-f]{12}$/.test(line)) {
      capturing = false;
      continue;
    }
    const imageMatch = /^ ---> ([0-9a-f]{12})$/.exec(line);
    if (imageMatch) {
      capturing = false;
      current.image = masker.findByPrefix(imageMatch[1] ?? "") ?? "<unknown>";
      current.completed = true;
      // A COPY/ADD that ran prints no marker; after triggers the id belongs to the FROM step.
      if (trigger === undefined) current.status ??= "ran";
      continue;
    }
    if (/^(Successfully built|Successfully tagged|Sending build context) /.test(line)) continue;
    if (line.startsWith("[Warning] ")) {
      warnings.push(line);
      continue;
    }
    if (capturing) current.output.push(line);
  }

  const last = steps.at(-1);
  if (exitCode !== 0 && last && !last.completed && last.status !== "base") last.status = "failed";
  return { steps: steps.map((step) => finishStep(step)), triggers, warnings };
}

function finishStep(step: MutableStep): BuildStepObservation {
  return {
    position: step.position,
    instruction: step.instruction,
    // A step printed with no result at all is an ARG before the first FROM.
    status: step.status ?? "noop",
    ...(step.image === undefined ? {} : { image: step.image }),
    ...(step.output.length === 0 ? {} : { output: step.output }),
  };
}

interface Vertex {
  name?: string;
  status?: BuildStepStatus;
  output: string[];
}

/**
 * Parses BuildKit's `--progress=plain` output (stderr). Returns the Dockerfile steps sorted by
 * stage order (`stageOrder`, the stage names in Dockerfile order, unnamed stages `stage-<n>`) and
 * position, and the error lines printed after the progress. FROM vertices are left out: stages on
 * the same base share one, labelled with a stage chosen at random.
 */
export function parseBuildKitOutput(
  stderr: string,
  stageOrder: readonly string[],
): { steps: BuildStepObservation[]; error: string[] } {
  const vertices = new Map<string, Vertex>();
  const trailing: string[] = [];
  let inErrorBlock = false;
  for (const line of splitLines(stderr)) {
    const match = /^#(\d+) (.*)$/.exec(line);
    if (match === null) {
      if (line === "------") {
        inErrorBlock = !inErrorBlock;
        continue;
      }
      if (!inErrorBlock && line !== "") trailing.push(line);
      continue;
    }
    if (inErrorBlock) continue;
    const id = match[1] ?? "";
    const rest = match[2] ?? "";
    let vertex = vertices.get(id);
    if (vertex === undefined) {
      vertex = { output: [] };
      vertices.set(id, vertex);
    }
    if (vertex.name === undefined) {
      vertex.name = rest;
      continue;
    }
    if (rest.startsWith("sha256:")) continue;
    if (/^DONE \d/.test(rest)) vertex.status = "ran";
    else if (rest === "CACHED") vertex.status = "cached";
    else if (rest.startsWith("ERROR")) vertex.status = "failed";
    else if (rest === "CANCELED") vertex.status = "canceled";
    else {
      const output = /^\d+\.\d+ ?(.*)$/.exec(rest);
      if (output) vertex.output.push(output[1] ?? "");
    }
  }

  const steps: (BuildStepObservation & { order: number; index: number })[] = [];
  for (const vertex of vertices.values()) {
    const name = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/.exec(vertex.name ?? "");
    if (name === null) continue;
    const stage = name[1];
    const instruction = name[4] ?? "";
    // Stages with the same base share one FROM vertex, printed under whichever stage came first.
    if (instruction.startsWith("FROM ")) continue;
    const position = `${name[2]}/${name[3]}`;
    const order = stage === undefined ? 0 : stageOrder.indexOf(stage);
    steps.push({
      position,
      ...(stage === undefined ? {} : { stage }),
      instruction,
      status: vertex.status ?? "canceled",
      ...(vertex.output.length === 0 ? {} : { output: vertex.output }),
      order: order === -1 ? stageOrder.length : order,
      index: Number(name[2]),
    });
  }
  steps.sort(
    (a, b) => a.order - b.order || (a.stage ?? "").localeCompare(b.stage ?? "") || a.index - b.index,
  );
  return { steps: steps.map(({ order: _order, index: _index, ...step }) => step), error: trailing };
}

/**
 * The stage names of a Dockerfile in order, as BuildKit prints them: the `AS` name (lower case) or
 * `stage-<n>`.
 * @example listStageNames("FROM a AS build\nFROM b\n") // ["build", "stage-1"]
 */
export function listStageNames(dockerfile: string): string[] {
  const names: string[] = [];
  for (const line of dockerfile.split("\n")) {
    const match = /^\s*FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (match) names.push(match[1]?.toLowerCase() ?? `stage-${names.length}`);
  }
  return names;
}
