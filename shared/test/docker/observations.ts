/**
 * What the Docker differential suite observes, in a JSON shape that both the real daemon (runner.ts)
 * and the simulator can produce. Everything that changes from run to run is masked: image IDs
 * become labels (`<tiny:1>`, `<img-1>`, `<img-2>` … in order of first appearance within one run),
 * container IDs `<container>`, content hashes `<hash>`, timestamps and durations are dropped.
 * Sizes are bytes. Pure TypeScript (no node:*), so the simulator side can import the helpers.
 */
import type { Builder, StepKind, Variant } from "./transcript.ts";

/** An image as an observation names it: `<tiny:1>`, `<img-N>`, or `<missing>` in history rows. */
export type ImageLabel = string;

/**
 * How one build step ended. FROM is always `base` (BuildKit prints DONE or CACHED at random);
 * `noop` is a classic step printed without any result (an ARG before the first FROM).
 */
export type BuildStepStatus = "base" | "cached" | "ran" | "failed" | "canceled" | "noop";

/**
 * One build step as the builder printed it. Classic: `Step 2/5 : RUN x` → position `2/5`.
 * BuildKit (`--progress=plain`): `[build 2/3] RUN x` → stage `build`, position `2/3`; only RUN,
 * COPY/ADD and WORKDIR appear (FROM vertices are not observed), ordered by stage (Dockerfile
 * order) then position. BuildKit prints instructions with variables expanded.
 */
export interface BuildStepObservation {
  readonly position: string;
  readonly stage?: string;
  readonly instruction: string;
  readonly status: BuildStepStatus;
  /** Classic only: the image the step produced or reused (`---> <id>`). */
  readonly image?: ImageLabel;
  /** Lines the step's command printed (RUN output), without BuildKit's `#n 0.123` prefixes. */
  readonly output?: readonly string[];
}

/**
 * Classic builder ONBUILD triggers executed right after a FROM (`# Executing 2 build triggers`).
 * `markers` are the `---> Using cache` / `---> Running in` lines in order; a COPY/ADD trigger that
 * executes prints no marker, and only one `---> <id>` follows all triggers.
 */
export interface TriggerObservation {
  /** The FROM step's position. */
  readonly after: string;
  readonly count: number;
  readonly markers: readonly ("cached" | "ran")[];
}

export interface BuildObservation {
  readonly kind: "build";
  readonly builder: Builder;
  readonly exitCode: number;
  readonly steps: readonly BuildStepObservation[];
  readonly triggers?: readonly TriggerObservation[];
  /** The built image (from `--iidfile`); absent when the build failed. */
  readonly image?: ImageLabel;
  /**
   * Normalised lines printed outside the steps: classic `[Warning] …` lines (stdout) then its
   * stderr (errors); BuildKit's lines after the progress (the error summary). Absent when none.
   */
  readonly messages?: readonly string[];
}

