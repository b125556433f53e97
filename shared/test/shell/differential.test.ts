/**
 * The simulated shell against the real busybox-static 1.35 (Debian 12's `busybox-static`), each
 * run as root in a throwaway root directory: generated scripts over random small trees and a fixed
 * corpus of real RUN lines, compared on stdout, stderr, exit code and the resulting tree.
 *
 * In CI (`CI` set) the suite must run and fails when busybox or root is missing; elsewhere it is
 * skipped with a note.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  busyboxUnavailable,
  createTemplateRoot,
  removeRoot,
  runLinesInFreshRoots,
  runScriptsInRoot,
} from "./busybox-root.ts";
import { describeDifferences } from "./compare.ts";
import { CORPUS } from "./corpus.ts";
import { scriptWithTree } from "./generators.ts";
import { readRootEntries, SimulatedRoot } from "./simulated-root.ts";

const GENERATED_SCRIPTS = Number(process.env.LAYERCAKE_SHELL_SCRIPTS ?? 2000);
const SEED = Number(process.env.LAYERCAKE_SHELL_SEED ?? 20261206);
const unavailable = busyboxUnavailable();

if (unavailable !== undefined && !process.env.CI) {
  console.log(`shell differential skipped: ${unavailable} (CI runs it)`);
}

describe.skipIf(unavailable !== undefined && !process.env.CI)(
  "the simulated shell against busybox 1.35",
  () => {
    let template = "";
    let simulated: SimulatedRoot;
    beforeAll(() => {
      if (unavailable !== undefined)
        throw new Error(`the shell differential cannot run in CI: ${unavailable}`);
      template = createTemplateRoot();
      // Read before any script runs in it: the simulated root is the template as it was made.
      simulated = new SimulatedRoot(readRootEntries(template));
    });
    afterAll(() => {
      if (template !== "") removeRoot(template);
    });

    it(`runs ${GENERATED_SCRIPTS} generated scripts with no difference`, { timeout: 1_800_000 }, () => {
      const samples = fc.sample(scriptWithTree, { seed: SEED, numRuns: GENERATED_SCRIPTS });
      const realRuns = runScriptsInRoot(template, samples);
      const failures: string[] = [];
      samples.forEach(({ script, seed }, index) => {
        const differences = describeDifferences(
          realRuns[index] as never,
          simulated.runScript(script, index, seed),
        );
        if (differences.length > 0)
          failures.push(`script ${index}:\n${script}\n  ${differences.join("\n  ")}`);
      });
      expect(samples.length).toBeGreaterThanOrEqual(2000);
      expect(failures.slice(0, 10), `${failures.length} of ${samples.length} scripts differ`).toEqual([]);
    });

    it(`runs the ${CORPUS.length} corpus lines with no difference`, { timeout: 1_800_000 }, () => {
      const lines = CORPUS.map((entry) => entry.line);
      const realRuns = runLinesInFreshRoots(template, lines, "/");
      const failures: string[] = [];
      CORPUS.forEach(({ line, source }, index) => {
        const differences = describeDifferences(realRuns[index] as never, simulated.runLine(line));
        if (differences.length > 0)
          failures.push(`corpus ${index} (${source}):\n${line}\n  ${differences.join("\n  ")}`);
      });
      expect(CORPUS.length).toBeGreaterThanOrEqual(300);
      expect(failures.slice(0, 10), `${failures.length} of ${CORPUS.length} lines differ`).toEqual([]);
    });
  },
);
