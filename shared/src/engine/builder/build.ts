/**
 * `docker build`: a Dockerfile, a build context and a store in; a result out — the image, one
 * record per step with the cache decision and the layer decision and their reasons, diagnostics,
 * and what the build left in the store (legacy intermediate images, BuildKit cache records).
 * Synchronous, and pure apart from the store: time comes from `request.now`.
 */
import { type Diagnostic, diagnosticAt, hasErrors, type Range } from "../../core/diagnostics.ts";
import type { ImageStore } from "../daemon/image-store.ts";
import { INSTRUCTION_KEYWORDS } from "../dockerfile/instructions.ts";
import { isLineParserError } from "../dockerfile/parse.ts";
import { snapshotDiskUsage } from "../fs/disk-usage.ts";
import { createDir, createFile, getNode, setNode } from "../fs/tree.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import { historyTime } from "../image/config-json.ts";
import { goDurationError, parseGoDuration } from "../image/go-format.ts";
import { createImage } from "../image/image.ts";
import type { Image } from "../image/types.ts";
import { LegacyBuildArgs } from "./build-args.ts";
import { runBuildKitBuild } from "./buildkit.ts";
import { normalizeBuildKitHistory } from "./buildkit-vertex.ts";
import { classicStages, classicStepTotal, runClassicBuild } from "./classic.ts";
import { MAX_LAYER_DEPTH } from "./classic-commit.ts";
import { transferContext } from "./context-transfer.ts";
import { defaultPorts } from "./default-ports.ts";
import type { BuildPlan } from "./instructions.ts";
import type { BuildPorts } from "./ports.ts";
import { type BuildContext, copyConfig, nowMs, type StageState } from "./runtime.ts";
import type { BuilderKind, BuildKitFlavour, BuildRequest, BuildResult } from "./types.ts";

/**
 * Builds an image with the classic builder or BuildKit.
 * @param ports the engine modules the builder uses (tests may pass their own)
 * @example buildImage({ dockerfile: "FROM scratch\nCOPY a /a\n", context, builder: "classic", now: clock }, store)
 */
