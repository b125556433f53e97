/**
 * One differential transcript through the real Docker 20.10 daemon (`/usr/bin/docker` on
 * `/run/layercake-docker.sock`, started by `bash .ci/docker-setup.sh`) and through the simulator
 * (`layercake docker`, in-process), timed in the same run; prints both wall times and their ratio.
 * Usage: node bench/docker-vs-simulator.ts [transcript-name] (default cache-copy-content).
 */
import "../src/platform/node.ts";
import { createRealEndpoint, isOracleReachable } from "../test/docker/docker-endpoint.ts";
import { PROFILE_FACTS } from "../test/docker/profiles.ts";
import { runTranscript } from "../test/docker/runner.ts";
import { runTranscriptOnSimulator } from "../test/docker/simulator-runner.ts";
import { listVariants } from "../test/docker/transcript.ts";
import { allTranscripts } from "../test/docker/transcripts/index.ts";

const name = process.argv[2] ?? "cache-copy-content";
const transcript = allTranscripts.find((candidate) => candidate.name === name);
if (transcript === undefined) {
  console.error(`no transcript named ${name}`);
  process.exit(1);
}
const variants = listVariants(transcript);

// Warm the simulator's module graph and the catalog once, as the daemon is already warm.
runTranscriptOnSimulator(transcript, variants[0] ?? "none");
let simulatorMs = 0;
for (const variant of variants) simulatorMs += runTranscriptOnSimulator(transcript, variant).milliseconds;

console.log(
  `docker vs simulator — transcript ${name} (${variants.join(", ")}; ${transcript.steps.length} steps each)`,
);
console.log(`  simulator (layercake docker, in-process): ${simulatorMs.toFixed(1)} ms`);
if (!isOracleReachable(PROFILE_FACTS["20.10"])) {
  console.log("  real daemon: not reachable (run `bash .ci/docker-setup.sh` first); no ratio");
} else {
  const docker = createRealEndpoint(PROFILE_FACTS["20.10"]);
  let dockerMs = 0;
  for (const variant of variants) dockerMs += (await runTranscript(transcript, variant, docker)).milliseconds;
  console.log(`  real daemon (/usr/bin/docker 20.10):       ${dockerMs.toFixed(1)} ms`);
  console.log(`  ratio docker / simulator:                 ${(dockerMs / simulatorMs).toFixed(0)}×`);
}
