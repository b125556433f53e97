/**
 * Engine work as jobs: what a handler may ask of the engine (a simulation, a scenario question's
 * answer key), what comes back, and the admission rule in front of the worker pool — a bound per
 * user and a global bound, with an honest "try again in N s" when either is reached. The pool
 * itself (worker threads with time and memory limits) is adapters/engine-pool.ts.
 */
import type { DockerProfile, Question } from "@layercake/shared/core";
import type { PresentedQuestion } from "@layercake/shared/quiz";
import type { SimulationReport, SimulationRequest } from "./simulation.ts";

export type EngineJob =
  | ({ kind: "simulate" } & SimulationRequest)
  | { kind: "present"; question: Question; seed: number; profile?: DockerProfile };

export type EngineJobValue<Job extends EngineJob> = Job extends { kind: "simulate" }
  ? SimulationReport & { png?: Uint8Array }
  : PresentedQuestion;

export type EngineOutcome<Value> =
  | { ok: true; value: Value }
  /** `time` and `memory`: the job went over its limit and its worker was terminated. */
  | { ok: false; limit: "time" | "memory" | "error"; message: string };

export type Admission<Value> =
  | { busy: true; retryAfterSeconds: number; why: "you" | "everyone" }
  | { busy: false; result: Promise<EngineOutcome<Value>> };

export interface EngineJobs {
  /** Admits the job (or says when to try again) synchronously; the result resolves off the event loop. */
  submit<Job extends EngineJob>(userId: string, job: Job): Admission<EngineJobValue<Job>>;
  /** Jobs admitted and not finished (queued or running). */
  pending(): number;
  close(): Promise<void>;
}

export interface AdmissionLimits {
  /** Jobs one user may have queued or running at once. */
  perUser: number;
  /** Jobs all users together may have queued or running at once. */
  global: number;
  /** Worker threads working in parallel (for the wait estimate). */
  threads: number;
}

/** Counts jobs per user and overall and estimates how long until a slot frees. */
export class JobAdmission {
  private readonly byUser = new Map<string, number>();
  private total = 0;
  /** Moving average of finished jobs' durations, for the wait estimate. */
  private averageMs = 1000;
  readonly limits: AdmissionLimits;

  constructor(limits: AdmissionLimits) {
    this.limits = limits;
  }

  /** Takes a slot, or says why not and when to try again. */
  admit(
    userId: string,
  ): { busy: true; retryAfterSeconds: number; why: "you" | "everyone" } | { busy: false } {
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser) return { busy: true, why: "you", retryAfterSeconds: this.secondsFor(1) };
    if (this.total >= this.limits.global)
      return {
        busy: true,
        why: "everyone",
        retryAfterSeconds: this.secondsFor(this.total - this.limits.global + 1),
      };
    this.byUser.set(userId, mine + 1);
    this.total += 1;
    return { busy: false };
  }

  /** Gives the slot back; `durationMs` feeds the wait estimate. */
  release(userId: string, durationMs: number): void {
    const mine = (this.byUser.get(userId) ?? 1) - 1;
    if (mine <= 0) this.byUser.delete(userId);
    else this.byUser.set(userId, mine);
    this.total = Math.max(0, this.total - 1);
    this.averageMs = this.averageMs * 0.8 + durationMs * 0.2;
  }

  pending(): number {
    return this.total;
  }

  /** Whole seconds until `jobs` more jobs have finished, at least 1. */
  private secondsFor(jobs: number): number {
    return Math.max(1, Math.ceil((jobs * this.averageMs) / this.limits.threads / 1000));
  }
}

/** The player-facing line for a busy engine. */
export function busyMessage(busy: { retryAfterSeconds: number; why: "you" | "everyone" }): string {
  return busy.why === "you"
    ? `Your previous engine job is still running; try again in ${busy.retryAfterSeconds} s.`
    : `Layercake's engine is busy with other players' builds; try again in ${busy.retryAfterSeconds} s.`;
}

/** The player-facing line for a job stopped by its limits. */
export function limitMessage(outcome: { limit: "time" | "memory" | "error"; message: string }): string {
  if (outcome.limit === "time")
    return "The engine stopped this job: it ran longer than its time limit. A command that doubles a variable in a loop (`x=$x$x`) grows without bound; make the work smaller.";
  if (outcome.limit === "memory")
    return "The engine stopped this job: it used more memory than its limit. A command that doubles a variable in a loop (`x=$x$x`) grows without bound; make the work smaller.";
  return `The engine could not finish this job: ${outcome.message.slice(0, 300)}`;
}
