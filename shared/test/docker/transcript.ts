/**
 * The transcript format of the Docker differential suite: a build context plus a list of CLI steps.
 * The same transcript is replayed against the real daemon (runner.ts) and, later, against the
 * simulator (`layercake docker …`); both sides produce `Observation`s (observations.ts) that must be
 * equal. Transcripts are pure data so that any driver can interpret them.
 */
import type { DaemonProfile } from "./profiles.ts";

/** Which builder a build step uses: `DOCKER_BUILDKIT=0` (classic) or `DOCKER_BUILDKIT=1`. */
export type Builder = "classic" | "buildkit";

/**
 * One file of the build context. A string is a file with mode 0644; `dir` makes an (empty)
 * directory; `base64` carries binary content. Parent directories are created with mode 0755.
 */
export type ContextEntry =
  | string
  | { readonly content: string; readonly mode?: number }
  | { readonly base64: string; readonly mode?: number }
  | { readonly dir: true; readonly mode?: number }
  | { readonly symlink: string };

/**
 * Changes to the build context between steps. Context files start with mtime 2024-01-01; every
 * write, touch and mkdir sets the mtime one day after the previous edit's, as an editor would.
 * `mtime: "keep"` writes new content but keeps the old mtime.
 */
export type EditStep =
  | {
      readonly kind: "edit";
      readonly op: "write";
      readonly path: string;
      readonly content: string;
      readonly mode?: number;
      readonly mtime?: "keep";
    }
  | { readonly kind: "edit"; readonly op: "chmod"; readonly path: string; readonly mode: number }
  | { readonly kind: "edit"; readonly op: "touch"; readonly path: string }
  | {
      readonly kind: "edit";
      readonly op: "chown";
      readonly path: string;
      readonly uid: number;
      readonly gid: number;
    }
  | { readonly kind: "edit"; readonly op: "delete"; readonly path: string }
  | { readonly kind: "edit"; readonly op: "mkdir"; readonly path: string }
  | { readonly kind: "edit"; readonly op: "rename"; readonly path: string; readonly to: string };

/**
 * What a step is expected to do; a mismatch is reported as a problem of the run. Either one
 * outcome for every variant or one per variant (missing variants expect success); a key
 * `<variant>@<profile>` (`classic@26.1-containerd`) or `@<profile>` overrides for one daemon
 * profile, where Docker versions or image stores differ.
 */
export type Expectation =
  | "success"
  | "failure"
  | Readonly<
      Partial<Record<Variant | `${Variant}@${DaemonProfile}` | `@${DaemonProfile}`, "success" | "failure">>
    >;

/**
 * `docker build` in the context directory. The builder comes from the transcript variant unless
 * `builder` pins one. `args` are extra CLI arguments (`--build-arg K=V`, `--no-cache`,
 * `--target x`); the runner adds `--progress=plain --network=none` for BuildKit only.
 */
export interface BuildStep {
  readonly kind: "build";
  readonly tag?: string;
  readonly args?: readonly string[];
  /** `-f <file>`: a context-relative Dockerfile path. */
  readonly file?: string;
  readonly builder?: Builder;
  readonly expect?: Expectation;
}

/** `docker run <args…>` (foreground; stdout, stderr and the exit code are observed). */
export interface RunStep {
  readonly kind: "run";
  readonly args: readonly string[];
  readonly expect?: Expectation;
}

/** `docker create <args…>`; give the container a `--name` so later steps can refer to it. */
export interface CreateStep {
  readonly kind: "create";
  readonly args: readonly string[];
  readonly expect?: Expectation;
}

/** `docker start [-a] <container>`. */
export interface StartStep {
  readonly kind: "start";
  readonly container: string;
  readonly attach?: boolean;
  readonly expect?: Expectation;
}

/** `docker exec <container> <command…>`. */
export interface ExecStep {
  readonly kind: "exec";
  readonly container: string;
  readonly command: readonly string[];
  readonly expect?: Expectation;
}

/** `docker stop -t 1 <container>`. */
export interface StopStep {
  readonly kind: "stop";
  readonly container: string;
  readonly expect?: Expectation;
}

/** `docker rm [-f] [-v] <container>`. */
export interface RmStep {
  readonly kind: "rm";
  readonly container: string;
  readonly force?: boolean;
  readonly volumes?: boolean;
  readonly expect?: Expectation;
}

/** `docker diff <container>`. */
export interface DiffStep {
  readonly kind: "diff";
  readonly container: string;
  readonly expect?: Expectation;
}

/** `docker commit [-m] [-a] [-c …] <container> <tag>`. */
export interface CommitStep {
  readonly kind: "commit";
  readonly container: string;
  readonly tag: string;
  readonly message?: string;
  readonly author?: string;
  readonly changes?: readonly string[];
  readonly expect?: Expectation;
}

