/**
 * Golden recordings of the Docker differential suite: `transcripts/<name>.docker.json`, one per
 * transcript, holding the observations of the real daemon for every variant.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GoldenRecording } from "./observations.ts";

/** The folder holding the transcripts and their golden files. */
export const TRANSCRIPTS_DIR = join(import.meta.dirname, "transcripts");

/** Path of a transcript's golden file. */
export function goldenPathOf(name: string): string {
  return join(TRANSCRIPTS_DIR, `${name}.docker.json`);
}

/** Reads a transcript's golden file, or undefined when it has not been recorded. */
export function readGolden(name: string): GoldenRecording | undefined {
  const path = goldenPathOf(name);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as GoldenRecording;
}

/** Writes a golden file (two-space JSON, short arrays of scalars on one line as Biome formats them). */
export function writeGolden(recording: GoldenRecording): string {
  const path = goldenPathOf(recording.transcript);
  writeFileSync(path, `${JSON.stringify(recording, null, 2)}\n`);
  return path;
}

/**
 * The JSON paths where two values differ, with both sides, at most `limit` of them.
 * @example listDifferences({ a: 1 }, { a: 2 }) // ["$.a: 1 ≠ 2"]
 */
export function listDifferences(expected: unknown, actual: unknown, limit = 10): string[] {
  const found: string[] = [];
  const walk = (left: unknown, right: unknown, path: string): void => {
    if (found.length >= limit) return;
    if (isObject(left) && isObject(right)) {
      const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
      for (const key of keys)
        walk(left[key], right[key], Array.isArray(left) ? `${path}[${key}]` : `${path}.${key}`);
      return;
    }
    if (JSON.stringify(left) !== JSON.stringify(right)) {
      found.push(`${path}: ${JSON.stringify(left)} ≠ ${JSON.stringify(right)}`);
    }
  };
  walk(expected, actual, "$");
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