export function buildImage(
  request: BuildRequest,
  store: ImageStore,
  ports: BuildPorts = defaultPorts,
): BuildResult {
  const dockerfilePath = request.dockerfilePath ?? "Dockerfile";
  const parsed = ports.parse(request.dockerfile, dockerfilePath);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const base = {
    builder: request.builder,
    buildkitFlavour: request.buildkitFlavour ?? "current",
    tags: [] as string[],
    warnings: [] as string[],
    createdImages: [] as Image[],
    createdCacheRecords: [],
    triggers: [],
  };
  const flavour = request.buildkitFlavour ?? "current";
  const definitionFailure = (message: string, line?: number, lastLine?: number): BuildResult => ({
    ...base,
    ok: false,
    steps: [],
    diagnostics,
    // Only BuildKit v0.13's output frames the line; the other failures stay as they were.
    failure: {
      kind: "definition",
      message,
      ...(line === undefined || flavour !== "engine-26.1" ? {} : { line }),
      ...(lastLine === undefined || lastLine <= (line ?? 0) || flavour !== "engine-26.1" ? {} : { lastLine }),
    },
    builtStages: [],
  });
  // Docker 20.10: `dockerfile parse error line 3: Unknown flag: x`; 26.1 and later: `… on line 3:
  // unknown flag: x`, with a suggestion for a mistyped instruction.
  const parseError = (line: number, message: string): string =>
    flavour === "engine-26.1"
      ? `dockerfile parse error on line ${line}: ${modernParseMessage(message)}`
      : `dockerfile parse error line ${line}: ${message}`;
  // Unknown flags are checked below against the builder (BuildKit-only flags, Docker 20.10 wording).
  const blocking = diagnostics.filter((diagnostic) => !isUnknownFlagDiagnostic(diagnostic));
  const emptyFile =
    parsed.plan.stages.length === 0 &&
    parsed.plan.metaArgs.length === 0 &&
    !blocking.some(
      (diagnostic) =>
        diagnostic.severity === "error" && diagnostic.message === "no build stage in current context",
    );
  if (emptyFile) {
    const message =
      request.builder === "classic"
        ? `the Dockerfile (${dockerfilePath}) cannot be empty`
        : flavour === "current"
          ? "file with no instructions"
          : "the Dockerfile cannot be empty";
    if (!hasErrors(diagnostics))
      diagnostics.push(
        diagnosticAt("NoFromInstruction", "error", message, { line: 1, column: 1 }, dockerfilePath),
      );
    return definitionFailure(message);
  }
  if (hasErrors(blocking)) {
    const first = blocking.find((diagnostic) => diagnostic.severity === "error");
    if (first?.name === "NoFromInstruction") return definitionFailure(first.message, first.range.start.line);
    const line = first?.range.start.line ?? 1;
    // parser.Parse's own errors carry no line in the message (the legacy builder names the file).
    if (first !== undefined && isLineParserError(first)) {
      const message =
        request.builder === "classic" ? `failed to parse ${dockerfilePath}: ${first.message}` : first.message;
      return definitionFailure(message, line, first.range.end.line);
    }
    return definitionFailure(parseError(line, first?.message ?? "invalid Dockerfile"), line);
  }
  // HEALTHCHECK's durations are parsed with the instruction, before any step runs.
  const badDuration = findBadHealthcheckDuration(parsed.plan);
  if (badDuration !== undefined) {
    return definitionFailure(
      parseError(badDuration.line, goDurationError(badDuration.value)),
      badDuration.line,
    );
  }
  const unknownFlag = findUnknownFlag(parsed.plan, request.builder, flavour);
  if (unknownFlag !== undefined) {
    const message = `Unknown flag: ${unknownFlag.flag}`;
    diagnostics.push(diagnosticAt("InvalidFlag", "error", message, unknownFlag.range.start, dockerfilePath));
    return definitionFailure(parseError(unknownFlag.range.start.line, message), unknownFlag.range.start.line);
  }
  const stages =
    request.builder === "classic" ? classicStages(parsed.plan.stages, request.target) : parsed.plan.stages;
  if (stages === undefined) {
    const message =
      flavour === "engine-26.1"
        ? `target stage "${request.target ?? ""}" could not be found`
        : `failed to reach build target ${request.target ?? ""} in Dockerfile`;
    diagnostics.push(diagnosticAt("UnknownStage", "error", message, { line: 1, column: 1 }, dockerfilePath));
    return definitionFailure(message);
  }
  let context = request.context;
  if (request.builder === "buildkit") {
    context = transferContext(store.transferredContext(), request.context);
    store.rememberTransferredContext(context);
  }
  const build: BuildContext = {
    request,
    context,
    store,
    ports,
    plan: parsed.plan,
    builder: request.builder,
    flavour,
    dockerfilePath,
    steps: [],
    diagnostics,
    createdImages: [],
    createdRecords: [],
    contextPaths: new Set(),
    baseImages: new Set(),
    warnings: [],
    triggers: [],
    stageResults: new Map(),
    legacyArgs: new LegacyBuildArgs(request.buildArgs ?? {}),
    globalArgs: new Map(),
    classicStep: 0,
    classicTotal: classicStepTotal(stages, parsed.plan.metaArgs.length),
  };
  const last = request.builder === "classic" ? runClassicBuild(build, stages) : runBuildKitBuild(build);
  if (request.builder === "buildkit") recordBuildSession(build);
  let image: Image | undefined;
  if (
    last !== undefined &&
    build.failure === undefined &&
    request.builder === "buildkit" &&
    last.layers.length > MAX_LAYER_DEPTH
  ) {
    // L10: the exporter registers the layers in the daemon's layer store, which stops at 125.
    build.failure = { kind: "step", message: "failed to export image: max depth exceeded" };
    diagnostics.push(
      diagnosticAt(
        "MaxDepthExceeded",
        "error",
        build.failure.message,
        { line: 1, column: 1 },
        dockerfilePath,
      ),
    );
  }
  if (last !== undefined && build.failure === undefined) {
    image = request.builder === "classic" ? last.image : exportBuildKitImage(build, last);
    if (image !== undefined && request.builder === "buildkit") markExportedRecords(build, image);
    if (image === undefined)
      build.failure = { kind: "step", message: "No image was generated. Is your Dockerfile empty?" };
  }
  const tags: string[] = [];
  if (image !== undefined && build.failure === undefined) {
    for (const tag of request.tags ?? []) {
      const normalised = store.tagImage(image, tag);
      if (normalised !== undefined) tags.push(normalised);
      else
        diagnostics.push(
          diagnosticAt("InvalidBuildArgument", "error", `invalid reference format: ${tag}`, {
            line: 1,
            column: 1,
          }),
        );
    }
  }
  for (const warning of build.warnings) {
    diagnostics.push(
      diagnosticAt("InvalidBuildArgument", "warning", warning, { line: 1, column: 1 }, dockerfilePath),
    );
  }
  const ok = build.failure === undefined && image !== undefined;
  return {
    ok,
    builder: request.builder,
    buildkitFlavour: flavour,
    ...(ok && image !== undefined ? { image } : {}),
    tags,
    steps: build.steps,
    diagnostics,
    ...(build.failure === undefined ? {} : { failure: build.failure }),
    warnings: build.warnings,
    createdImages: build.createdImages,
    createdCacheRecords: build.createdRecords,
    builtStages: [...build.stageResults.values()].map((state) => state.label),
    triggers: build.triggers,
  };
}

