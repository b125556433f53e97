/**
 * The Docker differential suite, oracle side: every transcript has a golden recording per daemon
 * profile (Docker 20.10; Docker 26.1 with overlay2; Docker 26.1 with the containerd image store).
 * This file checks the recordings; live-*.test.ts replay them against the running daemons (one file
 * per daemon, so that Vitest runs them side by side; see live-replay.ts).
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { readGolden, TRANSCRIPTS_DIR } from "./golden.ts";
import { isAlignedWith } from "./observations.ts";
import { DAEMON_PROFILES, PROFILE_FACTS } from "./profiles.ts";
import { isRecordedOn, listVariants } from "./transcript.ts";
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

  it("has no recording that belongs to no transcript", () => {
    const names = new Set(allTranscripts.map((transcript) => transcript.name));
    const orphans = readdirSync(TRANSCRIPTS_DIR)
      .filter((file) => file.endsWith(".docker.json"))
      .filter((file) => !names.has(file.replace(/(\.26\.1-(overlay2|containerd))?\.docker\.json$/, "")));
    expect(orphans).toEqual([]);
  });

  for (const profile of DAEMON_PROFILES) {
    it(`has a ${profile} recording for every variant, one observation per step`, () => {
      for (const transcript of allTranscripts) {
        if (!isRecordedOn(transcript, profile)) {
          expect(
            readGolden(transcript.name, profile),
            `${transcript.name} is not for ${profile}`,
          ).toBeUndefined();
          continue;
        }
        const golden = readGolden(transcript.name, profile);
        expect(golden?.transcript, `${transcript.name} on ${profile}`).toBe(transcript.name);
        expect(golden?.daemon.startsWith(`${PROFILE_FACTS[profile].version}.`), transcript.name).toBe(true);
        expect(Object.keys(golden?.variants ?? {}).sort(), transcript.name).toEqual(
          listVariants(transcript).sort(),
        );
        for (const variant of listVariants(transcript)) {
          const observations = golden?.variants[variant] ?? [];
          const kinds = transcript.steps.map((step) => step.kind);
          expect(isAlignedWith(observations, kinds), `${transcript.name} [${variant}] on ${profile}`).toBe(
            true,
          );
        }
      }
    });

    it(`never leaves an unmasked image ID or digest in a ${profile} recording`, () => {
      for (const transcript of allTranscripts.filter((item) => isRecordedOn(item, profile))) {
        const text = JSON.stringify(readGolden(transcript.name, profile));
        expect(text, transcript.name).not.toMatch(/[0-9a-f]{64}/);
      }
    });
  }
});
