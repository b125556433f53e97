/**
 * Replays a transcript against a Docker daemon through its CLI and records normalised
 * observations. Before each run the daemon is reset to "tiny:1 only" (all containers, other images,
 * volumes and the BuildKit cache removed), so that every run starts from the same state.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { gunzipSync } from "node:zlib";
import { unpackTar } from "modern-tar";
import type { DockerEndpoint } from "./docker-endpoint.ts";
import { textOf } from "./docker-endpoint.ts";
import type {
  BuildObservation,
  ConfigHistoryObservation,
  ContainerRowObservation,
  DfObservation,
  ImageRowObservation,
  LayerEntry,
  LayerObservation,
} from "./observations.ts";
import {
  canonicalImageId,
  formatLayerEntry,
  IdMasker,
  labelDiffId,
  maskBuildKitRefs,
  normaliseConfig,
  normaliseContainerStatus,
  parseCacheObservation,
  splitLines,
} from "./observations.ts";
import { listStageNames, parseBuildKitOutput, parseClassicBuildOutput } from "./parse-build-output.ts";
import {
  type CommandText,
  ContextEdits,
  commandObservation,
  commitObservation,
  compareStrings,
  diffObservation,
  HISTORY_ARGV,
  historyObservation,
  runStep,
  type StepResult,
  type StepSide,
  statusObservation,
  TranscriptRecorder,
  writeContext,
} from "./steps.ts";
import type { Builder, Step, Transcript, Variant } from "./transcript.ts";

/** The base image every transcript builds on (created by .ci/docker-setup.sh). */
export const BASE_IMAGE = "tiny:1";

/** mtime of every context file when the transcript starts; `touch` edits add one day each. */

import type { TranscriptRun } from "./steps.ts";

export type { TranscriptRun };

interface BaseImage {
  readonly id: string;
  readonly diffId: string;
}

/**
 * Runs one variant of a transcript. The daemon is reset first; the build context lives in a fresh
 * temporary directory that is removed afterwards.
 */
