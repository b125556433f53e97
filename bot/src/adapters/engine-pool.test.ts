import { describe, expect, it } from "vitest";
import type { EngineOutcome } from "../discord-free/engine-jobs.ts";
import { createEnginePool, DEFAULT_ENGINE_POOL, type EnginePool } from "./engine-pool.ts";

const SMALL_BUILD = {
  kind: "simulate",
  dockerfile: "FROM tiny:1\nRUN echo hi > /greeting\n",
  command: "",
  builder: "buildkit",
  profile: "26.1-overlay2",
} as const;

async function simulated(pool: EnginePool, userId: string): Promise<EngineOutcome<unknown>> {
  const admitted = pool.submit(userId, SMALL_BUILD);
  if (admitted.busy) throw new Error("the pool refused a job with nothing else queued");
  return admitted.result;
}

/** Polls until the pool holds `count` threads, for at most `attempts` × 50 ms. */
async function threadsBecome(pool: EnginePool, count: number, attempts = 600): Promise<number> {
  for (let attempt = 0; attempt < attempts && pool.threads() !== count; attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return pool.threads();
}

describe("the engine pool's threads", () => {
  it("start with the first job, exit once idle for the idle timeout, and start again for the next job", async () => {
    // A long idle timeout (against the machine's load) that the test still waits out quickly.
    const pool = createEnginePool({ ...DEFAULT_ENGINE_POOL, idleTimeoutMs: 1500 });
    try {
      expect(pool.threads()).toBe(0);
      expect((await simulated(pool, "first")).ok).toBe(true);
      expect(pool.threads()).toBe(1);
      expect(await threadsBecome(pool, 0)).toBe(0);
      expect((await simulated(pool, "second")).ok).toBe(true);
      expect(pool.threads()).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
