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