/** BuildKit's image exporter: the target stage's config, history and layers as one image. */
function exportBuildKitImage(build: BuildContext, state: StageState): Image {
  const history = normalizeBuildKitHistory(state.history, historyTime(nowMs(build)));
  const created = history.at(-1)?.created ?? historyTime(nowMs(build));
  const image = createImage({
    format: "oci",
    origin: "buildkit-build",
    layers: state.layers,
    document: {
      architecture: state.architecture,
      os: state.os,
      created,
      ...(state.author === undefined ? {} : { author: state.author }),
      config: copyConfig(state.config),
      history,
    },
    // On the containerd image store the ID is the digest of the image index BuildKit exports with
    // a provenance attestation, which records when the build ran: every build gets a new ID.
    ...(build.request.imageStore === "containerd"
      ? { indexNonce: `buildkit-provenance:${nowMs(build)}:${build.request.session ?? ""}` }
      : {}),
  });
  return build.store.addImage(image, { createdMs: Date.parse(created) });
}

/** The flags Docker's instruction parser accepts (20.10's vendored BuildKit parser; `--link` is newer). */
function allowedFlags(keyword: string, builder: BuilderKind, flavour: BuildKitFlavour): readonly string[] {
  const current = builder === "buildkit" && flavour !== "engine-20.10";
  // Docker 26.1's legacy builder parses `--link` (and ignores it).
  const link = current || flavour === "engine-26.1";
  switch (keyword) {
    case "FROM":
      return ["platform"];
    case "RUN":
      return ["mount", "network", "security"];
    case "COPY":
      return ["from", "chown", "chmod", ...(link ? ["link"] : [])];
    case "ADD":
      return ["chown", "chmod", ...(link ? ["link"] : [])];
    case "HEALTHCHECK":
      return ["interval", "timeout", "start-period", "retries", ...(current ? ["start-interval"] : [])];
    default:
      return [];
  }
}

function isUnknownFlagDiagnostic(diagnostic: Diagnostic): boolean {
  return diagnostic.name === "InvalidFlag" && /^unknown flag/i.test(diagnostic.message);
}

/** The first flag an instruction does not accept (a parse error: no step runs). */
function findUnknownFlag(
  plan: BuildPlan,
  builder: BuilderKind,
  flavour: BuildKitFlavour,
): { flag: string; range: Range } | undefined {
  for (const stage of plan.stages) {
    for (const flag of Object.keys(stage.from.platform === undefined ? {} : { platform: true })) {
      if (!allowedFlags("FROM", builder, flavour).includes(flag)) return { flag, range: stage.from.range };
    }
    for (const instruction of stage.instructions) {
      const allowed = allowedFlags(instruction.keyword, builder, flavour);
      const unknown = Object.keys(instruction.flags).find((flag) => !allowed.includes(flag));
      if (unknown !== undefined) return { flag: unknown, range: instruction.range };
    }
  }
  return undefined;
}

/** The step records whose layers the exported image holds (their chains are its layers' prefixes). */
function markExportedRecords(build: BuildContext, image: Image): void {
  const cache = build.store.buildkitCache;
  for (const record of cache.list()) {
    if (record.snapshot.length > image.layers.length) continue;
    if (record.snapshot.every((layer, index) => image.layers[index] === layer)) cache.markExported(record);
  }
}