/** Output of a foreground command: `run`, `start -a`, `exec`. */
export interface CommandObservation {
  readonly kind: "run" | "start" | "exec";
  readonly exitCode: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** A command whose output is only an ID or a name (`create`, `stop`, `rm`). */
export interface StatusObservation {
  readonly kind: "create" | "stop" | "rm";
  readonly exitCode: number;
  readonly stderr: readonly string[];
}

/** `docker diff`: `A /x`, `C /d`, `D /d/f`, sorted by path. */
export interface DiffObservation {
  readonly kind: "diff";
  readonly exitCode: number;
  readonly changes: readonly string[];
}

export interface CommitObservation {
  readonly kind: "commit";
  readonly exitCode: number;
  readonly image?: ImageLabel;
  readonly stderr: readonly string[];
}

/** One `docker history` row (newest first). */
export interface HistoryRowObservation {
  readonly image: ImageLabel;
  readonly createdBy: string;
  /** Bytes (`--human=false`). */
  readonly size: number;
  readonly comment: string;
}

export interface HistoryObservation {
  readonly kind: "history";
  readonly rows: readonly HistoryRowObservation[];
}

/** One item of the image config's `history[]` (oldest first), as stored by `docker save`. */
export interface ConfigHistoryObservation {
  readonly createdBy: string;
  readonly emptyLayer: boolean;
  readonly comment?: string;
  readonly author?: string;
}

/**
 * `Config` of `docker image inspect` with Docker's field names, keeping only fields that are set
 * (null, "", [], {} and false are dropped), see `normaliseConfig`.
 */
export type ConfigObservation = Readonly<Record<string, unknown>>;

/** A layer's DiffID as observed: the empty tar, tiny:1's layer, or any other layer. */
export type DiffIdLabel = "<empty-tar>" | "<tiny:1>" | "<layer>";

export interface InspectObservation {
  readonly kind: "inspect";
  readonly image: ImageLabel;
  readonly size: number;
  readonly author?: string;
  readonly diffIds: readonly DiffIdLabel[];
  readonly config: ConfigObservation;
  readonly history: readonly ConfigHistoryObservation[];
}

/**
 * One layer of `docker save`, bottom first. `entries` are `<type> <mode> <uid>:<gid> <size> <path>`
 * (type f file, d dir, l symlink `-> target`, h hard link `=> target`, c char device), sorted by
 * path; tiny:1's own layer is abbreviated to `base: "<tiny:1>"`.
 */
export interface LayerObservation {
  readonly diffId: DiffIdLabel;
  readonly entries?: readonly string[];
}

export interface LayersObservation {
  readonly kind: "layers";
  readonly layers: readonly LayerObservation[];
}

export interface ContainerRowObservation {
  readonly name: string;
  readonly image: string;
  /** `Created`, `Up`, `Exited (<code>)`. */
  readonly status: string;
  readonly sizeRw: number;
  readonly sizeRootFs: number;
  /** The SIZE column as printed: `524kB (virtual 3.03MB)`. */
  readonly sizeText: string;
}

export interface PsObservation {
  readonly kind: "ps";
  readonly containers: readonly ContainerRowObservation[];
}

export interface ImageRowObservation {
  readonly repository: string;
  readonly tag: string;
  readonly image: ImageLabel;
  readonly size: number;
}

export interface ImagesObservation {
  readonly kind: "images";
  readonly images: readonly ImageRowObservation[];
}

export interface DfImageRowObservation {
  readonly repository: string;
  readonly tag: string;
  readonly image: ImageLabel;
  readonly size: number;
  readonly sharedSize: number;
  readonly uniqueSize: number;
  readonly containers: number;
  /** The SIZE, SHARED SIZE and UNIQUE SIZE columns as printed. */
  readonly text: readonly [string, string, string];
}

export interface DfObservation {
  readonly kind: "df";
  readonly images: readonly DfImageRowObservation[];
  readonly containers: readonly { readonly name: string; readonly sizeRw: number; readonly text: string }[];
}

export interface RmiObservation {
  readonly kind: "rmi";
  readonly exitCode: number;
  /** `Untagged: x:1` and `Deleted: <img-N>` lines, in output order. */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

export interface PruneObservation {
  readonly kind: "prune";
  readonly exitCode: number;
  /** IDs masked; the lines between `Deleted …:` and the blank line sorted (see `normalisePruneSections`). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/**
 * Sorts each `Deleted …:` section of the prune observations, after image labels are assigned: the
 * daemon lists what it deleted in Go map order, which changes from run to run. BuildKit's cache
 * record IDs (25 random characters) become `<cache-id>`.
 */
export function normalisePruneSections(observations: readonly Observation[]): Observation[] {
  return observations.map((observation) => {
    if (observation.kind !== "prune") return observation;
    const lines: string[] = [];
    let section: string[] | undefined;
    for (const raw of observation.stdout) {
      const line = /^[a-z0-9]{25}$/.test(raw) ? "<cache-id>" : normaliseCacheTableRow(raw);
      // Docker 26.1's `builder prune` lists what it deleted as a table up to its `Total:` line.
      if (/^ID\s+RECLAIMABLE\s+SIZE\s+LAST ACCESSED$/.test(line)) {
        lines.push("ID RECLAIMABLE SIZE");
        section = [];
        continue;
      }
      if (section !== undefined && line.startsWith("Total:")) {
        lines.push(...section.sort(), line.replace(/\s+/g, " "));
        section = undefined;
        continue;
      }
      if (section !== undefined && line === "") {
        lines.push(...section.sort(), line);
        section = undefined;
      } else if (section !== undefined) section.push(line);
      else {
        lines.push(line);
        if (/^Deleted .*:$/.test(line)) section = [];
      }
    }
    if (section !== undefined) lines.push(...section.sort());
    return { ...observation, stdout: lines };
  });
}

/**
 * A row of Docker 26.1's prune table (`<25-char id>[*] <reclaimable> <size> <last accessed>`) with
 * the random ID masked (its `*`, an in-use parent, kept) and the access time left out.
 */
function normaliseCacheTableRow(line: string): string {
  const match = /^[a-z0-9]{25}(\*?)\s+(true|false)\s+(\S+)\s+.*$/.exec(line);
  return match === null ? line : `<cache-id>${match[1]} ${match[2]} ${match[3]}`;
}

/**
 * BuildKit 0.13 names the context it could not find a file in by random IDs
 * (`failed to calculate checksum of ref <uuid>::<id>: "/x": not found`); those become `<ref>`.
 */
export function maskBuildKitRefs(line: string): string {
  return line.replace(/checksum of ref [0-9a-z<>-]+::[0-9a-z]+:/g, "checksum of ref <ref>:");
}

/** `docker system df -v` build cache records and the `docker system df` Build Cache row. */
export interface CacheObservation {
  readonly kind: "cache";
  /** `type size shared` per record (IDs, times and usage counts left out), sorted. */
  readonly records: readonly string[];
  /** TOTAL, ACTIVE, SIZE, RECLAIMABLE. */
  readonly summary: readonly string[];
}

/** Reads a CacheObservation from the text of `docker system df -v` and `docker system df`. */
export function parseCacheObservation(verbose: string, summary: string): CacheObservation {
  const lines = verbose.split("\n");
  const header = lines.findIndex((line) => line.startsWith("CACHE ID"));
  const records =
    header === -1
      ? []
      : lines
          .slice(header + 1)
          .filter((line) => line.trim() !== "")
          .map((line) => {
            const cells = line.trim().split(/\s{2,}/);
            return `${cells[1]} ${cells[2]} ${cells.at(-1)}`;
          })
          .sort();
  const row = summary.split("\n").find((line) => line.startsWith("Build Cache")) ?? "";
  return { kind: "cache", records, summary: row.split(/\s{2,}/).slice(1) };
}

export interface FormatObservation {
  readonly kind: "format";
  readonly exitCode: number;
  /** What the template printed, IDs masked. */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** Context edits observe nothing; they keep the observation list aligned with the steps. */
export interface EditObservation {
  readonly kind: "edit";
}

export type Observation =
  | EditObservation
  | BuildObservation
  | CommandObservation
  | StatusObservation
  | DiffObservation
  | CommitObservation
  | HistoryObservation
  | InspectObservation
  | LayersObservation
  | PsObservation
  | ImagesObservation
  | DfObservation
  | RmiObservation
  | PruneObservation
  | CacheObservation
  | FormatObservation;

/** The golden file stored next to a transcript (`<name>.docker.json`). */
export interface GoldenRecording {
  readonly transcript: string;
  /** `docker version` of the daemon the recording came from. */
  readonly daemon: string;
  readonly variants: Readonly<Partial<Record<Variant, readonly Observation[]>>>;
}

/** Checks that the observation list is aligned with the steps (one observation per step, same kind). */
export function isAlignedWith(observations: readonly Observation[], kinds: readonly StepKind[]): boolean {
  if (observations.length !== kinds.length) return false;
  return observations.every((observation, index) => observation.kind === kinds[index]);
}

/** DiffID of the empty tar (1024 zero bytes), layer/empty.go `DigestSHA256EmptyTar` (D6). */
export const EMPTY_TAR_DIFF_ID = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/**
 * Masks IDs in CLI output while a transcript runs: image IDs (full or 12-hex) become the canonical
 * `sha256:<64 hex>` form, other 64-hex digests `<hash>`, other 12-hex IDs (containers) `<id>`.
 * Image IDs are labelled afterwards by `labelImages`, in document order.
 */
export class IdMasker {
  readonly #known = new Set<string>();

