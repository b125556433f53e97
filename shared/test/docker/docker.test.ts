/**
 * The Docker differential suite, oracle side: every transcript has golden recordings, and when the
 * oracle daemon runs (`bash .ci/docker-setup.sh`) each transcript is replayed live and must
 * reproduce its recording exactly. With CI set, a missing daemon is a failure.
 * LAYERCAKE_DOCKER_LIVE=0 turns the live part off on a developer machine.
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { createRealEndpoint, isOracleReachable } from "./docker-endpoint.ts";
import { listDifferences, readGolden, TRANSCRIPTS_DIR } from "./golden.ts";
import { isAlignedWith } from "./observations.ts";
import { runTranscript } from "./runner.ts";
import { listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const transcriptFiles = readdirSync(TRANSCRIPTS_DIR)
  .filter((file) => file.endsWith(".ts") && file !== "index.ts")
  .map((file) => basename(file, ".ts"))
  .sort();

describe("docker transcripts", () => {
  it("lists every transcript file in the index, named after its file", () => {
    expect(allTranscripts.map((transcript) => transcript.name)).toEqual(transcriptFiles);
  });

  it("keeps at least 45 transcripts", () => {
    expect(allTranscripts.length).toBeGreaterThanOrEqual(45);
  });

  it("has a golden recording for every variant, one observation per step", () => {
    for (const transcript of allTranscripts) {
      const golden = readGolden(transcript.name);
      expect(golden?.transcript, transcript.name).toBe(transcript.name);
      expect(Object.keys(golden?.variants ?? {}).sort(), transcript.name).toEqual(
        listVariants(transcript).sort(),
      );
      for (const variant of listVariants(transcript)) {
        const observations = golden?.variants[variant] ?? [];
        const kinds = transcript.steps.map((step) => step.kind);
        expect(isAlignedWith(observations, kinds), `${transcript.name} [${variant}]`).toBe(true);
      }
    }
  });

  it("never leaves an unmasked image ID or digest in a golden recording", () => {
    for (const transcript of allTranscripts) {
      const text = JSON.stringify(readGolden(transcript.name));
      expect(text, transcript.name).not.toMatch(/[0-9a-f]{64}/);
    }
  });
});

const live = process.env.LAYERCAKE_DOCKER_LIVE !== "0" && isOracleReachable();

if (live) {
  describe("docker transcripts against the real daemon", () => {
    const docker = createRealEndpoint();
    for (const transcript of allTranscripts) {
      for (const variant of listVariants(transcript)) {
        it(`reproduces the ${transcript.name} recording under ${variant}`, async () => {
          const run = await runTranscript(transcript, variant, docker);
          expect(run.problems).toEqual([]);
          const golden = readGolden(transcript.name)?.variants[variant];
          const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
          expect(listDifferences(golden, actual)).toEqual([]);
        }, 60_000);
      }
    }
  });
} else if (process.env.CI) {
  describe("docker transcripts against the real daemon", () => {
    it("finds the oracle daemon when CI is set (start it with .ci/docker-setup.sh)", () => {
      expect(isOracleReachable()).toBe(true);
    });
  });
} else {
  console.log(
    process.env.LAYERCAKE_DOCKER_LIVE === "0"
      ? "skipping the live Docker replay: turned off by LAYERCAKE_DOCKER_LIVE=0"
      : "skipping the live Docker replay: no daemon on unix:///run/layercake-docker.sock (run `bash .ci/docker-setup.sh` as root)",
  );
}
