/**
 * Replays a transcript against the simulator (`layercake docker …`, in-process over a fresh
 * simulated daemon) and records observations in the same shape as runner.ts does for the real
 * daemon. Commands go through the CLI's command layer (`runDockerCommand`) exactly as the
 * `layercake` binary runs them; the byte counts the real runner reads from the Engine API come
 * from the same daemon state the CLI prints.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BlobStore, createRecordingIo } from "../../src/cli/host-io.ts";
import { sha256Digest } from "../../src/core/hash.ts";
import { containerSize } from "../../src/engine/container/container.ts";
import { imageHistory } from "../../src/engine/daemon/history.ts";
import {
  containerSizeOf,
  createDaemon,
  historyLayerSize,
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
  runDockerCommand,
} from "../../src/engine/docker/docker.ts";
import { humanSize } from "../../src/engine/docker/format.ts";
import type { EngineProfile } from "../../src/engine/docker/profile.ts";
import { encodeLayerTar, readTar } from "../../src/engine/fs/tar.ts";
import type { Image } from "../../src/engine/image/types.ts";
import type {
  BuildObservation,
  ContainerRowObservation,
  DfObservation,
  ImageRowObservation,
  LayerEntry,
  Observation,
} from "./observations.ts";
import {
  canonicalImageId,
  formatLayerEntry,
  IdMasker,
  labelDiffId,
  labelImages,
  maskBuildKitRefs,
  normaliseConfig,
  normaliseContainerStatus,
  normalisePruneSections,
  parseCacheObservation,
  splitLines,
} from "./observations.ts";
import { listStageNames, parseBuildKitOutput, parseClassicBuildOutput } from "./parse-build-output.ts";
import type { DaemonProfile } from "./profiles.ts";
import { PROFILE_FACTS } from "./profiles.ts";
import type { TranscriptRun } from "./runner.ts";
import type { Builder, ContextEntry, EditStep, Step, Transcript, Variant } from "./transcript.ts";
import { expectedOutcome, textStepArgv } from "./transcript.ts";

const CONTEXT_MTIME = new Date("2024-01-01T00:00:00Z");
const DAY_MS = 86_400_000;
/** The simulated clock: each command starts one second after the previous one. */
const START_MS = Date.UTC(2026, 0, 1);

/** The simulator profile that answers for a recorded daemon profile. */
export function engineProfileOf(profile: DaemonProfile): EngineProfile {
  const { version, store } = PROFILE_FACTS[profile];
  return { version, store };
}