  /** Makes full image IDs known (so that short IDs and digests in text resolve). */
  register(ids: Iterable<string>): void {
    for (const id of ids) this.#known.add(canonicalImageId(id));
  }

  /** The full ID a short (12 hex) ID abbreviates among the known IDs, if any. */
  findByPrefix(short: string): string | undefined {
    for (const id of this.#known) {
      if (id.startsWith(`sha256:${short}`)) return id;
    }
    return undefined;
  }

  /**
   * Masks a line of text.
   * @example masker.maskText("COPY file:00ec…cadda in /a.txt ") // "COPY file:<hash> in /a.txt "
   */
  maskText(text: string): string {
    return text
      .replace(/(sha256:)?\b([0-9a-f]{64})\b/g, (_match, _prefix: string | undefined, hex: string) => {
        const full = `sha256:${hex}`;
        return this.#known.has(full) ? full : "<hash>";
      })
      .replace(/\b([0-9a-f]{12})\b/g, (_match, hex: string) => this.findByPrefix(hex) ?? "<id>");
  }
}

/** `sha256:<hex>` for an image ID given with or without its algorithm. */
export function canonicalImageId(id: string): string {
  return id.startsWith("sha256:") ? id : `sha256:${id}`;
}

/**
 * Replaces every image ID (`sha256:<64 hex>`) in the observations by a label, in document order
 * (JSON key order, depth first): `fixed` IDs get their fixed label (tiny:1 → `<tiny:1>`), the others
 * `<img-1>`, `<img-2>` … in order of first appearance. Both the runner and a simulator apply it to
 * observations holding full IDs, so labels agree whenever the ID structure agrees.
 */
export function labelImages<Value>(observations: Value, fixed: ReadonlyMap<string, ImageLabel>): Value {
  const labels = new Map<string, ImageLabel>();
  const labelOf = (id: string): ImageLabel => {
    const known = fixed.get(id) ?? labels.get(id);
    if (known !== undefined) return known;
    const label = `<img-${labels.size + 1}>`;
    labels.set(id, label);
    return label;
  };
  const visit = (value: unknown): unknown => {
    if (typeof value === "string") return value.replace(/sha256:[0-9a-f]{64}/g, labelOf);
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item)]));
    }
    return value;
  };
  return visit(observations) as Value;
}

