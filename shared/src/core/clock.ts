/**
 * Time is passed in, never read from the host inside the engine or the quiz: a build's timestamps
 * and a quiz's deadlines must be reproducible in tests and replays.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that starts at `startMs` and moves only when told (or by `stepMs` on every read). */
export interface SimulatedClock extends Clock {
  advance(ms: number): void;
}

export function createSimulatedClock(startMs = Date.UTC(2026, 0, 1), stepMs = 0): SimulatedClock {
  let current = startMs;
  return {
    now() {
      const value = current;
      current += stepMs;
      return value;
    },
    advance(ms) {
      current += ms;
    },
  };
}
