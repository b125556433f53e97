/**
 * `/simulate`'s computation, free of Discord: build the Dockerfile, rebuild it (the cache at
 * work), run the optional command in a container and diff it; or, when the build fails, the
 * failing step and the last lines of its output, as `docker build` prints them. It goes through
 * the engine's one way into Docker (`openDockerSession` + `studyBuild`, as the playground and the
 * tour do), and prints sizes as `docker images`/`history`/`ps -s` do (`listingSize`), like the
 * playground. Runs in an engine worker (adapters/engine-worker.ts), never on the bot's event loop.
 */
import { createSimulatedClock, type DockerProfile } from "@layercake/shared/core";
import {
  type BuildResult,
  contextFromFiles,
  type DockerSession,
  historyWithLayers,
  imageSize,
  learnerProfile,
  listingSize,
  openDockerSession,
  studyBuild,
} from "@layercake/shared/engine";
import { renderLayerDiagram } from "@layercake/shared/scenario";

export type BuilderName = "buildkit" | "classic";

export interface SimulationRequest {
  dockerfile: string;
  command: string;
  builder: BuilderName;
  /** The Docker the user runs (`/config docker`): the simulated daemon answers as it does. */
  profile: DockerProfile;
}

export interface SimulatedStep {
  instruction: string;
  /** `layer 3B`, `history only`. */
  adds: string;
  /** Why this step adds what it adds, in the engine's words (with the rule it follows). */
  why: string;
}

export interface SimulationSuccess {
  ok: true;
  builder: BuilderName;
  /** The Docker it was simulated on. */
  profile: DockerProfile;
  steps: SimulatedStep[];
  layerCount: number;
  historyCount: number;
  totalSize: string;
  /** The rebuild with nothing changed: how many of the cache-checked steps hit. */
  rebuild: { cached: number; checked: number; firstMiss?: string; firstMissWhy?: string };
  run?: { command: string; exitCode: number; output: string; diff: string[]; writableSize: string };
  /** The layer diagram (SVG); the worker turns it into a PNG. */
  svg: string;
}

export interface SimulationFailure {
  ok: false;
  builder: BuilderName;
  profile: DockerProfile;
  /** The builder's label and instruction of the failing step (`[2/3] RUN make`), when a step failed. */
  failedStep?: string;
  /** The builder's error, worded as Docker prints it. */
  message: string;
  /** The last lines the failing step printed (at most `OUTPUT_TAIL_LINES`). */
  outputTail: string[];
  /** Parse errors with their lines. */
  problems: string[];
}

export type SimulationReport = SimulationSuccess | SimulationFailure;

/** As many output lines as `docker build` shows of a failing step. */
export const OUTPUT_TAIL_LINES = 10;

function failureOf(builder: BuilderName, profile: DockerProfile, result: BuildResult): SimulationFailure {
  const step = result.failure?.step === undefined ? undefined : result.steps[result.failure.step];
  const output = (step?.output ?? "").replace(/\n$/, "");
  return {
    ok: false,
    builder,
    profile,
    ...(step ? { failedStep: `${step.index ? `${step.index} ` : ""}${step.instruction}` } : {}),
    message: result.failure?.message ?? "the build failed",
    outputTail: output === "" ? [] : output.split("\n").slice(-OUTPUT_TAIL_LINES),
    problems: result.diagnostics
      .filter((diagnostic) => diagnostic.message !== result.failure?.message)
      .map((diagnostic) => `line ${diagnostic.range.start.line}: ${diagnostic.message}`),
  };
}

/**
 * SIZE as the profile's `docker image inspect` gives it (what `docker images` lists): the
 * containerd image store counts the compressed content beside the unpacked snapshots.
 */
function listedImageSize(session: DockerSession, imageId: string): number | undefined {
  const result = session.docker(["image", "inspect", "--format", "{{.Size}}", imageId]);
  const bytes = Number(result.stdout.trim());
  return result.exitCode === 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The simulated container's ID, recognisable in `docker diff`-style output. */
const CONTAINER_ID = "d15c0rd5".repeat(8);

/** Builds, rebuilds and optionally runs; every answer comes from the engine. */
export function simulateBuild(request: SimulationRequest): SimulationReport {
  const { dockerfile, command, builder, profile } = request;
  // A fresh daemon per simulation: nothing pulled until FROM asks, nothing shared between users.
  const session = openDockerSession({
    clock: createSimulatedClock(Date.UTC(2026, 0, 1), 1000),
    profile: learnerProfile(profile).daemon,
    seed: "discord-simulate",
    pulled: [],
  });
  const study = studyBuild(session, {
    build: { dockerfile, context: contextFromFiles({}), builder, tags: ["simulated:latest"] },
    // The same Dockerfile again: the rebuild shows which steps the cache answers.
    rebuild: {},
    ...(command === "" ? {} : { run: { command, id: CONTAINER_ID, on: "first" as const } }),
  });
  const { first, rebuild } = study;
  if (!first.ok || !first.image || !rebuild) return failureOf(builder, profile, first);
  const image = first.image;
  const steps = first.steps
    .filter((step) => step.layer !== "nothing")
    .map((step) => ({
      instruction: step.instruction,
      adds: step.layer === "layer" ? `layer ${listingSize(step.diff?.size ?? 0)}` : "history only",
      why: step.layerReasons[0]?.message ?? "",
    }));
  const checked = rebuild.steps.filter((step) => step.cache !== "not-applicable");
  const miss = checked.find((step) => step.cache === "miss");
  const layers = historyWithLayers(image).map(({ entry, layer }) => ({
    createdBy: entry.created_by ?? "",
    size: entry.empty_layer ? 0 : (layer?.size ?? 0),
    empty: entry.empty_layer === true,
  }));
  const report: SimulationSuccess = {
    ok: true,
    builder,
    profile,
    steps,
    layerCount: image.layers.length,
    historyCount: layers.length,
    totalSize: listingSize(listedImageSize(session, image.id) ?? imageSize(image)),
    rebuild: {
      cached: checked.filter((step) => step.cache === "hit").length,
      checked: checked.length,
      ...(miss ? { firstMiss: miss.instruction, firstMissWhy: miss.reasons[0]?.message ?? "" } : {}),
    },
    svg: renderLayerDiagram({ image: "simulated:latest", layers }),
  };
  if (study.run) {
    const { run } = study;
    report.run = {
      command,
      exitCode: run.exitCode,
      output: (run.stdout + run.stderr).trim(),
      diff: run.diff.map((entry) => `${entry.kind} ${entry.path}`),
      writableSize: listingSize(run.size.sizeRw),
    };
  }
  return report;
}