/**
 * The build cache records a BuildKit build uses besides its steps' (Docker 20.10, checked against
 * the daemon: transcript build-cache-usage): one per layer of each image it pulled in, and the
 * session's local sources — the Dockerfile, the .dockerignore (0 B when there is none) and, once a
 * COPY/ADD reads the context, the files it read. A later build from the same directory reuses them.
 */
function recordBuildSession(build: BuildContext): void {
  const cache = build.store.buildkitCache;
  const now = nowMs(build);
  for (const image of build.baseImages) {
    image.layers.forEach((_layer, index) => {
      const snapshot = image.layers.slice(0, index + 1);
      cache.useOtherRecord(
        {
          key: `base:${snapshot.map((layer) => layer.diffId).join(",")}`,
          type: "regular",
          description: `pulled layer ${index + 1} of ${image.layers.length}`,
          size: 0,
          snapshot,
        },
        now,
      );
    });
  }
  const session = build.request.session ?? "context";
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  // On the containerd image store a source is a snapshot: its directories and files in blocks.
  const onContainerd = build.request.imageStore === "containerd";
  const local = (name: string, description: string, size: number, files: () => DirNode) =>
    cache.useOtherRecord(
      {
        key: `local:${session}:${name}`,
        type: "source.local",
        description,
        size,
        ...(onContainerd ? { diskUsage: snapshotDiskUsage(files()) } : {}),
      },
      now,
    );
  // Inode 0: a throwaway tree, measured once, that must not take inodes from the daemon's counter.
  const oneFile = (name: string, text: string) => () => setNode(createDir(), name, createFile(text, {}, 0));
  local(
    "dockerfile",
    "local source for dockerfile",
    bytes(build.request.dockerfile),
    oneFile("Dockerfile", build.request.dockerfile),
  );
  const ignore = build.request.dockerignore ?? "";
  local("dockerignore", "local source for dockerignore", bytes(ignore), oneFile(".dockerignore", ignore));
  if (build.contextPaths.size > 0) {
    local("context", "local source for context", followedBytes(build.context, build.contextPaths), () =>
      followedTree(build.context, build.contextPaths),
    );
  }
}

/** The context files under the given paths (with their parent directories), as the source's snapshot holds them. */
function followedTree(context: DirNode, paths: ReadonlySet<string>): DirNode {
  let tree = createDir();
  for (const path of paths) {
    if (path === "") return context;
    const node = getNode(context, path);
    if (node !== undefined) tree = setNode(tree, path, node);
  }
  return tree;
}

/** Bytes of the regular files under the given context paths, each file counted once. */
function followedBytes(context: DirNode, paths: ReadonlySet<string>): number {
  const seen = new Set<string>();
  let total = 0;
  const visit = (node: FsNode | undefined, path: string) => {
    if (node === undefined || seen.has(path)) return;
    seen.add(path);
    if (node.kind === "file") total += node.content.size;
    else if (node.kind === "dir") {
      for (const [name, child] of node.children) visit(child, path === "" ? name : `${path}/${name}`);
    }
  };
  for (const path of paths) visit(path === "" ? context : getNode(context, path), path);
  return total;
}

/**
 * A parse message as BuildKit v0.13 words it: lower-case `unknown flag`, and `unknown instruction:
 * FOO (did you mean FROM?)` when a keyword is within two edits (case-insensitive, BuildKit's
 * `suggest.Search`).
 */
function modernParseMessage(message: string): string {
  const flag = /^Unknown flag: (.*)$/.exec(message);
  if (flag !== null) return `unknown flag: ${flag[1]}`;
  const instruction = /^unknown instruction: (\S+)$/.exec(message);
  if (instruction === null) return message;
  const word = (instruction[1] ?? "").toUpperCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const keyword of INSTRUCTION_KEYWORDS) {
    const distance = editDistance(word, keyword);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = keyword;
    }
  }
  return best === undefined ? message : `${message} (did you mean ${best}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The first HEALTHCHECK duration flag Go's time.ParseDuration refuses, with its line. */
function findBadHealthcheckDuration(plan: BuildPlan): { line: number; value: string } | undefined {
  for (const stage of plan.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== "HEALTHCHECK") continue;
      for (const name of ["interval", "timeout", "start-period", "start-interval"]) {
        const value = instruction.flags[name];
        if (value !== undefined && value !== "" && parseGoDuration(value) === undefined)
          return { line: instruction.range.start.line, value };
      }
    }
  }
  return undefined;
}
