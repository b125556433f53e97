/**
 * Replays a transcript against the simulator (`layercake docker …`, in-process over a fresh
 * simulated daemon) and records observations in the same shape as runner.ts does for the real
 * daemon. Commands go through the CLI's command layer (`runDockerCommand`) exactly as the
 * `layercake` binary runs them; the byte counts the real runner reads from the Engine API come
 * from the same daemon state the CLI prints.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BlobStore, createRecordingIo } from "../../src/cli/host-io.ts";
import { sha256Digest, shortId } from "../../src/core/hash.ts";
import {
  containerSizeOf,
  createDaemon,
  imageCreatedMs,
  listImageRows,
  type SimDaemon,
  sharedSize,
} from "../../src/engine/docker/daemon.ts";
import {
  type CommandResult,
  containerImageName,
  containerSizeText,
  containerStatus,
  inspectImage,
  isMutatingCommand,
  runDockerCommand,
} from "../../src/engine/docker/docker.ts";
import {
  DOCKER_20_10,
  DOCKER_26_1,
  DOCKER_26_1_CONTAINERD,
  type DaemonProfile as EngineProfile,
} from "../../src/engine/docker/profile.ts";
import { encodeLayerTar, readTar } from "../../src/engine/fs/tar.ts";
import type { Image } from "../../src/engine/image/types.ts";
import type {
  BuildObservation,
  ContainerRowObservation,
  DfObservation,
  ImageRowObservation,
  LayerEntry,
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
import type { DaemonProfile } from "./profiles.ts";
import {
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
  type TranscriptRun,
  writeContext,
} from "./steps.ts";
import type { Builder, Step, Transcript, Variant } from "./transcript.ts";

/** The simulated clock: each command starts one second after the previous one. */
const START_MS = Date.UTC(2026, 0, 1);

/** The simulator's profile for each recorded daemon. */
const ENGINE_PROFILES: Readonly<Record<DaemonProfile, EngineProfile>> = {
  "20.10": DOCKER_20_10,
  "26.1-overlay2": DOCKER_26_1,
  "26.1-containerd": DOCKER_26_1_CONTAINERD,
};

export interface SimulatorOptions {
  /** The recorded daemon the simulator answers as (default Docker 20.10). */
  readonly profile?: DaemonProfile;
  /**
   * Called after each command that can change the daemon's state; the next command runs against
   * the daemon it returns (the state suite saves and loads the daemon here, as the CLI does).
   */
  readonly reloadDaemon?: (daemon: SimDaemon) => SimDaemon;
  /**
   * Runs each docker command instead of the in-process daemon (the CLI bench runs `layercake
   * docker` processes here, with `reloadDaemon` reading the state they saved for the observations).
   */
  readonly runCommand?: (
    args: readonly string[],
    options: { readonly cwd: string; readonly dockerBuildkit?: string },
  ) => CommandResult;
}

