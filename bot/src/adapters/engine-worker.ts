/**
 * The engine worker: one job per call, in a worker thread of adapters/engine-pool.ts, so a slow or
 * huge job never blocks the bot's event loop and is terminated at its time or memory limit.
 * A simulation's layer diagram is rendered to PNG here, so resvg's WebAssembly is loaded in the
 * worker only, never in the bot's main thread.
 */
import type { MessagePort } from "node:worker_threads";
import { presentQuestion } from "@layercake/shared/quiz";
import type { EngineJob } from "../discord-free/engine-jobs.ts";
import { withChoiceReasons } from "../discord-free/explain-choices.ts";
import { simulateBuild } from "../discord-free/simulation.ts";
import { initPngRenderer, renderPng } from "./render-png.ts";

/** A job as the pool sends it: the job, and a port to say it has started (its time limit starts then). */
export interface EngineTask {
  job: EngineJob;
  started?: MessagePort;
}

export default async function runEngineTask(task: EngineTask): Promise<unknown> {
  task.started?.postMessage("started");
  task.started?.close();
  return runEngineJob(task.job);
}

/** Runs one engine job in the calling thread. */
export async function runEngineJob(job: EngineJob): Promise<unknown> {
  if (job.kind === "present") {
    const presented = presentQuestion(job.question, {
      seed: job.seed,
      ...(job.profile ? { profile: job.profile } : {}),
    });
    return { view: presented.view, key: withChoiceReasons(presented.key) };
  }
  const report = simulateBuild(job);
  if (!report.ok) return report;
  await initPngRenderer();
  let png: Uint8Array | undefined;
  try {
    png = renderPng(report.svg);
  } catch {
    // A diagram that does not render leaves the text report intact; the embed then has no image.
    png = undefined;
  }
  return { ...report, ...(png ? { png } : {}) };
}
