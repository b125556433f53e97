/**
 * The playground's model: a Dockerfile and context files built by the engine in the browser, with
 * the cache decision and its reason for every step, the layers, the union view as a tree, and a
 * container run with its writable layer and `docker diff`. The state is shareable in the URL hash.
 * A session simulates the learner's Docker: its build output, history sizes, image and container
 * sizes are that profile's (the containerd image store counts snapshot disk usage).
 */
import { createSimulatedClock, type DockerProfile, formatDiagnostic } from "@layercake/shared/core";
import {
  type BuildResult,
  contextFromFiles,
  DEFAULT_LEARNER_PROFILE,
  type DockerSession,
  explainContainerPath,
  historyLayerSize,
  historyWithLayers,
  type Image,
  learnerProfile,
  listedImageSize,
  listingSize,
  openDockerSession,
  prepareContext,
  renderBuildOutput,
  stackLayers,
  walkTree,
} from "@layercake/shared/engine";
import type { PlaygroundState } from "./playground-state.ts";
import { type ReasonView, viewReason } from "./rule-lessons.ts";

export { DEFAULT_STATE, decodeState, encodeState, type PlaygroundState } from "./playground-state.ts";

export interface StepView {
  instruction: string;
  cache: "hit" | "miss" | "n/a";
  layer: "layer" | "history only" | "nothing";
  size?: string;
  reasons: ReasonView[];
}

export interface BuildView {
  ok: boolean;
  /** The Docker the build ran on ("Docker 26.1 (containerd image store)"). */
  docker: string;
  builder: PlaygroundState["builder"];
  output: string;
  steps: StepView[];
  problems: string[];
  layers: Array<{ createdBy: string; size: string; empty: boolean }>;
  imageSize?: string;
  /** The image size in bytes (what `docker images` rounds into SIZE). */
  imageBytes?: number;
  tree: string[];
}

export interface RunView {
  exitCode: number;
  output: string;
  diff: string[];
  reasons: ReasonView[];
  sizeRw: string;
  virtualSize: string;
}

export interface PlaygroundSession {
  profile: DockerProfile;
  docker: DockerSession;
  now: ReturnType<typeof createSimulatedClock>;
  image?: Image;
  /** mtimes of context files, so an edit looks like an edit (BuildKit compares size and mtime). */
  mtimes: Map<string, { content: string; mtime: number }>;
  runs: number;
}

const START = Date.UTC(2026, 0, 1);
const MAX_TREE_LINES = 400;

/** A fresh session on the Docker of `profile` (the learner's; the default learner profile if none). */
export function createPlaygroundSession(profile: DockerProfile = DEFAULT_LEARNER_PROFILE): PlaygroundSession {
  const now = createSimulatedClock(START, 1000);
  return {
    profile,
    docker: openDockerSession({
      clock: now,
      profile: learnerProfile(profile).daemon,
      seed: "playground",
      pulled: [],
    }),
    now,
    mtimes: new Map(),
    runs: 0,
  };
}

/**
 * The context `docker build .` would send: the files and the Dockerfile itself (so `COPY .` sees
 * a Dockerfile edit), filtered by a `.dockerignore` among the files.
 */
function contextOf(session: PlaygroundSession, state: PlaygroundState) {
  const stamp = Math.floor(session.now.now() / 1000);
  const entries: Record<string, { content: string; mtime: number }> = {};
  for (const [path, content] of Object.entries({ Dockerfile: state.dockerfile, ...state.files })) {
    const known = session.mtimes.get(path);
    const mtime = known && known.content === content ? known.mtime : stamp;
    session.mtimes.set(path, { content, mtime });
    entries[path] = { content, mtime };
  }
  return prepareContext(contextFromFiles(entries));
}

