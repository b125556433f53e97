/**
 * Runs transcripts against the oracle daemon and writes (or, with --check, compares) their golden
 * files. Node 24 runs it directly:
 *
 *   bash .ci/docker-setup.sh
 *   node shared/test/docker/record.ts            # record every transcript on every profile
 *   node shared/test/docker/record.ts --check    # compare with the golden files, write nothing
 *   node shared/test/docker/record.ts cache-     # only transcripts whose name contains "cache-"
 *   node shared/test/docker/record.ts --profile=26.1-containerd   # one daemon (repeatable)
 */
import { createRealEndpoint, isOracleReachable, textOf } from "./docker-endpoint.ts";
import { listDifferences, readGolden, writeGolden } from "./golden.ts";
import type { GoldenRecording, Observation } from "./observations.ts";
import type { DaemonProfile } from "./profiles.ts";
import { DAEMON_PROFILES, PROFILE_FACTS, parseDaemonProfile } from "./profiles.ts";
import { runTranscript } from "./runner.ts";
import type { Variant } from "./transcript.ts";
import { isRecordedOn, listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const args = process.argv.slice(2);
const check = args.includes("--check");
const filters = args.filter((arg) => !arg.startsWith("--"));
const chosenProfiles = args
  .filter((arg) => arg.startsWith("--profile="))
  .map((arg) => parseDaemonProfile(arg.slice("--profile=".length), "record.ts --profile"));
const profiles: readonly DaemonProfile[] = chosenProfiles.length > 0 ? chosenProfiles : DAEMON_PROFILES;

for (const profile of profiles) {
  if (!isOracleReachable(PROFILE_FACTS[profile])) {
    console.error(
      `The ${profile} oracle daemon is not running on ${PROFILE_FACTS[profile].socket}; start it with: bash .ci/docker-setup.sh`,
    );
    process.exit(2);
  }
}

const selected = allTranscripts.filter(
  (transcript) => filters.length === 0 || filters.some((filter) => transcript.name.includes(filter)),
);
let failures = 0;
for (const profile of profiles) failures += await recordProfile(profile);
process.exit(failures > 0 ? 1 : 0);

/** Records (or checks) the selected transcripts on one daemon; returns the number of problems. */
async function recordProfile(profile: DaemonProfile): Promise<number> {
  const docker = createRealEndpoint(PROFILE_FACTS[profile]);
  const daemon = textOf((await docker.cli(["version", "--format", "{{.Server.Version}}"])).stdout).trim();
  const started = performance.now();
  let runs = 0;
  let observationCount = 0;
  let failures = 0;
  for (const transcript of selected.filter((item) => isRecordedOn(item, profile))) {
    const variants: Partial<Record<Variant, readonly Observation[]>> = {};
    const timings: string[] = [];
    for (const variant of listVariants(transcript)) {
      const run = await runTranscript(transcript, variant, docker);
      runs += 1;
      observationCount += run.observations.filter((observation) => observation.kind !== "edit").length;
      variants[variant] = run.observations;
      timings.push(`${variant} ${(run.milliseconds / 1000).toFixed(1)}s`);
      for (const problem of run.problems) {
        failures += 1;
        console.error(`PROBLEM ${problem}`);
      }
    }
    const recording: GoldenRecording = { transcript: transcript.name, daemon, variants };
    if (check) {
      const golden = readGolden(transcript.name, profile);
      // The containerd store's compressed sizes jitter by a few bytes between runs (golden.ts).
      const sizeJitter = PROFILE_FACTS[profile].store === "containerd";
      const differences = listDifferences(
        golden?.variants,
        JSON.parse(JSON.stringify(recording.variants)),
        10,
        {
          sizeJitter,
        },
      );
      const same = golden !== undefined && golden.daemon === daemon && differences.length === 0;
      if (!same) failures += 1;
      console.log(`${same ? "same   " : "DIFFERS"} ${transcript.name} on ${profile} (${timings.join(", ")})`);
      if (!same) {
        for (const line of differences) console.log(`  ${line}`);
      }
    } else {
      writeGolden(recording, profile);
      console.log(`recorded ${transcript.name} on ${profile} (${timings.join(", ")})`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${selected.length} transcripts, ${runs} runs, ${observationCount} observations in ${seconds.toFixed(1)}s` +
      ` against Docker ${daemon} (${profile})${failures > 0 ? `; ${failures} problem(s)` : ""}`,
  );
  return failures;
}
