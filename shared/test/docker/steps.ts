/**
 * What the daemon runner (runner.ts) and the simulator runner (simulator-runner.ts) share, so that
 * both sides of the differential suite do the same thing with a step: the context directory and
 * its edits, the docker argv of each command step, and the observation read from a command's
 * text. Each runner keeps only how it runs a command (the daemon's CLI and Engine API, or
 * `layercake docker` in-process) and the observations it reads from the daemon's state.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import {
  type CommitObservation,
  canonicalImageId,
  type DiffObservation,
  type IdMasker,
  labelImages,
  normalisePruneSections,
  type Observation,
  type StatusObservation,
  splitLines,
} from "./observations.ts";
import type { DaemonProfile } from "./profiles.ts";
import type { BuildStep, ContextEntry, EditStep, Step, Transcript, Variant } from "./transcript.ts";
import { expectedOutcome, textStepArgv } from "./transcript.ts";

/** Every context entry's mtime before the first edit. */
export const CONTEXT_MTIME = new Date("2024-01-01T00:00:00Z");
const DAY_MS = 86_400_000;

/** A command's result as text. */
export interface CommandText {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StepResult {
  readonly observation: Observation;
  readonly failed: boolean;
}

export interface TranscriptRun {
  readonly observations: Observation[];
  /** Expectation mismatches and runner errors; empty for a clean run. */
  readonly problems: string[];
  readonly milliseconds: number;
}

/**
 * The observations of one variant's run and what went wrong: a step that threw (the run stops
 * there) or one whose success or failure is not the transcript's expectation.
 */
export class TranscriptRecorder {
  readonly #transcript: Transcript;
  readonly #variant: Variant;
  readonly #profile: DaemonProfile;
  readonly #started = performance.now();
  readonly #observations: Observation[] = [];
  readonly #problems: string[] = [];

  constructor(transcript: Transcript, variant: Variant, profile: DaemonProfile) {
    this.#transcript = transcript;
    this.#variant = variant;
    this.#profile = profile;
  }

  /** Records step `index`'s outcome; false when it threw and the run must stop. */
  record(index: number, step: Step, outcome: StepResult | { readonly error: unknown }): boolean {
    const where = `${this.#transcript.name} [${this.#variant}] step ${index + 1} (${step.kind})`;
    if ("error" in outcome) {
      this.#problems.push(`${where}: ${String(outcome.error)}`);
      return false;
    }
    const { observation, failed } = outcome;
    this.#observations.push(observation);
    const expected = expectedOutcome(step, this.#variant, this.#profile);
    if (failed !== (expected === "failure")) {
      this.#problems.push(
        `${where}: expected ${expected}, got ${failed ? "failure" : "success"} ${JSON.stringify(observation)}`,
      );
    }
    return true;
  }

  /** The run, its base image labelled `<tiny:1>` and prune sections normalised. */
  finish(baseImageId: string): TranscriptRun {
    return {
      observations: normalisePruneSections(
        labelImages(this.#observations, new Map([[baseImageId, "<tiny:1>"]])),
      ),
      problems: this.#problems,
      milliseconds: performance.now() - this.#started,
    };
  }
}

/** Writes a transcript's context under `root`, every entry (but symlinks) with CONTEXT_MTIME. */
export function writeContext(root: string, context: Transcript["context"]): void {
  mkdirSync(root, { recursive: true });
  for (const [path, entry] of Object.entries(context)) writeContextEntry(root, path, entry);
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(child);
      utimesSync(child, CONTEXT_MTIME, CONTEXT_MTIME);
    }
  };
  walk(root);
  utimesSync(root, CONTEXT_MTIME, CONTEXT_MTIME);
}

function writeContextEntry(root: string, path: string, entry: ContextEntry): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  if (typeof entry === "string") {
    writeFileSync(target, entry);
    chmodSync(target, 0o644);
  } else if ("dir" in entry) {
    mkdirSync(target, { recursive: true });
    chmodSync(target, entry.mode ?? 0o755);
  } else if ("symlink" in entry) {
    symlinkSync(entry.symlink, target);
  } else {
    writeFileSync(target, "base64" in entry ? Buffer.from(entry.base64, "base64") : entry.content);
    chmodSync(target, entry.mode ?? 0o644);
  }
}