/** The union view of an image as an indented tree (`/app/`, `  built`, …). */
export function renderTree(image: Image): string[] {
  const view = stackLayers(image.layers.map((layer) => layer.changes)).at(-1);
  if (!view) return [];
  const lines: string[] = [];
  let total = 0;
  for (const entry of walkTree(view)) {
    total += 1;
    if (lines.length >= MAX_TREE_LINES) continue;
    const depth = entry.path.split("/").length - 2;
    const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
    const suffix =
      entry.node.kind === "dir" ? "/" : entry.node.kind === "symlink" ? ` -> ${entry.node.target}` : "";
    lines.push(`${"  ".repeat(depth)}${name}${suffix}`);
  }
  if (total > lines.length) lines.push(`… and ${total - lines.length} more entries`);
  return lines;
}

function viewSteps(result: BuildResult): StepView[] {
  return result.steps.map((step) => ({
    instruction: step.instruction,
    cache: step.cache === "not-applicable" ? "n/a" : step.cache,
    layer: step.layer === "history-only" ? "history only" : step.layer,
    ...(step.diff ? { size: listingSize(step.diff.size) } : {}),
    reasons: [...step.reasons, ...step.layerReasons].map((reason) => viewReason(reason.message, reason.rule)),
  }));
}

/** SIZE of `image` as the session's `docker image inspect` (and so `docker images`) gives it. */
/** Builds `state` in the session; a second build of an edited state shows the cache at work. */
export function buildPlayground(session: PlaygroundSession, state: PlaygroundState): BuildView {
  const { context, diagnostics } = contextOf(session, state);
  if (diagnostics.length > 0) {
    const problems = diagnostics.map(formatDiagnostic);
    return {
      ok: false,
      docker: session.docker.profile.name,
      builder: state.builder,
      output: "",
      steps: [],
      problems,
      layers: [],
      tree: [],
    };
  }
  const result = session.docker.build({
    dockerfile: state.dockerfile,
    context,
    builder: state.builder,
    tags: ["playground:latest"],
  });
  const output = renderBuildOutput(result, context);
  const base = {
    docker: session.docker.profile.name,
    builder: state.builder,
    output: output.stdout + output.stderr,
    steps: viewSteps(result),
    problems: result.diagnostics.map(formatDiagnostic),
  };
  if (!result.ok || !result.image) return { ...base, ok: false, layers: [], tree: [] };
  session.image = result.image;
  // Sizes as the profile's docker history and docker images give them (snapshot disk usage on
  // the containerd image store, the layer's bytes on overlay2).
  const layerSize = historyLayerSize(session.docker.profile);
  const layers = historyWithLayers(result.image).map(({ entry, layer }) => ({
    createdBy: entry.created_by ?? "",
    size: entry.empty_layer ? "no layer" : listingSize(layer === undefined ? 0 : layerSize(layer)),
    empty: entry.empty_layer === true,
  }));
  // SIZE as `docker images` shows it: on the containerd store the compressed content plus the
  // unpacked snapshots (inspect's .Size there counts the compressed content only, in which a
  // deleted-later file of zeros nearly vanishes).
  const bytes = listedImageSize(session.docker.profile, result.image);
  return {
    ...base,
    ok: true,
    layers: layers.reverse(),
    imageSize: listingSize(bytes),
    imageBytes: bytes,
    tree: renderTree(result.image),
  };
}

/** Runs `command` with `sh -c` in a new container of the last image built. */
export function runPlayground(session: PlaygroundSession, command: string): RunView | { problem: string } {
  if (!session.image) return { problem: "Build the image first." };
  session.runs += 1;
  const result = session.docker.runContainer(session.image, {
    id: `${session.runs.toString(16).padStart(4, "0")}${"c0ffee".repeat(10)}`,
    ...(command.trim() === "" ? {} : { command }),
    at: session.now.now(),
  });
  // The session sizes the container as its profile's `docker ps -s` does.
  const { diff, size } = result;
  return {
    exitCode: result.exitCode,
    output: result.stdout + result.stderr,
    diff: diff.map((entry) => `${entry.kind} ${entry.path}`),
    reasons: [
      ...result.reasons,
      ...diff.flatMap((entry) => explainContainerPath(result.container, entry.path)),
    ].map((reason) => viewReason(reason.message, reason.rule)),
    sizeRw: listingSize(size.sizeRw),
    virtualSize: listingSize(size.sizeRootFs),
  };
}