/** Runs one variant of a transcript through the simulator, answering as the daemon of `options.profile`. */
export function runTranscriptOnSimulator(
  transcript: Transcript,
  variant: Variant,
  options: SimulatorOptions = {},
): TranscriptRun {
  const profile = options.profile ?? "20.10";
  const recorder = new TranscriptRecorder(transcript, variant, profile);
  const workDir = mkdtempSync(join(tmpdir(), `layercake-sim-${transcript.name}-`));
  const contextDir = join(workDir, "context");
  try {
    writeContext(contextDir, transcript.context);
    const runner = new SimulatorSteps(contextDir, workDir, variant, ENGINE_PROFILES[profile], options);
    for (const [index, step] of transcript.steps.entries()) {
      let outcome: StepResult | { error: unknown };
      try {
        outcome = runner.run(step);
      } catch (error) {
        outcome = { error };
      }
      if (!recorder.record(index, step, outcome)) break;
    }
    return recorder.finish(runner.base.id);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function memoryBlobs(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    put(bytes) {
      const key = sha256Digest(bytes).slice(7);
      blobs.set(key, bytes);
      return key;
    },
    get(key) {
      return blobs.get(key) ?? new Uint8Array();
    },
  };
}

class SimulatorSteps {
  daemon: SimDaemon = createDaemon();
  readonly profile: EngineProfile;
  readonly base: Image;
  readonly #contextDir: string;
  readonly #workDir: string;
  readonly #variant: Variant;
  readonly #options: SimulatorOptions;
  readonly #masker = new IdMasker();
  readonly #blobs = memoryBlobs();
  readonly #edits: ContextEdits;
  #nowMs = START_MS;

  constructor(
    contextDir: string,
    workDir: string,
    variant: Variant,
    profile: EngineProfile,
    options: SimulatorOptions,
  ) {
    this.#options = options;
    this.profile = profile;
    this.#contextDir = contextDir;
    this.#edits = new ContextEdits(contextDir, { owners: false });
    this.#workDir = workDir;
    this.#variant = variant;
    // .ci/docker-setup.sh imports tiny:1 into every daemon before a run, as createDaemon pulls it.
    const base = this.daemon.store.resolveBaseImage("tiny:1");
    if (base === undefined) throw new Error("the catalog has no tiny:1");
    this.base = base;
    this.#masker.register([base.id]);
  }

  #cli(args: readonly string[], dockerBuildkit?: string): CommandResult {
    this.#nowMs += 1000;
    const { runCommand, reloadDaemon } = this.#options;
    const buildkit = dockerBuildkit === undefined ? {} : { dockerBuildkit };
    const result =
      runCommand === undefined
        ? runDockerCommand(this.daemon, args, {
            io: createRecordingIo(this.#contextDir, {}, this.#blobs, []),
            nowMs: this.#nowMs,
            profile: this.profile,
            ...buildkit,
          })
        : runCommand(args, { cwd: this.#contextDir, ...buildkit });
    if (reloadDaemon !== undefined && isMutatingCommand(args)) this.daemon = reloadDaemon(this.daemon);
    this.#masker.register(this.daemon.store.listImages().map((image) => image.id));
    return result;
  }

  #mask(lines: readonly string[]): string[] {
    return lines.map((line) => this.#masker.maskText(line));
  }

  run(step: Step): StepResult {
    return runStep(this.#side, step);
  }

  readonly #side: StepSide<StepResult> = {
    edit: (step) => this.#edits.apply(step),
    build: (step) =>
      this.#build(step.builder ?? (this.#variant === "none" ? "classic" : this.#variant), step),
    command: (kind, argv) => commandObservation(kind, this.#cli(argv), this.#masker),
    status: (kind, argv) => statusObservation(kind, this.#cli(argv), this.#masker),
    diff: (argv) => diffObservation(this.#cli(argv)),
    commit: (argv) => commitObservation(this.#cli(argv), this.#masker),
    history: (image) => this.#history(image),
    inspect: (image) => this.#inspect(image),
    layers: (image) => this.#layers(image),
    ps: () => this.#ps(),
    images: (all) => this.#images(all),
    df: () => this.#df(),
    cache: () => ({
      observation: parseCacheObservation(
        this.#cli(["system", "df", "-v"]).stdout,
        this.#cli(["system", "df"]).stdout,
      ),
      failed: false,
    }),
  };

  #build(builder: Builder, step: Extract<Step, { kind: "build" }>): StepResult {
    const iidFile = join(this.#workDir, "iid");
    rmSync(iidFile, { force: true });
    const dockerfilePath = join(this.#contextDir, step.file ?? "Dockerfile");
    const dockerfile = existsSync(dockerfilePath) ? readFileSync(dockerfilePath, "utf8") : "";
    const result = this.#cli(
      [
        "build",
        ...(builder === "buildkit" ? ["--progress=plain", "--network=none"] : []),
        "--iidfile",
        iidFile,
        ...(step.tag === undefined ? [] : ["-t", step.tag]),
        ...(step.file === undefined ? [] : ["-f", step.file]),
        ...(step.args ?? []),
        ".",
      ],
      builder === "buildkit" ? "1" : "0",
    );
    let observation: BuildObservation;
    if (builder === "classic") {
      const { steps, triggers, warnings } = parseClassicBuildOutput(
        result.stdout,
        result.exitCode,
        this.#masker,
      );
      const messages = this.#mask([...warnings, ...splitLines(result.stderr)]);
      observation = {
        kind: "build",
        builder,
        exitCode: result.exitCode,
        ...(result.exitCode === 0 && existsSync(iidFile)
          ? { image: canonicalImageId(readFileSync(iidFile, "utf8").trim()) }
          : {}),
        steps: steps.map((item) => ({
          ...item,
          ...(item.output ? { output: this.#mask(item.output) } : {}),
        })),
        ...(triggers.length === 0 ? {} : { triggers }),
        ...(messages.length === 0 ? {} : { messages }),
      };
    } else {
      const { steps, error } = parseBuildKitOutput(result.stderr, listStageNames(dockerfile));
      const messages = this.#mask(error).map(maskBuildKitRefs);
      observation = {
        kind: "build",
        builder,
        exitCode: result.exitCode,
        ...(result.exitCode === 0 && existsSync(iidFile)
          ? { image: canonicalImageId(readFileSync(iidFile, "utf8").trim()) }
          : {}),
        steps: steps.map((item) => ({
          ...item,
          ...(item.output ? { output: this.#mask(item.output) } : {}),
        })),
        ...(messages.length === 0 ? {} : { messages }),
      };
    }
    return { observation, failed: result.exitCode !== 0 };
  }

  #image(reference: string): Image {
    const image = this.daemon.store.getImage(reference);
    if (image === undefined) throw new Error(`no such image: ${reference}`);
    return image;
  }

  /** Through `docker history --format '{{json .}}'`, as the real runner reads it. */
  #history(reference: string): StepResult {
    const result = this.#cli([...HISTORY_ARGV, reference]);
    if (result.exitCode !== 0) throw new Error(`docker history ${reference}: ${result.stderr}`);
    return historyObservation(result, this.#masker);
  }

  #inspect(reference: string): StepResult {
    const image = this.#image(reference);
    const document = inspectImage(this.daemon, image, this.profile) as {
      Id: string;
      Size: number;
      Author: string;
      Config: Record<string, unknown>;
    };
    const history = image.config.history.map((item) => ({
      createdBy: this.#masker.maskText(item.created_by ?? ""),
      emptyLayer: item.empty_layer === true,
      ...(item.comment === undefined || item.comment === ""
        ? {}
        : { comment: this.#masker.maskText(item.comment) }),
      ...(item.author === undefined || item.author === "" ? {} : { author: item.author }),
    }));
    const baseDiffId = this.base.layers[0]?.diffId ?? "";
    return {
      observation: {
        kind: "inspect",
        image: canonicalImageId(document.Id),
        size: document.Size,
        ...(document.Author === "" ? {} : { author: document.Author }),
        diffIds: image.layers.map((layer) => labelDiffId(layer.diffId, baseDiffId)),
        config: normaliseConfig(document.Config),
        history,
      },
      failed: false,
    };
  }

  #layers(reference: string): StepResult {
    const image = this.#image(reference);
    const baseDiffId = this.base.layers[0]?.diffId ?? "";
    const layers = image.layers.map((layer) => {
      const label = labelDiffId(layer.diffId, baseDiffId);
      if (label === "<tiny:1>") return { diffId: label };
      const entries = readTar(encodeLayerTar(layer.changes))
        .entries.map((entry): LayerEntry => {
          const type =
            entry.type === "file" || entry.type === "symlink"
              ? entry.type
              : entry.type === "dir"
                ? "directory"
                : entry.type === "hardlink"
                  ? "link"
                  : "other";
          return {
            path: entry.path.replace(/\/$/, ""),
            type,
            mode: entry.mode,
            uid: entry.uid,
            gid: entry.gid,
            size: type === "file" ? entry.data.length : 0,
            ...(entry.linkName ? { linkname: entry.linkName } : {}),
          };
        })
        .map(formatLayerEntry)
        .sort((a, b) => compareStrings(a.split(" ")[4] ?? "", b.split(" ")[4] ?? ""));
      return { diffId: label, entries };
    });
    return { observation: { kind: "layers", layers }, failed: false };
  }

  #ps(): StepResult {
    const rows: ContainerRowObservation[] = this.daemon.containers.map((record) => {
      const size = containerSizeOf(this.profile, record.container);
      return {
        name: record.container.name,
        image: this.#masker.maskText(containerImageName(this.daemon, record)),
        status: normaliseContainerStatus(containerStatus(record, this.#nowMs)),
        sizeRw: size.sizeRw,
        sizeRootFs: size.sizeRootFs,
        sizeText: containerSizeText(record, this.profile),
      };
    });
    rows.sort((a, b) => compareStrings(a.name, b.name));
    return { observation: { kind: "ps", containers: rows }, failed: false };
  }

  /** Orders rows by repository, tag, then age (the store's insertion order breaks ties). */
  #sortRows<Row extends { repository: string; tag: string; image: string }>(
    rows: readonly (Row & { order: number })[],
  ): Row[] {
    return [...rows]
      .sort(
        (a, b) =>
          compareStrings(a.repository, b.repository) || compareStrings(a.tag, b.tag) || a.order - b.order,
      )
      .map(({ order: _order, ...row }) => row as unknown as Row);
  }

  #orderOf(image: Image): number {
    const images = this.daemon.store.listImages();
    return imageCreatedMs(image) * 1000 + images.indexOf(image);
  }

  #images(all: boolean): StepResult {
    // The runner reads each row's size with `docker image inspect --format {{.Size}}`.
    const rows = listImageRows(this.daemon, all, this.profile).map((row) => ({
      repository: row.repository,
      tag: row.tag,
      image: row.image.id,
      size: (inspectImage(this.daemon, row.image, this.profile) as { Size: number }).Size,
      order: this.#orderOf(row.image),
    }));
    return {
      observation: { kind: "images", images: this.#sortRows<ImageRowObservation>(rows) },
      failed: false,
    };
  }

  #df(): StepResult {
    // The sizes as `layercake docker system df -v` prints them (read-only: the clock stays put).
    const printed = parseVerboseDf(
      runDockerCommand(this.daemon, ["system", "df", "-v"], {
        io: createRecordingIo(this.#contextDir, {}, this.#blobs, []),
        nowMs: this.#nowMs,
        profile: this.profile,
      }).stdout,
    );
    const images = listImageRows(this.daemon, false, this.profile).map((row) => {
      const shared = sharedSize(this.daemon, row.image, this.profile);
      const text = printed.images.get(`${row.repository} ${row.tag} ${shortId(row.image.id)}`);
      return {
        repository: row.repository,
        tag: row.tag,
        image: row.image.id,
        size: row.size,
        sharedSize: shared,
        uniqueSize: row.size - shared,
        containers: this.daemon.containers.filter((record) => record.container.image.id === row.image.id)
          .length,
        text: text ?? (["", "", ""] as [string, string, string]),
        order: this.#orderOf(row.image),
      };
    });
    const containers = this.daemon.containers
      .map((record) => {
        const sizeRw = containerSizeOf(this.profile, record.container).sizeRw;
        return {
          name: record.container.name,
          sizeRw,
          text: printed.containers.get(record.container.name) ?? "",
        };
      })
      .sort((a, b) => compareStrings(a.name, b.name));
    return {
      observation: {
        kind: "df",
        images: this.#sortRows<DfObservation["images"][number]>(images),
        containers,
      },
      failed: false,
    };
  }
}

/**
 * The SIZE, SHARED SIZE and UNIQUE SIZE cells of each image row (by `repository tag id`) and the
 * SIZE cell of each container row (by name) of `docker system df -v`'s tables.
 */
function parseVerboseDf(text: string): {
  images: Map<string, [string, string, string]>;
  containers: Map<string, string>;
} {
  const rowsAfter = (header: string): string[][] => {
    const lines = text.split("\n");
    const start = lines.findIndex((line) => line.startsWith(header));
    if (start === -1) return [];
    const end = lines.findIndex((line, index) => index > start && line.trim() === "");
    return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.trim().split(/\s{2,}/));
  };
  const images = new Map<string, [string, string, string]>();
  for (const [repository, tag, id, , size = "", shared = "", unique = ""] of rowsAfter("REPOSITORY")) {
    images.set(`${repository} ${tag} ${id}`, [size, shared, unique]);
  }
  const containers = new Map<string, string>();
  // From the right: COMMAND may hold runs of spaces, the last four cells never do.
  for (const cells of rowsAfter("CONTAINER ID")) containers.set(cells.at(-1) ?? "", cells.at(-4) ?? "");
  return { images, containers };
}