/**
 * The context directory's edits between steps. Each edit that gives a new mtime gives one day
 * after the previous one, as an editor would; `owners: false` skips `chown` (the simulator sends
 * the context with owners reset to root, C-rules, so ownership is not modelled there).
 */
export class ContextEdits {
  readonly #root: string;
  readonly #owners: boolean;
  #edits = 0;

  constructor(root: string, options: { owners: boolean }) {
    this.#root = root;
    this.#owners = options.owners;
  }

  apply(step: EditStep): void {
    const path = join(this.#root, step.path);
    switch (step.op) {
      case "write": {
        const previous = existsSync(path) ? statSync(path).mtime : undefined;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, step.content);
        chmodSync(path, step.mode ?? 0o644);
        // An editor gives the file a new mtime; keeping the old one shows BuildKit's stale-transfer quirk.
        const time = step.mtime === "keep" && previous !== undefined ? previous : this.#nextTime();
        utimesSync(path, time, time);
        return;
      }
      case "chmod":
        chmodSync(path, step.mode);
        return;
      case "chown":
        if (this.#owners) chownSync(path, step.uid, step.gid);
        return;
      case "touch": {
        const time = this.#nextTime();
        utimesSync(path, time, time);
        return;
      }
      case "delete":
        rmSync(path, { recursive: true, force: true });
        return;
      case "mkdir": {
        mkdirSync(path, { recursive: true });
        const time = this.#nextTime();
        utimesSync(path, time, time);
        return;
      }
      case "rename":
        renameSync(path, join(this.#root, step.to));
        return;
    }
  }

  #nextTime(): Date {
    this.#edits += 1;
    return new Date(CONTEXT_MTIME.getTime() + this.#edits * DAY_MS);
  }
}

type CommandStep = Extract<
  Step,
  {
    kind:
      | "run"
      | "exec"
      | "start"
      | "create"
      | "stop"
      | "rm"
      | "diff"
      | "commit"
      | "format"
      | "prune"
      | "rmi";
  }
>;

/** The docker argv a command step runs, the same on the daemon and on the simulator. */
export function stepArgv(step: CommandStep): string[] {
  switch (step.kind) {
    case "run":
      return ["run", ...step.args];
    case "exec":
      return ["exec", step.container, ...step.command];
    case "start":
      return ["start", ...(step.attach === true ? ["-a"] : []), step.container];
    case "create":
      return ["create", ...step.args];
    case "stop":
      return ["stop", "-t", "1", step.container];
    case "rm":
      return [
        "rm",
        ...(step.force === true ? ["-f"] : []),
        ...(step.volumes === true ? ["-v"] : []),
        step.container,
      ];
    case "diff":
      return ["diff", step.container];
    case "commit":
      return [
        "commit",
        ...(step.message === undefined ? [] : ["-m", step.message]),
        ...(step.author === undefined ? [] : ["-a", step.author]),
        ...(step.changes ?? []).flatMap((change) => ["-c", change]),
        step.container,
        step.tag,
      ];
    case "format":
    case "prune":
    case "rmi":
      return textStepArgv(step);
  }
}

/**
 * What a runner does for each kind of step; `runStep` is the one dispatch both runners share. A
 * runner's `Result` is a StepResult (the simulator) or a promise of one (the daemon).
 */
export interface StepSide<Result> {
  edit(step: EditStep): void;
  build(step: BuildStep): Result;
  /** run, exec, start, format, prune, rmi: the whole output is the observation. */
  command(kind: "run" | "start" | "exec" | "format" | "prune" | "rmi", argv: readonly string[]): Result;
  status(kind: StatusObservation["kind"], argv: readonly string[]): Result;
  diff(argv: readonly string[]): Result;
  commit(argv: readonly string[]): Result;
  history(image: string): Result;
  inspect(image: string): Result;
  layers(image: string): Result;
  ps(): Result;
  images(all: boolean): Result;
  df(): Result;
  cache(): Result;
}

export function runStep<Result>(side: StepSide<Result>, step: Step): Result | StepResult {
  switch (step.kind) {
    case "edit":
      side.edit(step);
      return { observation: { kind: "edit" }, failed: false };
    case "build":
      return side.build(step);
    case "run":
    case "exec":
    case "start":
    case "format":
    case "prune":
    case "rmi":
      return side.command(step.kind, stepArgv(step));
    case "create":
    case "stop":
    case "rm":
      return side.status(step.kind, stepArgv(step));
    case "diff":
      return side.diff(stepArgv(step));
    case "commit":
      return side.commit(stepArgv(step));
    case "history":
      return side.history(step.image);
    case "inspect":
      return side.inspect(step.image);
    case "layers":
      return side.layers(step.image);
    case "ps":
      return side.ps();
    case "images":
      return side.images(step.all === true);
    case "df":
      return side.df();
    case "cache":
      return side.cache();
  }
}

/** A command whose whole output is the observation (IDs masked), failing with its exit code. */
export function commandObservation(
  kind: "run" | "start" | "exec" | "format" | "prune" | "rmi",
  result: CommandText,
  masker: IdMasker,
  stderrLines: readonly string[] = splitLines(result.stderr),
): StepResult {
  return {
    observation: {
      kind,
      exitCode: result.exitCode,
      stdout: splitLines(result.stdout).map((line) => masker.maskText(line)),
      stderr: stderrLines.map((line) => masker.maskText(line)),
    },
    failed: result.exitCode !== 0,
  };
}

/** `create`, `stop`, `rm`: their exit code and error output. */
export function statusObservation(
  kind: StatusObservation["kind"],
  result: CommandText,
  masker: IdMasker,
): StepResult {
  const stderr = splitLines(result.stderr).map((line) => masker.maskText(line));
  return { observation: { kind, exitCode: result.exitCode, stderr }, failed: result.exitCode !== 0 };
}

/** The argv both runners read an image's history with: one JSON object per row, bytes, full IDs. */
export const HISTORY_ARGV = ["history", "--no-trunc", "--human=false", "--format", "{{json .}}"] as const;

/** `docker history` (HISTORY_ARGV): its rows, IDs canonical or `<missing>`, texts masked. */
export function historyObservation(result: CommandText, masker: IdMasker): StepResult {
  const rows = splitLines(result.stdout).map((line) => {
    const row = JSON.parse(line) as { ID: string; CreatedBy: string; Size: string; Comment: string };
    return {
      image: row.ID === "<missing>" ? "<missing>" : canonicalImageId(row.ID),
      createdBy: masker.maskText(row.CreatedBy),
      size: Number(row.Size),
      comment: masker.maskText(row.Comment),
    };
  });
  return { observation: { kind: "history", rows }, failed: false };
}

/** `docker diff`: the changes sorted by path. */
export function diffObservation(result: CommandText): StepResult {
  const changes = splitLines(result.stdout).sort((a, b) => compareStrings(a.slice(2), b.slice(2)));
  const observation: DiffObservation = { kind: "diff", exitCode: result.exitCode, changes };
  return { observation, failed: result.exitCode !== 0 };
}

/** `docker commit`: the new image (by its canonical ID) or the error. */
export function commitObservation(result: CommandText, masker: IdMasker): StepResult {
  const id = result.stdout.trim();
  masker.register(id === "" ? [] : [id]);
  const observation: CommitObservation = {
    kind: "commit",
    exitCode: result.exitCode,
    ...(result.exitCode === 0 ? { image: canonicalImageId(id) } : {}),
    stderr: splitLines(result.stderr).map((line) => masker.maskText(line)),
  };
  return { observation, failed: result.exitCode !== 0 };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
