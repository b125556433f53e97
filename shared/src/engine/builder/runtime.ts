/**
 * The state a build carries from step to step, shared by both builders and every instruction
 * handler in `steps/`. A handler reads and updates a `StageState`, records one `BuildStep`, and
 * returns whether the build goes on.
 */

import type { DiagnosticName } from "../../core/diagnostic-catalog.ts";
import type { Diagnostic, Range } from "../../core/diagnostics.ts";
import { diagnosticAt } from "../../core/diagnostics.ts";
import type { Reason } from "../../core/reasons.ts";
import type { BuildKitCacheRecord } from "../cache/buildkit.ts";
import type { ImageStore } from "../daemon/image-store.ts";
import type { DirNode } from "../fs/types.ts";
import { readImageParent } from "../image/image.ts";
import type { ContainerConfig, HistoryEntry, Image, Layer } from "../image/types.ts";
import type { LegacyBuildArgs } from "./build-args.ts";
import { type ExpandResult, expandWord, expandWords, lookupFromEnv } from "./expand.ts";
import type { BuildPlan, Instruction, Stage } from "./instructions.ts";
import type { BuildPorts } from "./ports.ts";
import type { BuilderKind, BuildFailure, BuildKitFlavour, BuildRequest, BuildStep } from "./types.ts";

/** The per-build context. */
export interface BuildContext {
  readonly request: BuildRequest;
  /** The context as the daemon has it (BuildKit: after the incremental transfer). */
  readonly context: DirNode;
  readonly store: ImageStore;
  readonly ports: BuildPorts;
  readonly plan: BuildPlan;
  readonly builder: BuilderKind;
  readonly flavour: BuildKitFlavour;
  readonly dockerfilePath: string;
  readonly steps: BuildStep[];
  readonly diagnostics: Diagnostic[];
  readonly createdImages: Image[];
  readonly createdRecords: BuildKitCacheRecord[];
  /** BuildKit: context paths (relative) that COPY/ADD read, which the client sends ("follow paths"). */
  readonly contextPaths: Set<string>;
  /** BuildKit: images FROM or COPY --from pulled in, whose layers the build cache then records. */
  readonly baseImages: Set<Image>;
  readonly warnings: string[];
  readonly triggers: { stageIndex: number; count: number }[];
  /** Finished stages by index (classic: every stage so far; BuildKit: the ones built). */
  readonly stageResults: Map<number, StageState>;
  /** Legacy: build args of the whole build (meta args, referenced names). */
  readonly legacyArgs: LegacyBuildArgs;
  /** BuildKit: ARGs before FROM with their values (build-arg overrides applied). */
  readonly globalArgs: Map<string, string | undefined>;
  /** Classic `Step n/m`: the running number and the total. */
  classicStep: number;
  readonly classicTotal: number;
  failure?: BuildFailure;
}

/** A stage while it is being built (and, once finished, its result). */
export interface StageState {
  readonly stage: Stage;
  /** Docker's name for the stage in messages: its `AS` name or its index. */
  readonly label: string;
  /** BuildKit's progress label: the `AS` name, `stage-<n>`, or "" for a single-stage build. */
  readonly progressName: string;
  /** The runConfig (classic) / image config (BuildKit) being built. */
  config: ContainerConfig;
  history: HistoryEntry[];
  layers: Layer[];
  /** The union file system after the last step; undefined until someone needs it. */
  rootfs: DirNode | undefined;
  author: string | undefined;
  cmdSet: boolean;
  architecture: string;
  os: string;
  /** Legacy: the image the stage is at (undefined right after `FROM scratch`). */
  image: Image | undefined;
  /** Legacy: a step of this stage missed (C1). */
  busted: boolean;
  args: LegacyBuildArgs;
  /** BuildKit: the definition key of the current LLB state. */
  key: string;
  /** BuildKit: the LLB state's environment (image Env plus ARG values). */
  env: string[];
  user: string;
  cwd: string;
  /** BuildKit: the stage's ARGs in declaration order, with the value each resolved to. */
  buildArgs: { key: string; value: string | undefined }[];
  /** BuildKit `[name i/n]`: vertices so far and the planned total. */
  vertexIndex: number;
  vertexTotal: number;
}

/** What a handler is given for one instruction. */
export interface StepContext<Current extends Instruction = Instruction> {
  readonly build: BuildContext;
  readonly stage: StageState;
  readonly instruction: Current;
  /** Classic `Step 3/7` label (empty for ONBUILD triggers). */
  readonly index: string;
  readonly trigger: boolean;
}

export type StepOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly message: string;
      readonly exitCode?: number;
      readonly name?: DiagnosticName;
      /** What the failing command printed. */
      readonly output?: string;
    };

export const OK: StepOutcome = { ok: true };

/** The failed outcome of a step, worded as the builder prints it. */
export function failStep(
  message: string,
  name: DiagnosticName = "InvalidInstructionArguments",
  exitCode?: number,
): StepOutcome {
  return { ok: false, message, name, ...(exitCode === undefined ? {} : { exitCode }) };
}

/** Milliseconds from the injected clock. */
export function nowMs(build: BuildContext): number {
  return build.request.now.now();
}

/** An empty root directory: `FROM scratch`. */
export function emptyRoot(): DirNode {
  return { kind: "dir", meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 }, children: new Map(), opaque: false };
}

const unionMemo = new WeakMap<Image, DirNode>();

/**
 * The union file system of an image: its parent's union (memoised) plus its own new layers, or
 * all layers stacked when it has no local parent.
 */
