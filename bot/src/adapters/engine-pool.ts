/**
 * Engine jobs on worker threads (piscina): two lanes, so a long simulation never delays the answer
 * keys of quiz questions — `simulate` (one thread) and `questions` (one thread). Each job runs under
 * a time limit (the worker is terminated when it is reached) and V8 heap limits (`resourceLimits`;
 * a job over them kills only its worker). Threads start on demand and exit when idle, so an idle
 * bot holds no engine memory. Admission (per-user and global bounds) is discord-free/engine-jobs.ts.
 */
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import {
  type EngineJob,
  type EngineJobs,
  type EngineJobValue,
  type EngineOutcome,
  JobAdmission,
} from "../discord-free/engine-jobs.ts";
import type { EngineTask } from "./engine-worker.ts";

export interface LaneOptions {
  /** Wall-clock limit of one job once it runs (ms). */
  timeLimitMs: number;
  /** V8 old-generation limit of the lane's worker (MB). */
  heapLimitMb: number;
  perUser: number;
  global: number;
}

export interface EnginePoolOptions {
  simulate: LaneOptions;
  questions: LaneOptions;
  /** How long an idle worker stays before it exits (ms). */
  idleTimeoutMs: number;
}

export const DEFAULT_ENGINE_POOL: EnginePoolOptions = {
  simulate: { timeLimitMs: 8000, heapLimitMb: 256, perUser: 1, global: 4 },
  questions: { timeLimitMs: 5000, heapLimitMb: 192, perUser: 2, global: 64 },
  idleTimeoutMs: 20_000,
};

/** The engine lanes as the bot uses them, and how many threads they hold. */
export interface EnginePool extends EngineJobs {
  /** Engine threads alive now: 0 once every lane has been idle for the idle timeout. */
  threads(): number;
}

/** How long a new worker thread may take to load the engine before its first job starts. */
const STARTUP_LIMIT_MS = 60_000;

/** How much lower than the bot's main thread the engine threads run (Linux nice; ignored elsewhere). */
const ENGINE_NICENESS = 10;

interface Lane {
  pool: Piscina;
  admission: JobAdmission;
  options: LaneOptions;
  /** Jobs admitted and waiting for the lane's thread, first in first out. */
  waiting: Array<() => void>;
  running: boolean;
}

function outcomeOfError(error: unknown): EngineOutcome<never> {
  const record = error as { name?: string; code?: string; message?: string };
  if (record?.name === "AbortError")
    return { ok: false, limit: "time", message: "the job ran past its time limit" };
  if (record?.code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory/i.test(record?.message ?? ""))
    return { ok: false, limit: "memory", message: "the job ran out of its memory limit" };
  return { ok: false, limit: "error", message: record?.message ?? String(error) };
}

/** Starts the engine lanes (no thread runs until the first job). */
export function createEnginePool(options: EnginePoolOptions = DEFAULT_ENGINE_POOL): EnginePool {
  const filename = new URL("./engine-worker.ts", import.meta.url).href;
  const lane = (laneOptions: LaneOptions): Lane => ({
    pool: new Piscina({
      filename,
      name: "default",
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: options.idleTimeoutMs,
      // Below the bot's own thread in the scheduler: a long job must not take CPU from the replies.
      niceIncrement: ENGINE_NICENESS,
      resourceLimits: {
        maxOldGenerationSizeMb: laneOptions.heapLimitMb,
        maxYoungGenerationSizeMb: 32,
      },
    }),
    admission: new JobAdmission({ perUser: laneOptions.perUser, global: laneOptions.global, threads: 1 }),
    options: laneOptions,
    waiting: [],
    running: false,
  });
  // The lane hands piscina one job at a time: the time limit then counts from the job's start, and
  // a worker killed at its memory limit is replaced by the next run (piscina does not restart a
  // thread for tasks already queued when its only worker dies).
  const pump = (chosen: Lane) => {
    if (chosen.running) return;
    const next = chosen.waiting.shift();
    if (!next) return;
    chosen.running = true;
    next();
  };
  // A worker that dies at its memory limit also fails its task, which is where it is reported.
  const ignoreWorkerError = () => {};
  const lanes = { simulate: lane(options.simulate), questions: lane(options.questions) };
  lanes.simulate.pool.on("error", ignoreWorkerError);
  lanes.questions.pool.on("error", ignoreWorkerError);
  return {
    submit<Job extends EngineJob>(userId: string, job: Job) {
      const chosen = job.kind === "simulate" ? lanes.simulate : lanes.questions;
      const admitted = chosen.admission.admit(userId);
      if (admitted.busy) return admitted;
      const result = new Promise<EngineOutcome<EngineJobValue<Job>>>((resolve) => {
        chosen.waiting.push(() => {
          const started = performance.now();
          const abort = new AbortController();
          // The job's limit runs from when the worker starts it: a fresh thread first loads the
          // engine's modules, which a loaded machine can make slow, and that is not the job's doing.
          let timer = setTimeout(() => abort.abort(), STARTUP_LIMIT_MS);
          const { port1: onStart, port2: startPort } = new MessageChannel();
          onStart.once("message", () => {
            clearTimeout(timer);
            timer = setTimeout(() => abort.abort(), chosen.options.timeLimitMs);
            onStart.close();
          });
          const task: EngineTask = { job, started: startPort };
          (
            chosen.pool.run(task, { signal: abort.signal, transferList: [startPort] }) as Promise<
              EngineJobValue<Job>
            >
          )
            .then(
              (value): EngineOutcome<EngineJobValue<Job>> => ({ ok: true, value }),
              (error: unknown) => outcomeOfError(error),
            )
            .then((outcome) => {
              clearTimeout(timer);
              onStart.close();
              chosen.admission.release(userId, performance.now() - started);
              chosen.running = false;
              pump(chosen);
              resolve(outcome);
            });
        });
        pump(chosen);
      });
      return { busy: false, result };
    },
    pending: () => lanes.simulate.admission.pending() + lanes.questions.admission.pending(),
    threads: () => lanes.simulate.pool.threads.length + lanes.questions.pool.threads.length,
    async close() {
      await Promise.all([lanes.simulate.pool.destroy(), lanes.questions.pool.destroy()]);
    },
  };
}
