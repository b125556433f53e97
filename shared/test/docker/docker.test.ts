/**
 * The Docker differential suite, oracle side: every transcript has a golden recording per daemon
 * profile (Docker 20.10; Docker 26.1 with overlay2; Docker 26.1 with the containerd image store),
 * and when a profile's oracle daemon runs (`bash .ci/docker-setup.sh` starts all three) each
 * transcript is replayed live against it and must reproduce that profile's recording exactly. With
 * CI set, a missing daemon is a failure. LAYERCAKE_DOCKER_LIVE=0 turns the live part off on a
 * developer machine; LAYERCAKE_DOCKER_PROFILES (space-separated) limits it to some daemons.
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { createRealEndpoint, isOracleReachable } from "./docker-endpoint.ts";
import { listDifferences, readGolden, TRANSCRIPTS_DIR } from "./golden.ts";
import { isAlignedWith } from "./observations.ts";
import { DAEMON_PROFILES, PROFILE_FACTS, parseDaemonProfile } from "./profiles.ts";
import { runTranscript } from "./runner.ts";
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
      for (const transcript of allTranscripts) {
        const text = JSON.stringify(readGolden(transcript.name, profile));
        expect(text, transcript.name).not.toMatch(/[0-9a-f]{64}/);
      }
    });
  }
});

const liveProfiles = (process.env.LAYERCAKE_DOCKER_PROFILES?.trim() || DAEMON_PROFILES.join(" "))
  .split(/\s+/)
  .map((text) => parseDaemonProfile(text, "LAYERCAKE_DOCKER_PROFILES"));

for (const profile of liveProfiles) {
  const facts = PROFILE_FACTS[profile];
  const live = process.env.LAYERCAKE_DOCKER_LIVE !== "0" && isOracleReachable(facts);
  if (live) {
    describe(`docker transcripts against the real ${profile} daemon`, () => {
      const docker = createRealEndpoint(facts);
      for (const transcript of allTranscripts.filter((item) => isRecordedOn(item, profile))) {
        for (const variant of listVariants(transcript)) {
          it(`reproduces the ${transcript.name} recording under ${variant}`, async () => {
            const run = await runTranscript(transcript, variant, docker);
            expect(run.problems).toEqual([]);
            const golden = readGolden(transcript.name, profile)?.variants[variant];
            const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
            // The containerd store's compressed sizes jitter by a few bytes (golden.ts).
            expect(listDifferences(golden, actual, 10, { sizeJitter: facts.store === "containerd" })).toEqual(
              [],
            );
          }, 90_000);
        }
      }
    });
  } else if (process.env.CI) {
    describe(`docker transcripts against the real ${profile} daemon`, () => {
      it(`finds the ${profile} oracle daemon when CI is set (start it with .ci/docker-setup.sh)`, () => {
        expect(isOracleReachable(facts)).toBe(true);
      });
    });
  } else {
    console.log(
      process.env.LAYERCAKE_DOCKER_LIVE === "0"
        ? `skipping the live ${profile} Docker replay: turned off by LAYERCAKE_DOCKER_LIVE=0`
        : `skipping the live ${profile} Docker replay: no daemon on unix://${facts.socket} (run \`bash .ci/docker-setup.sh\` as root)`,
    );
  }
}