/** Runs one variant of a transcript through the simulator answering as `profile`. */
export function runTranscriptOnSimulator(
  transcript: Transcript,
  variant: Variant,
  profile: DaemonProfile = "20.10",
): TranscriptRun {
  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), `layercake-sim-${transcript.name}-`));
  const contextDir = join(workDir, "context");
  try {
    writeContext(contextDir, transcript.context);
    const runner = new SimulatorSteps(contextDir, workDir, variant, engineProfileOf(profile));
    const observations: Observation[] = [];
    const problems: string[] = [];
    for (const [index, step] of transcript.steps.entries()) {
      let result: { observation: Observation; failed: boolean };
      try {
        result = runner.run(step);
      } catch (error) {
        problems.push(`${transcript.name} [${variant}] step ${index + 1} (${step.kind}): ${String(error)}`);
        break;
      }
      observations.push(result.observation);
      const expected = expectedOutcome(step, variant, profile);
      if (result.failed !== (expected === "failure")) {
        problems.push(
          `${transcript.name} [${variant}] step ${index + 1} (${step.kind}): expected ${expected}`,
        );
      }
    }
    return {
      observations: normalisePruneSections(
        labelImages(observations, new Map([[runner.base.id, "<tiny:1>"]])),
      ),
      problems,
      milliseconds: performance.now() - started,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function writeContext(root: string, context: Transcript["context"]): void {
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

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class SimulatorSteps {
  readonly daemon: SimDaemon;
  readonly base: Image;
  readonly #contextDir: string;
  readonly #workDir: string;
  readonly #variant: Variant;
  readonly #masker = new IdMasker();
  readonly #blobs = memoryBlobs();
  #edits = 0;
  #nowMs = START_MS;

  constructor(contextDir: string, workDir: string, variant: Variant, profile: EngineProfile) {
    this.daemon = createDaemon(profile);
    this.#contextDir = contextDir;
    this.#workDir = workDir;
    this.#variant = variant;
    // .ci/docker-setup.sh imports tiny:1 into every daemon before a run; a fresh simulated daemon
    // lists no images, so the run brings it in the same way (as a pull would).
    const base = this.daemon.store.resolveBaseImage("tiny:1");
    if (base === undefined) throw new Error("the catalog has no tiny:1");
    this.base = base;
    this.#masker.register([base.id]);
  }

  #cli(args: readonly string[], dockerBuildkit?: string): CommandResult {
    this.#nowMs += 1000;
    const result = runDockerCommand(this.daemon, args, {
      io: createRecordingIo(this.#contextDir, {}, this.#blobs, []),
      nowMs: this.#nowMs,
      ...(dockerBuildkit === undefined ? {} : { dockerBuildkit }),
    });
    this.#masker.register(this.daemon.store.listImages().map((image) => image.id));
    return result;
  }

  #mask(lines: readonly string[]): string[] {
    return lines.map((line) => this.#masker.maskText(line));
  }

  run(step: Step): { observation: Observation; failed: boolean } {
    switch (step.kind) {
      case "edit":
        this.#edit(step);
        return { observation: { kind: "edit" }, failed: false };
      case "build":
        return this.#build(step.builder ?? (this.#variant === "none" ? "classic" : this.#variant), step);
      case "run":
        return this.#command("run", ["run", ...step.args]);
      case "exec":
        return this.#command("exec", ["exec", step.container, ...step.command]);
      case "start":
        return this.#command("start", ["start", ...(step.attach === true ? ["-a"] : []), step.container]);
      case "create":
        return this.#status("create", ["create", ...step.args]);
      case "stop":
        return this.#status("stop", ["stop", "-t", "1", step.container]);
      case "rm":
        return this.#status("rm", [
          "rm",
          ...(step.force === true ? ["-f"] : []),
          ...(step.volumes === true ? ["-v"] : []),
          step.container,
        ]);
      case "diff": {
        const result = this.#cli(["diff", step.container]);
        const changes = splitLines(result.stdout).sort((a, b) => compareStrings(a.slice(2), b.slice(2)));
        return {
          observation: { kind: "diff", exitCode: result.exitCode, changes },
          failed: result.exitCode !== 0,
        };
      }
      case "commit": {
        const result = this.#cli([
          "commit",
          ...(step.message === undefined ? [] : ["-m", step.message]),
          ...(step.author === undefined ? [] : ["-a", step.author]),
          ...(step.changes ?? []).flatMap((change) => ["-c", change]),
          step.container,
          step.tag,
        ]);
        const id = result.stdout.trim();
        return {
          observation: {
            kind: "commit",
            exitCode: result.exitCode,
            ...(result.exitCode === 0 ? { image: canonicalImageId(id) } : {}),
            stderr: this.#mask(splitLines(result.stderr)),
          },
          failed: result.exitCode !== 0,
        };
      }
      case "history":
        return this.#history(step.image);
      case "inspect":
        return this.#inspect(step.image);
      case "layers":
        return this.#layers(step.image);
      case "ps":
        return this.#ps();
      case "images":
        return this.#images(step.all === true);
      case "df":
        return this.#df();
      case "format":
        return this.#command(step.kind, textStepArgv(step));
      case "cache":
        return {
          observation: parseCacheObservation(
            this.#cli(["system", "df", "-v"]).stdout,
            this.#cli(["system", "df"]).stdout,
          ),
          failed: false,
        };
      case "prune":
        return this.#command(step.kind, textStepArgv(step));
      case "rmi":
        return this.#command(step.kind, textStepArgv(step));
    }
  }

  #edit(step: EditStep): void {
    const path = join(this.#contextDir, step.path);
    switch (step.op) {
      case "write": {
        const previous = existsSync(path) ? statSync(path).mtime : undefined;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, step.content);
        chmodSync(path, step.mode ?? 0o644);
        const time = step.mtime === "keep" && previous !== undefined ? previous : this.#nextTime();
        utimesSync(path, time, time);
        return;
      }
      case "chmod":
        chmodSync(path, step.mode);
        return;
      case "chown":
        // The context is sent with its owners reset to root (C-rules), so ownership is not modelled.
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
        renameSync(path, join(this.#contextDir, step.to));
        return;
    }
  }

  #nextTime(): Date {
    this.#edits += 1;
    return new Date(CONTEXT_MTIME.getTime() + this.#edits * DAY_MS);
  }

  #build(
    builder: Builder,
    step: Extract<Step, { kind: "build" }>,
  ): { observation: Observation; failed: boolean } {
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

  /** A command whose whole output is the observation (IDs masked), failing with its exit code. */
  #command(
    kind: "run" | "start" | "exec" | "format" | "prune" | "rmi",
    args: readonly string[],
  ): { observation: Observation; failed: boolean } {
    const result = this.#cli(args);
    return {
      observation: {
        kind,
        exitCode: result.exitCode,
        stdout: this.#mask(splitLines(result.stdout)),
        stderr: this.#mask(splitLines(result.stderr)),
      },
      failed: result.exitCode !== 0,
    };
  }

  #status(kind: "create" | "stop" | "rm", args: string[]): { observation: Observation; failed: boolean } {
    const result = this.#cli(args);
    return {
      observation: { kind, exitCode: result.exitCode, stderr: this.#mask(splitLines(result.stderr)) },
      failed: result.exitCode !== 0,
    };
  }

  #image(reference: string): Image {
    const image = this.daemon.store.getImage(reference);
    if (image === undefined) throw new Error(`no such image: ${reference}`);
    return image;
  }

  #history(reference: string): { observation: Observation; failed: boolean } {
    const rows = imageHistory(this.daemon.store, this.#image(reference), historyLayerSize(this.daemon)).map(
      (row) => ({
        image: row.image === "<missing>" ? "<missing>" : canonicalImageId(row.image),
        createdBy: this.#masker.maskText(row.createdBy),
        size: row.size,
        comment: this.#masker.maskText(row.comment),
      }),
    );
    return { observation: { kind: "history", rows }, failed: false };
  }

  #inspect(reference: string): { observation: Observation; failed: boolean } {
    const image = this.#image(reference);
    const document = inspectImage(this.daemon, image) as {
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

  #layers(reference: string): { observation: Observation; failed: boolean } {
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

  #ps(): { observation: Observation; failed: boolean } {
    const rows: ContainerRowObservation[] = this.daemon.containers.map((record) => {
      const size = containerSizeOf(this.daemon, record.container);
      return {
        name: record.container.name,
        image: this.#masker.maskText(containerImageName(this.daemon, record)),
        status: normaliseContainerStatus(containerStatus(record, this.#nowMs)),
        sizeRw: size.sizeRw,
        sizeRootFs: size.sizeRootFs,
        sizeText: containerSizeText(this.daemon, record),
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

  #images(all: boolean): { observation: Observation; failed: boolean } {
    const rows = listImageRows(this.daemon, all).map((row) => ({
      repository: row.repository,
      tag: row.tag,
      image: row.image.id,
      size: row.size,
      order: this.#orderOf(row.image),
    }));
    return {
      observation: { kind: "images", images: this.#sortRows<ImageRowObservation>(rows) },
      failed: false,
    };
  }

  #df(): { observation: Observation; failed: boolean } {
    const images = listImageRows(this.daemon, false).map((row) => {
      const shared = sharedSize(this.daemon, row.image);
      return {
        repository: row.repository,
        tag: row.tag,
        image: row.image.id,
        size: row.size,
        sharedSize: shared,
        uniqueSize: row.size - shared,
        containers: this.daemon.containers.filter((record) => record.container.image.id === row.image.id)
          .length,
        text: [humanSize(row.size), humanSize(shared, 4), humanSize(row.size - shared, 4)] as [
          string,
          string,
          string,
        ],
        order: this.#orderOf(row.image),
      };
    });
    const containers = this.daemon.containers
      .map((record) => {
        const sizeRw = containerSizeOf(this.daemon, record.container).sizeRw;
        return { name: record.container.name, sizeRw, text: humanSize(sizeRw) };
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
