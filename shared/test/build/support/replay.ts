/**
 * Replays a Docker differential-suite transcript (test/docker/transcripts) against the simulated
 * builder and image store, producing the same observations the real-daemon runner records, so
 * that the recorded goldens can be compared with the engine. Only the build-side observations
 * are produced (build, inspect, history, layers, images, rmi, edit); container steps are skipped.
 */
import dockerignore from "@balena/dockerignore";
import { createSimulatedClock } from "../../../src/core/clock.ts";
import { sha256Digest } from "../../../src/core/hash.ts";
import { buildImage } from "../../../src/engine/builder/build.ts";
import { renderBuildOutput } from "../../../src/engine/builder/log.ts";
import type { BuildResult } from "../../../src/engine/builder/types.ts";
import type { ImageStore } from "../../../src/engine/daemon/image-store.ts";
import { bytesContent, textContent } from "../../../src/engine/fs/content.ts";
import type { DirNode, FileContent, FsNode, Metadata } from "../../../src/engine/fs/types.ts";
import { serializeImageConfig } from "../../../src/engine/image/config-json.ts";
import { readImageDraft, readImageFormat, readImageParent } from "../../../src/engine/image/image.ts";
import type { Image } from "../../../src/engine/image/types.ts";
import {
  type ConfigHistoryObservation,
  canonicalImageId,
  IdMasker,
  labelDiffId,
  labelImages,
  normaliseConfig,
  type Observation,
  splitLines,
} from "../../docker/observations.ts";
import {
  listStageNames,
  parseBuildKitOutput,
  parseClassicBuildOutput,
} from "../../docker/parse-build-output.ts";
import type { Builder, ContextEntry, Step, Transcript } from "../../docker/transcript.ts";
import { createTestStore, testPorts } from "./fixtures.ts";
import { layerEntries } from "./layer-entries.ts";

/** The CommonJS factory of @balena/dockerignore (its typings describe an ES default export). */
const ignore = ((dockerignore as unknown as { default?: unknown }).default ??
  dockerignore) as unknown as () => {
  add(patterns: string[]): { ignores(path: string): boolean };
};

const CONTEXT_MTIME = Date.UTC(2024, 0, 1) / 1000;
const DAY = 86_400;