/** `docker history --no-trunc --human=false <image>`. */
export interface HistoryStep {
  readonly kind: "history";
  readonly image: string;
}

/** `docker image inspect <image>` plus the config's `history[]` from `docker save`. */
export interface InspectStep {
  readonly kind: "inspect";
  readonly image: string;
}

/** The entries of every layer tar of `docker save <image>` (tiny:1's layer is abbreviated). */
export interface LayersStep {
  readonly kind: "layers";
  readonly image: string;
}

/** `docker ps -a -s` plus `docker container inspect --size` for byte counts. */
export interface PsStep {
  readonly kind: "ps";
}

/** `docker images [-a]`. */
export interface ImagesStep {
  readonly kind: "images";
  readonly all?: boolean;
}

/** `docker system df -v` (images and containers; the `cache` step observes the build cache). */
export interface DfStep {
  readonly kind: "df";
}

/** `docker inspect -f <format> <target>` (an image or a container). */
export interface FormatStep {
  readonly kind: "format";
  readonly target: string;
  readonly format: string;
  readonly expect?: Expectation;
}

/** `docker rmi [-f] <image…>`. */
export interface RmiStep {
  readonly kind: "rmi";
  readonly images: readonly string[];
  readonly force?: boolean;
  readonly expect?: Expectation;
}

/**
 * `docker container|image|builder|system prune -f [-a]`; the daemon walks Go maps, so the deleted
 * entries are compared as a set.
 */
export interface PruneStep {
  readonly kind: "prune";
  readonly target: "container" | "image" | "builder" | "system";
  readonly all?: boolean;
  readonly expect?: Expectation;
}

/** The build cache: `docker system df -v` records and the `docker system df` row. */
export interface CacheStep {
  readonly kind: "cache";
}

export type Step =
  | EditStep
  | BuildStep
  | RunStep
  | CreateStep
  | StartStep
  | ExecStep
  | StopStep
  | RmStep
  | DiffStep
  | CommitStep
  | HistoryStep
  | InspectStep
  | LayersStep
  | PsStep
  | ImagesStep
  | DfStep
  | RmiStep
  | PruneStep
  | CacheStep
  | FormatStep;

export type StepKind = Step["kind"];

/**
 * A named scenario. `builders` lists the variants to run (default: both); a transcript without
 * build steps runs once, as the variant `"none"`. `rules` names the layer-semantics.md rule ids
 * and legacy-experiments.md experiments the transcript exercises.
 */
export interface Transcript {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly string[];
  readonly builders?: readonly Builder[];
  /**
   * The daemon profiles it is recorded on (default: all). Features Docker 20.10 lacks (Dockerfile
   * here-documents, `COPY --link`, the OCI layout of `docker save`) are recorded on 26.1 only.
   */
  readonly profiles?: readonly DaemonProfile[];
  readonly context: Readonly<Record<string, ContextEntry>>;
  readonly steps: readonly Step[];
}

/** The key of one run of a transcript in its golden file. */
export type Variant = Builder | "none";

/** The outcome a step expects under a variant on a daemon profile. */
export function expectedOutcome(step: Step, variant: Variant, profile: DaemonProfile): "success" | "failure" {
  const expect = "expect" in step ? step.expect : undefined;
  if (expect === undefined) return "success";
  if (typeof expect === "string") return expect;
  return expect[`${variant}@${profile}`] ?? expect[`@${profile}`] ?? expect[variant] ?? "success";
}

/** Whether a transcript is recorded on a profile. */
export function isRecordedOn(transcript: Transcript, profile: DaemonProfile): boolean {
  return transcript.profiles === undefined || transcript.profiles.includes(profile);
}

/** The variants a transcript is run under. */
export function listVariants(transcript: Transcript): Variant[] {
  const hasBuild = transcript.steps.some((step) => step.kind === "build" && step.builder === undefined);
  if (!hasBuild) return ["none"];
  return [...(transcript.builders ?? ["classic", "buildkit"])];
}

/**
 * Joins Dockerfile lines with a final newline.
 * @example dockerfile("FROM tiny:1", "RUN true") // "FROM tiny:1\nRUN true\n"
 */
export function dockerfile(...lines: readonly string[]): string {
  return `${lines.join("\n")}\n`;
}

/** The docker command line of a step whose observation is its whole output (both sides run it). */
export function textStepArgv(step: FormatStep | PruneStep | RmiStep): string[] {
  switch (step.kind) {
    case "format":
      return ["inspect", "-f", step.format, step.target];
    case "prune":
      return [step.target, "prune", "-f", ...(step.all === true ? ["-a"] : [])];
    case "rmi":
      return ["rmi", ...(step.force === true ? ["-f"] : []), ...step.images];
  }
}