// NetworkDisabled: set on every container of the oracle daemon, which runs without a bridge.
const DROPPED_CONFIG_KEYS = new Set([
  "Hostname",
  "Domainname",
  "Image",
  "AttachStdin",
  "AttachStdout",
  "AttachStderr",
  "NetworkDisabled",
]);

/**
 * Keeps the meaningful, set fields of an image `Config` (or `ContainerConfig`) in a stable key order:
 * null, "", false, empty arrays and objects are dropped, as are Hostname, Image, Attach* and
 * NetworkDisabled.
 * @example normaliseConfig({ Cmd: null, Env: ["A=1"], Tty: false }) // { Env: ["A=1"] }
 */
export function normaliseConfig(
  config: Readonly<Record<string, unknown>> | null | undefined,
): ConfigObservation {
  const result: Record<string, unknown> = {};
  if (config === null || config === undefined) return result;
  for (const key of Object.keys(config).sort()) {
    const value = config[key];
    if (DROPPED_CONFIG_KEYS.has(key) || isUnset(value)) continue;
    result[key] = value;
  }
  return result;
}

function isUnset(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** The classifications of a DiffID used in observations. */
export function labelDiffId(diffId: string, baseDiffId: string): DiffIdLabel {
  if (diffId === EMPTY_TAR_DIFF_ID) return "<empty-tar>";
  if (diffId === baseDiffId) return "<tiny:1>";
  return "<layer>";
}

/** The fields of one layer-tar entry that an observation keeps. */
export interface LayerEntry {
  readonly path: string;
  readonly type: "file" | "directory" | "symlink" | "link" | "character-device" | "other";
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly linkname?: string;
}

const TYPE_LETTERS: Record<LayerEntry["type"], string> = {
  file: "f",
  directory: "d",
  symlink: "l",
  link: "h",
  "character-device": "c",
  other: "?",
};

/**
 * Formats a layer entry as `<type> <mode> <uid>:<gid> <size> <path>[ -> target | => target]`.
 * @example formatLayerEntry({ path: ".wh.x", type: "file", mode: 0o600, uid: 0, gid: 0, size: 0 }) // "f 600 0:0 0 .wh.x"
 */
export function formatLayerEntry(entry: LayerEntry): string {
  const mode = (entry.mode & 0o7777).toString(8).padStart(3, "0");
  const path = entry.type === "directory" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  const target =
    entry.type === "symlink"
      ? ` -> ${entry.linkname ?? ""}`
      : entry.type === "link"
        ? ` => ${entry.linkname ?? ""}`
        : "";
  return `${TYPE_LETTERS[entry.type]} ${mode} ${entry.uid}:${entry.gid} ${entry.size} ${path}${target}`;
}

/** Container status without its time: `Exited (0) 3 seconds ago` → `Exited (0)`, `Up 2 seconds` → `Up`. */
export function normaliseContainerStatus(status: string): string {
  if (status.startsWith("Up")) return status.includes("(Paused)") ? "Up (Paused)" : "Up";
  const exited = /^Exited \((-?\d+)\)/.exec(status);
  if (exited) return `Exited (${exited[1]})`;
  return status.replace(/ \d+ \w+ ago$/, "").replace(/ About an? \w+ ago$/, "");
}

/** Splits command output into lines, dropping one trailing newline and trailing whitespace. */
export function splitLines(text: string): string[] {
  const trimmed = text.replace(/\s+$/, "");
  return trimmed === "" ? [] : trimmed.split("\n").map((line) => line.replace(/\r$/, "").replace(/\s+$/, ""));
}