interface Entry {
  kind: "file" | "dir" | "symlink";
  content?: FileContent;
  target?: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

/** Kinds of observation the replay produces (others are skipped in comparisons). */
export const REPLAYED_KINDS = new Set(["edit", "build", "inspect", "history", "layers", "images", "rmi"]);

function toEntry(entry: ContextEntry): Entry {
  if (typeof entry === "string")
    return { kind: "file", content: textContent(entry), mode: 0o644, uid: 0, gid: 0, mtime: CONTEXT_MTIME };
  if ("dir" in entry) return { kind: "dir", mode: entry.mode ?? 0o755, uid: 0, gid: 0, mtime: CONTEXT_MTIME };
  if ("symlink" in entry)
    return { kind: "symlink", target: entry.symlink, mode: 0o777, uid: 0, gid: 0, mtime: CONTEXT_MTIME };
  const content =
    "base64" in entry
      ? bytesContent(Uint8Array.from(atob(entry.base64), (char) => char.charCodeAt(0)))
      : textContent(entry.content);
  return { kind: "file", content, mode: entry.mode ?? 0o644, uid: 0, gid: 0, mtime: CONTEXT_MTIME };
}

let inode = 5_000_000;

/** The context as the daemon receives it: .dockerignore applied, Dockerfile/.dockerignore removed when ignored (C8). */
function contextTree(entries: ReadonlyMap<string, Entry>): DirNode {
  const ignoreFile = entries.get(".dockerignore")?.content?.text();
  const matcher =
    ignoreFile === undefined
      ? undefined
      : ignore().add(
          ignoreFile
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line !== "" && !line.startsWith("#")),
        );
  const root: { meta: Metadata; children: Map<string, unknown> } = {
    meta: { mode: 0o755, uid: 0, gid: 0, mtime: CONTEXT_MTIME },
    children: new Map(),
  };
  const dirs = new Map<string, typeof root>([["", root]]);
  const ensureDir = (path: string): typeof root => {
    const known = dirs.get(path);
    if (known !== undefined) return known;
    const parentPath = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    const parent = ensureDir(parentPath);
    const own = entries.get(path);
    const dir = {
      meta: {
        mode: own?.mode ?? 0o755,
        uid: own?.uid ?? 0,
        gid: own?.gid ?? 0,
        mtime: own?.mtime ?? CONTEXT_MTIME,
      },
      children: new Map(),
    };
    parent.children.set(path.slice(path.lastIndexOf("/") + 1), dir);
    dirs.set(path, dir);
    return dir;
  };
  for (const [path, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (matcher?.ignores(path)) continue;
    if (entry.kind === "dir") {
      ensureDir(path);
      continue;
    }
    const parent = ensureDir(path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
    const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    const node: FsNode =
      entry.kind === "symlink"
        ? { kind: "symlink", meta, target: entry.target ?? "" }
        : { kind: "file", meta, content: entry.content as FileContent, inode: inode++ };
    parent.children.set(path.slice(path.lastIndexOf("/") + 1), node);
  }
  const freeze = (dir: typeof root): DirNode => ({
    kind: "dir",
    meta: dir.meta,
    opaque: false,
    children: new Map(
      [...dir.children].map(([name, child]) => [
        name,
        "kind" in (child as object) ? (child as FsNode) : freeze(child as typeof root),
      ]),
    ),
  });
  return freeze(root);
}

/** Parses the CLI arguments of a build step. */
function buildOptions(args: readonly string[]) {
  const buildArgs: Record<string, string> = {};
  let noCache = false;
  let target: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--build-arg") {
      const value = args[index + 1] ?? "";
      index += 1;
      const eq = value.indexOf("=");
      buildArgs[eq === -1 ? value : value.slice(0, eq)] = eq === -1 ? "" : value.slice(eq + 1);
    } else if (arg === "--no-cache") noCache = true;
    else if (arg === "--target") {
      target = args[index + 1];
      index += 1;
    }
  }
  return { buildArgs, noCache, ...(target === undefined ? {} : { target }) };
}

export interface ReplayResult {
  readonly observations: Observation[];
  readonly builds: BuildResult[];
}

