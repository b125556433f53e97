/**
 * What one shell run may spend. A run that exceeds a budget ends as the kernel would end a process
 * that ran out of time or memory: 124 for the step (time) budget, as `timeout` reports, and 137
 * (SIGKILL) for memory, output, variable and file-size budgets, with a message naming the budget.
 * Budgets are counted in steps and bytes, never by the clock, so a run stops at the same point on
 * every machine.
 */

export const BUDGETS = {
  /** Commands, loop iterations and units of applet work (a line, a 4 KiB block): about a second. */
  steps: 300_000,
  /** Bytes a single variable may hold. */
  variableBytes: 16 * 1024 * 1024,
  /** Bytes of standard output plus standard error the run may return. */
  outputBytes: 4 * 1024 * 1024,
  /** Bytes a pipe holds before the reader is assumed gone (the writer then dies of SIGPIPE). */
  pipeBytes: 4 * 1024 * 1024,
  /** Bytes of one file whose content is stored (generated content such as zeros is not stored). */
  storedFileBytes: 32 * 1024 * 1024,
  /** Size of any one file, stored or generated (`dd`, `truncate`, `head -c`). */
  fileBytes: 64 * 1024 * 1024 * 1024,
  /** Bytes held at once in variables, pipes and captured output. */
  memoryBytes: 96 * 1024 * 1024,
  /** Functions, subshells, substitutions, sourced files and nested shells inside one another. */
  nesting: 200,
} as const;

export type BudgetName = "steps" | "variable" | "output" | "memory" | "file size";

/** Thrown when a budget is exceeded; the shell turns it into the run's exit status. */
export class BudgetExceeded {
  readonly budget: BudgetName;
  readonly detail: string;
  constructor(budget: BudgetName, detail: string) {
    this.budget = budget;
    this.detail = detail;
  }
  /** 124 for time (steps), 137 (killed) for every memory-like budget. */
  get exitCode(): number {
    return this.budget === "steps" ? 124 : 137;
  }
  get message(): string {
    return `Layercake stopped the run: ${this.detail} (${this.budget} budget)`;
  }
}

const MIB = 1024 * 1024;
export const formatBytes = (bytes: number) =>
  bytes >= MIB ? `${Math.round(bytes / MIB)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** The counters of one run, shared by every subshell and command substitution inside it. */
export class RunBudget {
  steps = 0;
  /** Simulated seconds slept so far (`sleep` advances the clock instead of waiting). */
  sleptSeconds = 0;
  /** Bytes currently held in pipes and captured outputs. */
  heldBytes = 0;
  /** The next PID handed to a background job or subshell. */
  nextPid = 100;
  /** Writes still buffered for files that `exec >file` opened for the rest of the run. */
  readonly pendingFlushes: (() => void)[] = [];
  /** How deeply functions, subshells and shells are nested right now. */
  nesting = 0;
  readonly limits: { readonly [Name in keyof typeof BUDGETS]: number };
  constructor(limits: Partial<{ readonly [Name in keyof typeof BUDGETS]: number }> = {}) {
    this.limits = { ...BUDGETS, ...limits };
  }

  /** Runs `body` one level deeper; past the nesting limit the run is killed (each level holds a stack). */
  nested<Result>(what: string, body: () => Result): Result {
    if (this.nesting >= this.limits.nesting)
      throw new BudgetExceeded("memory", `${what} nested more than ${this.limits.nesting} deep`);
    this.nesting += 1;
    try {
      return body();
    } finally {
      this.nesting -= 1;
    }
  }

  /** Counts `units` of work; throws when the step budget is spent. */
  step(units = 1): void {
    this.steps += units;
    if (this.steps > this.limits.steps)
      throw new BudgetExceeded("steps", `more than ${this.limits.steps} steps (an endless loop?)`);
  }

  /** Checks a variable's new value. */
  checkVariable(name: string, length: number): void {
    if (length > this.limits.variableBytes)
      throw new BudgetExceeded(
        "variable",
        `variable ${name} would hold ${formatBytes(length)}, more than ${formatBytes(this.limits.variableBytes)}`,
      );
  }

  /** Accounts `bytes` more held in memory (pipes, captures); throws past the memory budget. */
  hold(bytes: number): void {
    this.heldBytes += bytes;
    if (this.heldBytes > this.limits.memoryBytes)
      throw new BudgetExceeded(
        "memory",
        `the script held more than ${formatBytes(this.limits.memoryBytes)} in pipes and outputs`,
      );
    // Large texts are also work: a 4 KiB block is one step.
    if (bytes > 4096) this.step(bytes >> 12);
  }

  release(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  /** Checks a file's size before it is written. */
  checkFile(path: string, size: number, stored: boolean): void {
    const limit = stored ? this.limits.storedFileBytes : this.limits.fileBytes;
    if (size > limit)
      throw new BudgetExceeded(
        "file size",
        `${path} would be ${formatBytes(size)}, more than ${formatBytes(limit)}${stored ? " of stored bytes" : ""}`,
      );
  }
}