export function unionOfImage(ports: BuildPorts, image: Image): DirNode {
  const known = unionMemo.get(image);
  if (known !== undefined) return known;
  const parent = readImageParent(image);
  let union: DirNode;
  let from = 0;
  if (parent !== undefined && isLayerPrefix(parent.layers, image.layers)) {
    union = unionOfImage(ports, parent);
    from = parent.layers.length;
  } else union = emptyRoot();
  for (const layer of image.layers.slice(from)) union = ports.applyChangeset(union, layer.changes);
  unionMemo.set(image, union);
  return union;
}

function isLayerPrefix(prefix: readonly Layer[], layers: readonly Layer[]): boolean {
  return prefix.length <= layers.length && prefix.every((layer, index) => layers[index] === layer);
}

/** The stage's current union file system. */
export function currentRootfs(build: BuildContext, stage: StageState): DirNode {
  if (stage.rootfs === undefined) {
    stage.rootfs = stage.image === undefined ? emptyRoot() : unionOfImage(build.ports, stage.image);
  }
  return stage.rootfs;
}

/** The environment words are expanded against (classic `dispatch`: Env + allowed build args). */
export function expansionEnv(build: BuildContext, stage: StageState): string[] {
  if (build.builder === "classic") {
    const env = stage.config.Env ?? [];
    return [...env, ...stage.args.filterAllowed(env)];
  }
  return stage.env;
}

/** Expands one word of the instruction in the step's environment. */
export function expandInStep(context: StepContext, word: string): ExpandResult {
  const env = expansionEnv(context.build, context.stage);
  return expandWord(word, lookupFromEnv(env), context.build.plan.escapeToken);
}

/** Expands several words; the first failure wins. */
export function expandAll(
  context: StepContext,
  words: readonly string[],
): { ok: true; value: string[] } | { ok: false; message: string } {
  const out: string[] = [];
  for (const word of words) {
    const result = expandInStep(context, word);
    if (!result.ok) return result;
    out.push(result.value);
  }
  return { ok: true, value: out };
}

/** Expands with word splitting (EXPOSE). */
export function expandSplitting(
  context: StepContext,
  words: readonly string[],
): { ok: true; value: string[] } | { ok: false; message: string } {
  const env = expansionEnv(context.build, context.stage);
  const out: string[] = [];
  for (const word of words) {
    const result = expandWords(word, lookupFromEnv(env), context.build.plan.escapeToken);
    if (!result.ok) return result;
    out.push(...result.value);
  }
  return { ok: true, value: out };
}

/** Fields a handler fills in for its step record. */
export type StepFields = Omit<
  BuildStep,
  "stage" | "stageIndex" | "instruction" | "keyword" | "line" | "index" | "trigger" | "output" | "reasons"
> & {
  readonly output?: string;
  readonly index?: string;
  /** The reasons, or a function computing them when first read (explaining a miss can be costly). */
  readonly reasons: readonly Reason[] | (() => readonly Reason[]);
};

/** Records the step a handler performed. */
export function recordStep(context: StepContext, fields: StepFields): BuildStep {
  const { instruction, stage } = context;
  const { reasons, ...rest } = fields;
  const step = {
    stage: stage.label,
    stageIndex: stage.stage.index,
    instruction: instruction.original,
    keyword: instruction.keyword,
    line: instruction.range.start.line,
    ...(instruction.heredocs === undefined ? {} : { lastLine: instruction.heredocs.at(-1)?.lastLine }),
    index: context.index,
    trigger: context.trigger,
    output: "",
    ...rest,
  } as Omit<BuildStep, "reasons"> as BuildStep;
  if (typeof reasons === "function") {
    let computed: readonly Reason[] | undefined;
    Object.defineProperty(step, "reasons", {
      get: () => {
        computed ??= reasons();
        return computed;
      },
      enumerable: true,
    });
  } else Object.defineProperty(step, "reasons", { value: reasons, enumerable: true });
  context.build.steps.push(step);
  return step;
}

/** A diagnostic at an instruction. */
export function diagnosticFor(
  build: BuildContext,
  range: Range,
  name: DiagnosticName,
  message: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic {
  return diagnosticAt(name, severity, message, range.start, build.dockerfilePath);
}

/** A shallow copy of a container config with its lists and maps copied (`copyRunConfig`). */
export function copyConfig(config: ContainerConfig): ContainerConfig {
  const copy: ContainerConfig = { ...config };
  if (config.Env) copy.Env = [...config.Env];
  if (config.Cmd) copy.Cmd = [...config.Cmd];
  if (config.Entrypoint) copy.Entrypoint = [...config.Entrypoint];
  if (config.OnBuild) copy.OnBuild = [...config.OnBuild];
  if (config.Shell) copy.Shell = [...config.Shell];
  if (config.Volumes) copy.Volumes = { ...config.Volumes };
  if (config.ExposedPorts) copy.ExposedPorts = { ...config.ExposedPorts };
  if (config.Labels) copy.Labels = { ...config.Labels };
  if (config.Healthcheck) copy.Healthcheck = { ...config.Healthcheck, Test: [...config.Healthcheck.Test] };
  return copy;
}

/** Sets or replaces `K=v` in an env list, keeping the position of an existing key. */
export function setEnv(env: readonly string[], key: string, value: string): string[] {
  const out = [...env];
  const index = out.findIndex((entry) => (entry.split("=", 1)[0] ?? entry) === key);
  if (index === -1) out.push(`${key}=${value}`);
  else out[index] = `${key}=${value}`;
  return out;
}

/** The architecture a `FROM scratch` stage gets: `--platform`'s (`linux/arm64` → `arm64`), else amd64. */
export function platformArchitecture(build: BuildContext): string {
  const [, architecture] = (build.request.platform ?? "").split("/");
  return architecture === undefined || architecture === "" ? "amd64" : architecture;
}