/** Runs a transcript for one builder. */
export function replayTranscript(transcript: Transcript, builder: Builder): ReplayResult {
  const { store, tiny } = createTestStore();
  const entries = new Map<string, Entry>();
  for (const [path, entry] of Object.entries(transcript.context)) entries.set(path, toEntry(entry));
  let edits = 0;
  const clock = createSimulatedClock(Date.UTC(2026, 0, 1), 1000);
  const observations: Observation[] = [];
  const builds: BuildResult[] = [];
  const masker = new IdMasker();
  // Containers matter to `docker rmi` only: which images they were created from.
  const containers: { name: string; image: Image; running: boolean }[] = [];
  let containerCount = 0;
  const refresh = () => masker.register(store.listImages().map((image) => image.id));
  for (const step of transcript.steps as readonly Step[]) {
    switch (step.kind) {
      case "edit": {
        const nextTime = () => {
          edits += 1;
          return CONTEXT_MTIME + edits * DAY;
        };
        const current = entries.get(step.path);
        if (step.op === "write") {
          const mtime = step.mtime === "keep" && current !== undefined ? current.mtime : nextTime();
          entries.set(step.path, {
            kind: "file",
            content: textContent(step.content),
            mode: step.mode ?? 0o644,
            uid: current?.uid ?? 0,
            gid: current?.gid ?? 0,
            mtime,
          });
        } else if (step.op === "chmod") {
          if (current !== undefined) current.mode = step.mode;
          else entries.set(step.path, { kind: "dir", mode: step.mode, uid: 0, gid: 0, mtime: CONTEXT_MTIME });
        } else if (step.op === "chown" && current !== undefined) {
          current.uid = step.uid;
          current.gid = step.gid;
        } else if (step.op === "touch" && current !== undefined) current.mtime = nextTime();
        else if (step.op === "delete") {
          for (const path of [...entries.keys()])
            if (path === step.path || path.startsWith(`${step.path}/`)) entries.delete(path);
        } else if (step.op === "mkdir")
          entries.set(step.path, { kind: "dir", mode: 0o755, uid: 0, gid: 0, mtime: nextTime() });
        else if (step.op === "rename") {
          for (const [path, entry] of [...entries]) {
            if (path === step.path || path.startsWith(`${step.path}/`)) {
              entries.delete(path);
              entries.set(step.to + path.slice(step.path.length), entry);
            }
          }
        }
        observations.push({ kind: "edit" });
        break;
      }
      case "build": {
        const used = step.builder ?? builder;
        const path = step.file ?? "Dockerfile";
        const dockerfile = entries.get(path)?.content?.text() ?? "";
        const context = contextTree(entries);
        const result = buildImage(
          {
            dockerfile,
            dockerfilePath: path,
            context,
            builder: used,
            ...buildOptions(step.args ?? []),
            ...(step.tag === undefined ? {} : { tags: [step.tag] }),
            now: clock,
            buildkitFlavour: "engine-20.10",
          },
          store,
          testPorts,
        );
        builds.push(result);
        refresh();
        const output = renderBuildOutput(result, context, path);
        // The classic CLI exits with the failing RUN's code; BuildKit's with 1.
        const exitCode = result.ok ? 0 : used === "classic" ? (result.failure?.exitCode ?? 1) : 1;
        const mask = (lines: readonly string[]) => lines.map((line) => masker.maskText(line));
        if (used === "classic") {
          const { steps, triggers } = parseClassicBuildOutput(output.stdout, exitCode, masker);
          const messages = mask(splitLines(output.stderr));
          observations.push({
            kind: "build",
            builder: used,
            exitCode,
            ...(result.image === undefined ? {} : { image: result.image.id }),
            steps: steps.map((item) => ({ ...item, ...(item.output ? { output: mask(item.output) } : {}) })),
            ...(triggers.length === 0 ? {} : { triggers }),
            ...(messages.length === 0 ? {} : { messages }),
          } as Observation);
        } else {
          const { steps, error } = parseBuildKitOutput(output.stderr, listStageNames(dockerfile));
          const messages = mask(error);
          observations.push({
            kind: "build",
            builder: used,
            exitCode,
            ...(result.image === undefined ? {} : { image: result.image.id }),
            steps: steps.map((item) => ({ ...item, ...(item.output ? { output: mask(item.output) } : {}) })),
            ...(messages.length === 0 ? {} : { messages }),
          } as Observation);
        }
        break;
      }
      case "inspect": {
        const image = store.getImage(step.image);
        if (image === undefined) throw new Error(`no image ${step.image}`);
        const config = JSON.parse(serializeImageConfig(image.config, readImageFormat(image))) as {
          config: Record<string, unknown>;
          author?: string;
        };
        const history: ConfigHistoryObservation[] = image.config.history.map((item) => ({
          createdBy: masker.maskText(item.created_by ?? ""),
          emptyLayer: item.empty_layer === true,
          ...(item.comment === undefined || item.comment === ""
            ? {}
            : { comment: masker.maskText(item.comment) }),
          ...(item.author === undefined || item.author === "" ? {} : { author: item.author }),
        }));
        observations.push({
          kind: "inspect",
          image: image.id,
          size: image.layers.reduce((sum, layer) => sum + layer.size, 0),
          ...(config.author === undefined || config.author === "" ? {} : { author: config.author }),
          diffIds: image.layers.map((layer) => labelDiffId(layer.diffId, tiny.layers[0]?.diffId ?? "")),
          config: normaliseConfig(config.config),
          history,
        });
        break;
      }
      case "history": {
        const image = store.getImage(step.image);
        if (image === undefined) throw new Error(`no image ${step.image}`);
        observations.push({ kind: "history", rows: historyRows(store, image, masker) });
        break;
      }
      case "layers": {
        const image = store.getImage(step.image);
        if (image === undefined) throw new Error(`no image ${step.image}`);
        const base = tiny.layers[0]?.diffId ?? "";
        observations.push({
          kind: "layers",
          layers: image.layers.map((layer) => {
            const label = labelDiffId(layer.diffId, base);
            return label === "<tiny:1>" ? { diffId: label } : { diffId: label, entries: layerEntries(layer) };
          }),
        });
        break;
      }
      case "images": {
        const rows: { repository: string; tag: string; image: string; size: number; created: string }[] = [];
        for (const image of store.listImages()) {
          const tags = store.tagsOf(image);
          const size = image.layers.reduce((sum, layer) => sum + layer.size, 0);
          const created = readImageDraft(image).created;
          if (tags.length > 0) {
            for (const tag of tags) {
              const split = tag.lastIndexOf(":");
              rows.push({
                repository: tag.slice(0, split),
                tag: tag.slice(split + 1),
                image: image.id,
                size,
                created,
              });
            }
          } else if (step.all === true || store.childrenOf(image).length === 0) {
            rows.push({ repository: "<none>", tag: "<none>", image: image.id, size, created });
          }
        }
        rows.sort(
          (a, b) => cmp(a.repository, b.repository) || cmp(a.tag, b.tag) || cmp(a.created, b.created),
        );
        observations.push({ kind: "images", images: rows.map(({ created: _created, ...row }) => row) });
        break;
      }
      case "rmi": {
        refresh();
        const stdout: string[] = [];
        const stderr: string[] = [];
        let exitCode = 0;
        for (const name of step.images) {
          const removed = store.removeImage(name, {
            force: step.force === true,
            containersUsing: (image) =>
              containers
                .filter((container) => container.image === image)
                .map((container) => ({ id: sha256Hex(container.name), running: container.running })),
          });
          for (const record of removed.records)
            stdout.push("untagged" in record ? `Untagged: ${record.untagged}` : `Deleted: ${record.deleted}`);
          if (!removed.ok) {
            stderr.push(removed.error);
            exitCode = 1;
          }
        }
        observations.push({
          kind: "rmi",
          exitCode,
          stdout: stdout.map((line) => masker.maskText(line)),
          stderr: stderr.map((line) => masker.maskText(line)),
        });
        break;
      }
      case "create":
      case "run": {
        const args = step.args;
        const removeAfter = args.includes("--rm");
        containerCount += 1;
        let name = `container-${containerCount}`;
        let imageRef: string | undefined;
        for (let index = 0; index < args.length; index += 1) {
          const arg = args[index] as string;
          if (arg === "--name") {
            index += 1;
            name = args[index] ?? name;
          } else if (["-u", "--user", "-e", "--entrypoint", "-v", "-w"].includes(arg)) index += 1;
          else if (!arg.startsWith("-")) {
            imageRef = arg;
            break;
          }
        }
        const image = imageRef === undefined ? undefined : store.getImage(imageRef);
        if (image !== undefined && !removeAfter)
          containers.push({ name, image, running: args.includes("-d") });
        observations.push({ kind: step.kind } as Observation);
        break;
      }
      case "rm": {
        const index = containers.findIndex((container) => container.name === step.container);
        if (index !== -1) containers.splice(index, 1);
        observations.push({ kind: step.kind } as Observation);
        break;
      }
      default:
        observations.push({ kind: step.kind } as Observation);
    }
  }
  return { observations: labelImages(observations, new Map([[tiny.id, "<tiny:1>"]])), builds };
}

function sha256Hex(text: string): string {
  return sha256Digest(text).slice(7);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `docker history`: rows newest first, IDs along the local parent chain, `<missing>` beyond it (D7). */
function historyRows(store: ImageStore, image: Image, masker: IdMasker) {
  const draft = readImageDraft(image);
  const rows: { image: string; createdBy: string; size: number; comment: string }[] = [];
  let layer = 0;
  for (const item of draft.history) {
    const size = item.empty_layer ? 0 : (image.layers[layer]?.size ?? 0);
    if (!item.empty_layer) layer += 1;
    rows.unshift({
      image: "<missing>",
      createdBy: masker.maskText(item.created_by ?? ""),
      size,
      comment: masker.maskText(item.comment ?? ""),
    });
  }
  let current: Image | undefined = image;
  for (const row of rows) {
    if (current === undefined) break;
    row.image = canonicalImageId(current.id);
    current = store.parentOf(current) ?? readImageParent(current);
  }
  return rows;
}
