/**
 * The engine jobs of adapters/engine-worker.ts run in this thread, behind the same admission
 * bounds: for handler tests that check what handlers do with the engine's answers (the worker pool
 * itself is exercised by the e2e suite and the bench).
 */
import { runEngineJob } from "../src/adapters/engine-worker.ts";
import {
  type EngineJob,
  type EngineJobs,
  type EngineJobValue,
  type EngineOutcome,
  JobAdmission,
} from "../src/discord-free/engine-jobs.ts";

export function inProcessEngine(limits = { perUser: 2, global: 8, threads: 1 }): EngineJobs {
  const admission = new JobAdmission(limits);
  return {
    submit<Job extends EngineJob>(userId: string, job: Job) {
      const admitted = admission.admit(userId);
      if (admitted.busy) return admitted;
      const result = (async (): Promise<EngineOutcome<EngineJobValue<Job>>> => {
        try {
          return { ok: true, value: (await runEngineJob(job)) as EngineJobValue<Job> };
        } catch (error) {
          return {
            ok: false,
            limit: "error",
            message: error instanceof Error ? error.message : String(error),
          };
        } finally {
          admission.release(userId, 0);
        }
      })();
      return { busy: false, result };
    },
    pending: () => admission.pending(),
    close: async () => {},
  };
}
