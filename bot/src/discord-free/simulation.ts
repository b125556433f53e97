/**
 * `/simulate`'s computation, free of Discord: build the Dockerfile, rebuild it (the cache at
 * work), run the optional command in a container and diff it; or, when the build fails, the
 * failing step and the last lines of its output, as `docker build` prints them. Runs in an engine
 * worker (adapters/engine-worker.ts), never on the bot's event loop.
 */
import { createSimulatedClock } from "@layercake/shared/core";
import {
  type BuildResult,
  buildImage,
  containerDiff,
  containerSize,
  contextFromFiles,
  createContainer,
  createImageStore,
  findCatalogImage,
  humanSize,
  runArgv,
  startContainer,
} from "@layercake/shared/engine";
import { renderLayerDiagram } from "@layercake/shared/scenario";

export type BuilderName = "buildkit" | "classic";

export interface SimulationRequest {
  dockerfile: string;
  command: string;
  builder: BuilderName;
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

function failureOf(builder: BuilderName, result: BuildResult): SimulationFailure {
  const step = result.failure?.step === undefined ? undefined : result.steps[result.failure.step];
  const output = (step?.output ?? "").replace(/\n$/, "");
  return {
    ok: false,
    builder,
    ...(step ? { failedStep: `${step.index ? `${step.index} ` : ""}${step.instruction}` } : {}),
    message: result.failure?.message ?? "the build failed",
    outputTail: output === "" ? [] : output.split("\n").slice(-OUTPUT_TAIL_LINES),
    problems: result.diagnostics
      .filter((diagnostic) => diagnostic.message !== result.failure?.message)
      .map((diagnostic) => `line ${diagnostic.range.start.line}: ${diagnostic.message}`),
  };
}

/** Builds, rebuilds and optionally runs; every answer comes from the engine. */
export function simulateBuild(request: SimulationRequest): SimulationReport {
  const { dockerfile, command, builder } = request;
  const store = createImageStore({ catalog: findCatalogImage, seed: "discord-simulate" });
  const clock = createSimulatedClock(Date.UTC(2026, 0, 1), 1000);
  const context = contextFromFiles({});
  const first = buildImage({ dockerfile, context, builder, now: clock, tags: ["simulated:latest"] }, store);
  if (!first.ok || !first.image) return failureOf(builder, first);
  const second = buildImage({ dockerfile, context, builder, now: clock, tags: ["simulated:latest"] }, store);
  const image = first.image;
  const steps = first.steps
    .filter((step) => step.layer !== "nothing")
    .map((step) => ({
      instruction: step.instruction,
      adds: step.layer === "layer" ? `layer ${humanSize(step.diff?.size ?? 0)}` : "history only",
      why: step.layerReasons[0]?.message ?? "",
    }));
  const checked = second.steps.filter((step) => step.cache !== "not-applicable");
  const miss = checked.find((step) => step.cache === "miss");
  const history = image.config.history;
  let layerIndex = 0;
  const layers = history.map((entry) => {
    const size = entry.empty_layer ? 0 : (image.layers[layerIndex++]?.size ?? 0);
    return { createdBy: entry.created_by ?? "", size, empty: entry.empty_layer === true };
  });
  const report: SimulationSuccess = {
    ok: true,
    builder,
    steps,
    layerCount: image.layers.length,
    historyCount: history.length,
    totalSize: humanSize(image.layers.reduce((sum, layer) => sum + layer.size, 0)),
    rebuild: {
      cached: checked.filter((step) => step.cache === "hit").length,
      checked: checked.length,
      ...(miss ? { firstMiss: miss.instruction, firstMissWhy: miss.reasons[0]?.message ?? "" } : {}),
    },
    svg: renderLayerDiagram({ image: "simulated:latest", layers }),
  };
  if (command !== "") {
    const container = createContainer(image, {
      id: "d15c0rd5".repeat(8),
      cmd: ["sh", "-c", command],
      now: clock.now(),
    });
    const result = startContainer(container, { runArgv }, clock.now());
    report.run = {
      command,
      exitCode: result.exitCode,
      output: (result.stdout + result.stderr).trim(),
      diff: containerDiff(result.container).map((entry) => `${entry.kind} ${entry.path}`),
      writableSize: humanSize(containerSize(result.container).sizeRw),
    };
  }
  return report;
}
