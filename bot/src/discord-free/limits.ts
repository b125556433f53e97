/** Input limits and the per-user rate limiter. */

export const LIMITS = {
  answer: 2000,
  shortAnswer: 200,
  dockerfile: 4000,
  command: 300,
  /** Interactions a user may send per window. */
  burst: 6,
  windowMs: 5000,
} as const;

/** A sliding-window limiter: at most `burst` events per `windowMs` per user. */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private sweptAt = 0;
  private readonly burst: number;
  private readonly windowMs: number;

  constructor(burst: number = LIMITS.burst, windowMs: number = LIMITS.windowMs) {
    this.burst = burst;
    this.windowMs = windowMs;
  }

  /** Records an event; false when the user is over the limit. */
  allow(userId: string, now: number): boolean {
    // Once per window, forget users with nothing in it, so the map holds only the recently active.
    if (now - this.sweptAt >= this.windowMs) {
      this.sweptAt = now;
      for (const [user, times] of this.events)
        if (times.every((at) => now - at >= this.windowMs)) this.events.delete(user);
    }
    const recent = (this.events.get(userId) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.burst) {
      this.events.set(userId, recent);
      return false;
    }
    recent.push(now);
    this.events.set(userId, recent);
    return true;
  }

  /** How many users the limiter currently remembers. */
  trackedUsers(): number {
    return this.events.size;
  }
}
