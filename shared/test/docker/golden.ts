/**
 * Golden recordings of the Docker differential suite, one per transcript and daemon profile,
 * holding the observations of the real daemon for every variant: `transcripts/<name>.docker.json`
 * for Docker 20.10 (the suite's first profile, named as it always was) and
 * `transcripts/<name>.<profile>.docker.json` for the others (`26.1-overlay2`, `26.1-containerd`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GoldenRecording } from "./observations.ts";
import type { DaemonProfile } from "./profiles.ts";

/** The folder holding the transcripts and their golden files. */
export const TRANSCRIPTS_DIR = join(import.meta.dirname, "transcripts");

/** Path of a transcript's golden file for a profile. */
export function goldenPathOf(name: string, profile: DaemonProfile): string {
  return join(
    TRANSCRIPTS_DIR,
    profile === "20.10" ? `${name}.docker.json` : `${name}.${profile}.docker.json`,
  );
}

/** Reads a transcript's golden file for a profile, or undefined when it has not been recorded. */
export function readGolden(name: string, profile: DaemonProfile): GoldenRecording | undefined {
  const path = goldenPathOf(name, profile);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as GoldenRecording;
}

/** Writes a golden file (two-space JSON, short arrays of scalars on one line as Biome formats them). */
export function writeGolden(recording: GoldenRecording, profile: DaemonProfile): string {
  const path = goldenPathOf(recording.transcript, profile);
  writeFileSync(path, `${JSON.stringify(recording, null, 2)}\n`);
  return path;
}

/**
 * How far two byte counts of the containerd image store may be apart and still agree. Its image
 * sizes count gzip-compressed layer blobs (and BuildKit's attestation), whose length shifts by a
 * few bytes from run to run with the mtimes in the tars they compress: a full replay of the suite
 * against its recordings differed in 86 values, all content sizes, by at most 8 bytes (`docker
 * images` 1066601 vs 1066602 B, build cache records 96/98/99 B). Values are compared to within this
 * many bytes, and printed sizes (`8.291kB`, `1.066MB`) to within their printed precision plus this.
 */
export const CONTAINERD_SIZE_JITTER = 16;

/** Keys of byte counts that include compressed content on the containerd image store. */
const CONTENT_SIZE_KEYS = new Set(["size", "sharedSize", "uniqueSize"]);

const PRINTED_SIZE = /(\d+(?:\.\d+)?)(B|kB|MB|GB)\b/g;
const UNIT_BYTES: Readonly<Record<string, number>> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** Whether two printed sizes can stand for byte counts within the jitter of each other. */
function printedSizesAgree(left: string, right: string): boolean {
  const range = (text: string): [number, number] => {
    const match = /^(\d+(?:\.(\d+))?)(B|kB|MB|GB)$/.exec(text);
    if (match === null) return [Number.NaN, Number.NaN];
    const unit = UNIT_BYTES[match[3] ?? "B"] ?? 1;
    const value = Number(match[1]) * unit;
    const half = unit / 10 ** (match[2]?.length ?? 0) / 2;
    return [value - half - CONTAINERD_SIZE_JITTER, value + half + CONTAINERD_SIZE_JITTER];
  };
  const [a0, a1] = range(left);
  const [b0, b1] = range(right);
  return a0 <= b1 && b0 <= a1;
}

/** A byte count printed bare (`{{.Size}}` in `docker inspect -f`): content sizes are over 1 MB here. */
const BARE_BYTES = /\b\d{7,}\b/g;

/**
 * Whether two strings are equal once their printed sizes (`8.29kB`, and bare counts of 1 MB and
 * more, as `docker inspect -f {{.Size}}` prints them) are allowed the containerd jitter.
 */
function textsAgreeWithJitter(left: string, right: string): boolean {
  const shape = (text: string) =>
    text.replace(PRINTED_SIZE, "<size>").replace(BARE_BYTES, "<bytes>").replace(/\s+/g, " ");
  if (shape(left) !== shape(right)) return false;
  const leftSizes = [...left.matchAll(PRINTED_SIZE)].map((match) => match[0]);
  const rightSizes = [...right.matchAll(PRINTED_SIZE)].map((match) => match[0]);
  const leftBytes = [...left.replace(PRINTED_SIZE, "").matchAll(BARE_BYTES)].map((match) => Number(match[0]));
  const rightBytes = [...right.replace(PRINTED_SIZE, "").matchAll(BARE_BYTES)].map((match) =>
    Number(match[0]),
  );
  return (
    leftSizes.every((size, index) => printedSizesAgree(size, rightSizes[index] ?? "")) &&
    leftBytes.every(
      (bytes, index) => Math.abs(bytes - (rightBytes[index] ?? Number.NaN)) <= CONTAINERD_SIZE_JITTER,
    )
  );
}

/**
 * The JSON paths where two values differ, with both sides, at most `limit` of them. With
 * `sizeJitter` (the containerd image store), content byte counts and printed sizes agree within
 * `CONTAINERD_SIZE_JITTER`; everything else must still be equal.
 * @example listDifferences({ a: 1 }, { a: 2 }) // ["$.a: 1 ≠ 2"]
 */
export function listDifferences(
  expected: unknown,
  actual: unknown,
  limit = 10,
  options: { readonly sizeJitter?: boolean } = {},
): string[] {
  const found: string[] = [];
  const agree = (left: unknown, right: unknown, key: string): boolean => {
    if (JSON.stringify(left) === JSON.stringify(right)) return true;
    if (options.sizeJitter !== true) return false;
    if (typeof left === "number" && typeof right === "number" && CONTENT_SIZE_KEYS.has(key))
      return Math.abs(left - right) <= CONTAINERD_SIZE_JITTER;
    if (typeof left === "string" && typeof right === "string") return textsAgreeWithJitter(left, right);
    return false;
  };
  const walk = (left: unknown, right: unknown, path: string, key: string): void => {
    if (found.length >= limit) return;
    if (isObject(left) && isObject(right)) {
      const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
      for (const child of keys)
        walk(
          left[child],
          right[child],
          Array.isArray(left) ? `${path}[${child}]` : `${path}.${child}`,
          Array.isArray(left) ? key : child,
        );
      return;
    }
    if (!agree(left, right, key)) found.push(`${path}: ${JSON.stringify(left)} ≠ ${JSON.stringify(right)}`);
  };
  walk(expected, actual, "$", "");
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