export async function runTranscript(
  transcript: Transcript,
  variant: Variant,
  docker: DockerEndpoint,
): Promise<TranscriptRun> {
  const recorder = new TranscriptRecorder(transcript, variant, docker.facts.profile);
  const base = await resetDaemon(docker);
  const workDir = mkdtempSync(join(tmpdir(), `layercake-${transcript.name}-`));
  const contextDir = join(workDir, "context");
  try {
    writeContext(contextDir, transcript.context);
    const runner = new StepRunner(docker, contextDir, workDir, base, variant);
    for (const [index, step] of transcript.steps.entries()) {
      let outcome: StepResult | { error: unknown };
      try {
        outcome = await runner.run(step);
      } catch (error) {
        outcome = { error };
      }
      if (!recorder.record(index, step, outcome)) break;
    }
    return recorder.finish(base.id);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Removes every container, volume, image other than tiny:1 and the build cache; returns tiny:1. */
export async function resetDaemon(docker: DockerEndpoint): Promise<BaseImage> {
  const containers = splitLines(textOf((await docker.cli(["ps", "-aq"])).stdout));
  if (containers.length > 0) await docker.cli(["rm", "-f", "-v", ...containers]);
  const base = await inspectBase(docker);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const ids = splitLines(textOf((await docker.cli(["images", "-aq", "--no-trunc"])).stdout));
    const others = [...new Set(ids)].filter((id) => id !== base.id);
    if (others.length === 0) break;
    await docker.cli(["rmi", "-f", ...others]);
  }
  await docker.cli(["builder", "prune", "-af"]);
  await docker.cli(["volume", "prune", "-f"]);
  return base;
}

async function inspectBase(docker: DockerEndpoint): Promise<BaseImage> {
  const result = await docker.cli([
    "image",
    "inspect",
    "--format",
    "{{.Id}} {{index .RootFS.Layers 0}}",
    BASE_IMAGE,
  ]);
  if (result.exitCode !== 0) {
    throw new Error(
      `${BASE_IMAGE} is missing; run .ci/docker-setup.sh first (${textOf(result.stderr).trim()})`,
    );
  }
  const [id = "", diffId = ""] = textOf(result.stdout).trim().split(" ");
  return { id, diffId };
}

interface SavedImage {
  readonly config: {
    readonly history?: readonly {
      created_by?: string;
      comment?: string;
      author?: string;
      empty_layer?: boolean;
    }[];
    readonly rootfs: { readonly diff_ids: readonly string[] };
  };
  readonly layers: readonly (readonly LayerEntry[])[];
}

class StepRunner {
  readonly #docker: DockerEndpoint;
  readonly #contextDir: string;
  readonly #workDir: string;
  readonly #base: BaseImage;
  readonly #variant: Variant;
  readonly #masker: IdMasker;
  readonly #edits: ContextEdits;

  constructor(
    docker: DockerEndpoint,
    contextDir: string,
    workDir: string,
    base: BaseImage,
    variant: Variant,
  ) {
    this.#docker = docker;
    this.#contextDir = contextDir;
    this.#workDir = workDir;
    this.#base = base;
    this.#variant = variant;
    this.#masker = new IdMasker();
    this.#masker.register([base.id]);
    this.#edits = new ContextEdits(contextDir, { owners: true });
  }

  async run(step: Step): Promise<StepResult> {
    return runStep(this.#side, step);
  }

  readonly #side: StepSide<Promise<StepResult>> = {
    edit: (step) => this.#edits.apply(step),
    build: (step) => this.#build(step.builder ?? this.#builderOfVariant(), step),
    command: (kind, argv) => this.#command(kind, argv),
    status: async (kind, argv) => statusObservation(kind, await this.#cli(argv), this.#masker),
    diff: async (argv) => diffObservation(await this.#cli(argv)),
    commit: async (argv) => commitObservation(await this.#cli(argv), this.#masker),
    history: (image) => this.#history(image),
    inspect: (image) => this.#inspect(image),
    layers: (image) => this.#layers(image),
    ps: () => this.#ps(),
    images: (all) => this.#images(all),
    df: () => this.#df(),
    cache: async () => {
      const verbose = textOf((await this.#docker.cli(["system", "df", "-v"])).stdout);
      const summary = textOf((await this.#docker.cli(["system", "df"])).stdout);
      return { observation: parseCacheObservation(verbose, summary), failed: false };
    },
  };

  #builderOfVariant(): Builder {
    if (this.#variant === "none")
      throw new Error("a build step without a builder in a transcript run as 'none'");
    return this.#variant;
  }

  async #refreshKnownImages(): Promise<void> {
    const result = await this.#docker.cli(["images", "-aq", "--no-trunc"]);
    this.#masker.register(splitLines(textOf(result.stdout)));
  }

  #mask(lines: readonly string[]): string[] {
    return lines.map((line) => this.#masker.maskText(line));
  }

  async #build(builder: Builder, step: Extract<Step, { kind: "build" }>): Promise<StepResult> {
    const iidFile = join(this.#workDir, "iid");
    rmSync(iidFile, { force: true });
    const dockerfilePath = join(this.#contextDir, step.file ?? "Dockerfile");
    const dockerfile = existsSync(dockerfilePath) ? readFileSync(dockerfilePath, "utf8") : "";
    const args = [
      "build",
      ...(builder === "buildkit" ? ["--progress=plain", "--network=none"] : []),
      "--iidfile",
      iidFile,
      ...(step.tag === undefined ? [] : ["-t", step.tag]),
      ...(step.file === undefined ? [] : ["-f", step.file]),
      ...(step.args ?? []),
      ".",
    ];
    const result = await this.#docker.cli(args, {
      cwd: this.#contextDir,
      env: { DOCKER_BUILDKIT: builder === "buildkit" ? "1" : "0" },
    });
    await this.#refreshKnownImages();
    const stdout = textOf(result.stdout);
    const stderr = textOf(result.stderr);
    let observation: BuildObservation;
    if (builder === "classic") {
      const { steps, triggers, warnings } = parseClassicBuildOutput(stdout, result.exitCode, this.#masker);
      const messages = this.#mask([...warnings, ...splitLines(stderr)]);
      observation = {
        kind: "build",
        builder,
        exitCode: result.exitCode,
        steps: steps.map((item) => ({
          ...item,
          ...(item.output ? { output: this.#mask(item.output) } : {}),
        })),
        ...(triggers.length === 0 ? {} : { triggers }),
        ...(messages.length === 0 ? {} : { messages }),
      };
    } else {
      const { steps, error } = parseBuildKitOutput(stderr, listStageNames(dockerfile));
      const messages = this.#mask(error).map(maskBuildKitRefs);
      observation = {
        kind: "build",
        builder,
        exitCode: result.exitCode,
        steps: steps.map((item) => ({
          ...item,
          ...(item.output ? { output: this.#mask(item.output) } : {}),
        })),
        ...(messages.length === 0 ? {} : { messages }),
      };
    }
    if (result.exitCode === 0 && existsSync(iidFile)) {
      observation = { ...observation, image: canonicalImageId(readFileSync(iidFile, "utf8").trim()) };
    }
    return { observation: orderBuildObservation(observation), failed: result.exitCode !== 0 };
  }

  /** A command whose whole output is the observation (IDs masked), failing with its exit code. */
  /** The daemon's CLI, its output as text. */
  async #cli(args: readonly string[]): Promise<CommandText> {
    const result = await this.#docker.cli(args);
    return { exitCode: result.exitCode, stdout: textOf(result.stdout), stderr: textOf(result.stderr) };
  }

  async #command(
    kind: "run" | "start" | "exec" | "format" | "prune" | "rmi",
    args: readonly string[],
  ): Promise<StepResult> {
    // Known before (what rmi and prune delete) and after (what run and commit create).
    await this.#refreshKnownImages();
    const result = await this.#cli(args);
    await this.#refreshKnownImages();
    // The 20.10 CLI sometimes (racily) logs this after a container failed to start.
    const stderr = splitLines(result.stderr).filter(
      (line) => !/^time="[^"]*" level=error msg="error waiting for container: context canceled"$/.test(line),
    );
    return commandObservation(kind, result, this.#masker, stderr);
  }

  async #history(image: string): Promise<StepResult> {
    const result = await this.#docker.cli([...HISTORY_ARGV, image]);
    if (result.exitCode !== 0) throw new Error(`docker history ${image}: ${textOf(result.stderr)}`);
    return historyObservation(
      { ...result, stdout: textOf(result.stdout), stderr: textOf(result.stderr) },
      this.#masker,
    );
  }

  async #inspect(image: string): Promise<StepResult> {
    const result = await this.#docker.cli(["image", "inspect", image]);
    if (result.exitCode !== 0) throw new Error(`docker image inspect ${image}: ${textOf(result.stderr)}`);
    const [document] = JSON.parse(textOf(result.stdout)) as {
      Id: string;
      Size: number;
      Author: string;
      RootFS: { Layers?: string[] };
      Config: Record<string, unknown> | null;
    }[];
    if (document === undefined) throw new Error(`docker image inspect ${image}: no document`);
    const saved = await this.#save(image);
    const history: ConfigHistoryObservation[] = (saved.config.history ?? []).map((item) => ({
      createdBy: this.#masker.maskText(item.created_by ?? ""),
      emptyLayer: item.empty_layer === true,
      ...(item.comment === undefined || item.comment === ""
        ? {}
        : { comment: this.#masker.maskText(item.comment) }),
      ...(item.author === undefined || item.author === "" ? {} : { author: item.author }),
    }));
    return {
      observation: {
        kind: "inspect",
        image: canonicalImageId(document.Id),
        size: document.Size,
        ...(document.Author === "" ? {} : { author: document.Author }),
        diffIds: (document.RootFS.Layers ?? []).map((diffId) => labelDiffId(diffId, this.#base.diffId)),
        config: normaliseConfig(document.Config),
        history,
      },
      failed: false,
    };
  }

  async #layers(image: string): Promise<StepResult> {
    const saved = await this.#save(image);
    const layers: LayerObservation[] = saved.config.rootfs.diff_ids.map((diffId, index) => {
      const label = labelDiffId(diffId, this.#base.diffId);
      if (label === "<tiny:1>") return { diffId: label };
      const entries = (saved.layers[index] ?? [])
        .map((entry) => formatLayerEntry(entry))
        .sort((a, b) => compareStrings(pathOfEntry(a), pathOfEntry(b)));
      return { diffId: label, entries };
    });
    return { observation: { kind: "layers", layers }, failed: false };
  }

  async #save(image: string): Promise<SavedImage> {
    const result = await this.#docker.cli(["save", image]);
    if (result.exitCode !== 0) throw new Error(`docker save ${image}: ${textOf(result.stderr)}`);
    const files = new Map<string, Uint8Array>();
    const links = new Map<string, string>();
    for (const entry of await unpackTar(result.stdout)) {
      if (entry.header.type === "symlink" && entry.header.linkname !== undefined) {
        // docker save stores a layer that appears twice once and links the second to the first.
        links.set(entry.header.name, posix.join(posix.dirname(entry.header.name), entry.header.linkname));
      } else if (entry.data !== undefined) files.set(entry.header.name, entry.data);
    }
    for (const [name, target] of links) {
      const data = files.get(target);
      if (data !== undefined) files.set(name, data);
    }
    const manifestBytes = files.get("manifest.json");
    if (manifestBytes === undefined) throw new Error(`docker save ${image}: no manifest.json`);
    const [manifest] = JSON.parse(textOf(manifestBytes)) as { Config: string; Layers: string[] }[];
    const configBytes = manifest === undefined ? undefined : files.get(manifest.Config);
    if (manifest === undefined || configBytes === undefined)
      throw new Error(`docker save ${image}: no config`);
    const layers: LayerEntry[][] = [];
    for (const layerPath of manifest.Layers) {
      const blob = files.get(layerPath);
      if (blob === undefined) throw new Error(`docker save ${image}: missing ${layerPath}`);
      // The containerd image store saves layers as stored: gzip-compressed when BuildKit built them.
      const tar = isGzip(blob) ? new Uint8Array(gunzipSync(blob)) : blob;
      layers.push((await unpackTar(tar)).map((entry) => toLayerEntry(entry.header)));
    }
    return { config: JSON.parse(textOf(configBytes)) as SavedImage["config"], layers };
  }

  async #ps(): Promise<StepResult> {
    const result = await this.#docker.cli(["ps", "-a", "-s", "--format", "{{json .}}"]);
    const rows: ContainerRowObservation[] = [];
    for (const line of splitLines(textOf(result.stdout))) {
      const row = JSON.parse(line) as { Names: string; Image: string; Status: string; Size: string };
      const sizes = await this.#containerSizes(row.Names);
      rows.push({
        name: row.Names,
        image: this.#masker.maskText(row.Image),
        status: normaliseContainerStatus(row.Status),
        ...sizes,
        sizeText: row.Size,
      });
    }
    rows.sort((a, b) => compareStrings(a.name, b.name));
    return { observation: { kind: "ps", containers: rows }, failed: false };
  }

  async #containerSizes(name: string): Promise<{ sizeRw: number; sizeRootFs: number }> {
    const result = await this.#docker.cli([
      "container",
      "inspect",
      "--size",
      "--format",
      "{{.SizeRw}} {{.SizeRootFs}}",
      name,
    ]);
    const [sizeRw = "0", sizeRootFs = "0"] = textOf(result.stdout).trim().split(" ");
    return { sizeRw: Number(sizeRw), sizeRootFs: Number(sizeRootFs) };
  }

  async #images(all: boolean): Promise<StepResult> {
    const result = await this.#docker.cli([
      "images",
      ...(all ? ["-a"] : []),
      "--no-trunc",
      "--format",
      "{{json .}}",
    ]);
    const rows: (ImageRowObservation & { created: string })[] = [];
    for (const line of splitLines(textOf(result.stdout))) {
      const row = JSON.parse(line) as { Repository: string; Tag: string; ID: string };
      const { size, created } = await this.#imageFacts(row.ID);
      rows.push({ repository: row.Repository, tag: row.Tag, image: canonicalImageId(row.ID), size, created });
    }
    return { observation: { kind: "images", images: sortByNameThenAge(rows) }, failed: false };
  }

  /** Size and creation time (RFC 3339 with nanoseconds) of an image. */
  async #imageFacts(id: string): Promise<{ size: number; created: string }> {
    const result = await this.#docker.cli(["image", "inspect", "--format", "{{.Size}} {{.Created}}", id]);
    const [size = "0", created = ""] = textOf(result.stdout).trim().split(" ");
    // RFC 3339 with trailing zeros of the fraction trimmed: pad so that strings sort by time.
    const sortable = created.replace(
      /(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/,
      (_m, time: string, fraction = "") => `${time}.${fraction.padEnd(9, "0")}Z`,
    );
    return { size: Number(size), created: sortable };
  }

  async #df(): Promise<StepResult> {
    const cli = await this.#docker.cli(["system", "df", "-v", "--format", "{{json .}}"]);
    const text = JSON.parse(textOf(cli.stdout)) as {
      Images: { ID: string; Size: string; SharedSize: string; UniqueSize: string }[];
      Containers: { Names: string; Size: string }[];
    };
    const api = (await this.#docker.api("/system/df")) as {
      Images: {
        Id: string;
        RepoTags: string[] | null;
        Size: number;
        SharedSize: number;
        Containers: number;
      }[];
      Containers: { Names: string[]; SizeRw?: number }[];
    };
    const images: (DfObservation["images"][number] & { created: string })[] = [];
    for (const image of api.Images) {
      const printed = text.Images.find((row) => row.ID === image.Id);
      const { created } = await this.#imageFacts(image.Id);
      const tags =
        image.RepoTags === null || image.RepoTags.length === 0 ? ["<none>:<none>"] : image.RepoTags;
      for (const repoTag of tags) {
        const separator = repoTag.lastIndexOf(":");
        images.push({
          repository: repoTag.slice(0, separator),
          tag: repoTag.slice(separator + 1),
          image: canonicalImageId(image.Id),
          size: image.Size,
          sharedSize: image.SharedSize,
          uniqueSize: image.Size - image.SharedSize,
          containers: image.Containers,
          text: [printed?.Size ?? "", printed?.SharedSize ?? "", printed?.UniqueSize ?? ""],
          created,
        });
      }
    }
    const containers = api.Containers.map((container) => {
      const name = (container.Names[0] ?? "").replace(/^\//, "");
      return {
        name,
        sizeRw: container.SizeRw ?? 0,
        text: text.Containers.find((row) => row.Names === name)?.Size ?? "",
      };
    }).sort((a, b) => compareStrings(a.name, b.name));
    return { observation: { kind: "df", images: sortByNameThenAge(images), containers }, failed: false };
  }
}

/** Puts the build observation's keys in a fixed order so golden files read the same way. */
function orderBuildObservation(observation: BuildObservation): BuildObservation {
  const { kind, builder, exitCode, image, steps, triggers, messages } = observation;
  return {
    kind,
    builder,
    exitCode,
    ...(image === undefined ? {} : { image }),
    steps,
    ...(triggers === undefined ? {} : { triggers }),
    ...(messages === undefined ? {} : { messages }),
  };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function toLayerEntry(header: {
  name: string;
  type?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  size: number;
  linkname?: string;
}): LayerEntry {
  const type =
    header.type === "file" ||
    header.type === "directory" ||
    header.type === "symlink" ||
    header.type === "link" ||
    header.type === "character-device"
      ? header.type
      : "other";
  return {
    path: header.name.replace(/\/$/, ""),
    type,
    mode: header.mode ?? 0,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    size: header.size,
    ...(header.linkname ? { linkname: header.linkname } : {}),
  };
}

/**
 * Orders image rows by repository and tag, then oldest first, and drops the creation time: Docker's
 * own order (newest first, by whole seconds) is not stable, and row order decides image labels.
 */
function sortByNameThenAge<Row extends { repository: string; tag: string; created: string }>(
  rows: readonly Row[],
): Omit<Row, "created">[] {
  return [...rows]
    .sort(
      (a, b) =>
        compareStrings(a.repository, b.repository) ||
        compareStrings(a.tag, b.tag) ||
        compareStrings(a.created, b.created),
    )
    .map(({ created: _created, ...row }) => row);
}

function pathOfEntry(formatted: string): string {
  return formatted.split(" ")[4] ?? "";
}

/** Code-unit order, independent of locale. */
