/**
 * `npm run bench`: the recorded differential transcripts through `layercake docker` as whole
 * processes (bin/layercake.js, one process per docker command, state in a fresh $LAYERCAKE_HOME per
 * run) and through the real Docker daemon, interleaved run by run so both see the same load.
 * Prints both sums and the ratio (target: the CLI at least 5× faster, issue 18).
 *
 * What each side's time holds: the daemon side is the transcript runner's own time (its reset of
 * the daemon to tiny:1, the transcript's commands, and the docker commands and Engine API reads it
 * makes to observe the results); the CLI side is the same runner over `layercake docker` processes,
 * whose observations are read from the saved state in this process (also printed: the time spent
 * in the processes alone).
 *
 * The daemon is the oracle on $DOCKER_HOST (default unix:///run/layercake-docker.sock), used as
 * the live differential replay uses it: the runner resets it to tiny:1 before each transcript, so
 * run this bench only when nobody is recording against that daemon. Without an answering daemon,
 * or with LAYERCAKE_DOCKER_LIVE=0, the daemon half is skipped with a note.
 * The CLI runs as a user meets it, with its resident daemon already running (as the real daemon
 * is; started before the timing by one command, in a runtime directory of the bench's own), and
 * again with every command in its own process (`LAYERCAKE_DOCKER_RESIDENT=0`), both printed.
 * Usage: node bench/cli-transcripts.ts [--profile 20.10|26.1-overlay2|26.1-containerd] [--all | transcript-name…]
 * (`--all`: every transcript recorded on that profile)
 * (default profile 26.1-overlay2: the CLI answers as that daemon and the daemon of that profile is timed).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../src/platform/node.ts";
import { loadDaemon } from "../src/cli/state.ts";
import { createRealEndpoint, isOracleReachable } from "../test/docker/docker-endpoint.ts";
import { DAEMON_PROFILES, type DaemonProfile, PROFILE_FACTS } from "../test/docker/profiles.ts";
import { runTranscript } from "../test/docker/runner.ts";
import { runTranscriptOnSimulator } from "../test/docker/simulator-runner.ts";
import { isRecordedOn, listVariants } from "../test/docker/transcript.ts";
import { allTranscripts } from "../test/docker/transcripts/index.ts";
import { useOwnRuntimeDir, waitForWarmDaemon } from "./resident-daemon.ts";

const PACKAGE = join(import.meta.dirname, "..");
const LAUNCHER = join(PACKAGE, "bin", "layercake.js");
/** The default set: builds with both builders, history, inspect, run, diff, commit, save and load. */
const DEFAULT_TRANSCRIPTS = [
  "cache-copy-content",
  "cache-env-change",
  "config-fields",
  "container-lifecycle",
  "container-writes-and-commit",
  "copy-from-image-and-index",
  "add-local-archive",
  "build-cache-usage",
];

const argv = process.argv.slice(2);
const profileFlag = argv.indexOf("--profile");
const profile = (profileFlag === -1 ? "26.1-overlay2" : argv[profileFlag + 1]) as DaemonProfile;
if (!DAEMON_PROFILES.includes(profile))
  throw new Error(`--profile takes one of ${DAEMON_PROFILES.join(", ")}`);
const facts = PROFILE_FACTS[profile];
const requested =
  profileFlag === -1 ? argv : argv.filter((_, index) => index !== profileFlag && index !== profileFlag + 1);
const names = requested.includes("--all")
  ? allTranscripts
      .filter((transcript) => isRecordedOn(transcript, profile))
      .map((transcript) => transcript.name)
  : requested.length > 0
    ? requested
    : DEFAULT_TRANSCRIPTS;
const transcripts = names.map((name) => {
  const transcript = allTranscripts.find((candidate) => candidate.name === name);
  if (transcript === undefined) throw new Error(`no transcript named ${name}`);
  return transcript;
});

const daemonNote =
  process.env.LAYERCAKE_DOCKER_LIVE === "0"
    ? "skipped: LAYERCAKE_DOCKER_LIVE=0"
    : isOracleReachable(facts)
      ? undefined
      : `skipped: the Docker ${profile} daemon does not answer on unix://${facts.socket} (run \`bash .ci/docker-setup.sh\` as root)`;
const docker = daemonNote === undefined ? createRealEndpoint(facts) : undefined;

execFileSync(process.execPath, [join(PACKAGE, "scripts", "bundle-cli.mjs")], { stdio: "ignore" });

const runtimeDir = useOwnRuntimeDir();
const MODES = [
  { label: "with its resident daemon", env: {} },
  { label: "each command in its own process", env: { LAYERCAKE_DOCKER_RESIDENT: "0" } },
] as const;
const totals = MODES.map(() => ({ cliMs: 0, processMs: 0, processes: 0 }));

/** Starts the resident daemon (one command) and waits until it listens. */
function startDaemon(): void {
  const home = mkdtempSync(join(tmpdir(), "layercake-bench-transcript-"));
  spawnSync(process.execPath, [LAUNCHER, "docker", "version"], {
    env: { ...process.env, LAYERCAKE_HOME: home },
    stdio: "ignore",
  });
  rmSync(home, { recursive: true, force: true });
  waitForWarmDaemon(runtimeDir);
}
startDaemon();

let daemonMs = 0;
let runs = 0;
const problems: string[] = [];
for (const transcript of transcripts) {
  for (const variant of listVariants(transcript)) {
    for (const [index, mode] of MODES.entries()) {
      const total = totals[index] as (typeof totals)[number];
      const home = mkdtempSync(join(tmpdir(), "layercake-bench-transcript-"));
      // The CLI answers as the timed daemon: its version and image store.
      writeFileSync(
        join(home, "daemon.json"),
        JSON.stringify({ features: { "containerd-snapshotter": facts.store === "containerd" } }),
      );
      try {
        const run = runTranscriptOnSimulator(transcript, variant, {
          profile,
          runCommand(args, { cwd, dockerBuildkit }) {
            const started = performance.now();
            const result = spawnSync(process.execPath, [LAUNCHER, "docker", ...args], {
              cwd,
              env: {
                ...process.env,
                ...mode.env,
                LAYERCAKE_HOME: home,
                LAYERCAKE_DOCKER_VERSION: facts.version,
                ...(dockerBuildkit === undefined ? {} : { DOCKER_BUILDKIT: dockerBuildkit }),
              },
              encoding: "utf8",
            });
            total.processMs += performance.now() - started;
            total.processes += 1;
            return { exitCode: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
          },
          reloadDaemon: () => loadDaemon(home, facts.store),
        });
        total.cliMs += run.milliseconds;
        problems.push(...run.problems.map((problem) => `${mode.label}: ${problem}`));
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
    if (docker !== undefined) daemonMs += (await runTranscript(transcript, variant, docker)).milliseconds;
    runs += 1;
  }
}
rmSync(runtimeDir, { recursive: true, force: true });

console.log(
  `differential transcripts through the whole CLI: ${transcripts.length} transcripts, ${runs} runs (both builders where recorded)`,
);
for (const [index, mode] of MODES.entries()) {
  const { cliMs, processMs, processes } = totals[index] as (typeof totals)[number];
  console.log(
    `  layercake docker ${mode.label}: ${(cliMs / 1000).toFixed(1)} s (${processes} processes, ${(processMs / 1000).toFixed(1)} s of them; ${(processMs / processes).toFixed(0)} ms each)`,
  );
}
if (problems.length > 0)
  console.log(`  the CLI runs differed from the transcripts' outcomes: ${problems.join("; ")}`);
if (docker === undefined) console.log(`  real daemon: ${daemonNote}; no ratio`);
else {
  console.log(
    `  real Docker ${profile} daemon (${facts.cli} on unix://${facts.socket}): ${(daemonMs / 1000).toFixed(1)} s`,
  );
  for (const [index, mode] of MODES.entries()) {
    const { cliMs } = totals[index] as (typeof totals)[number];
    console.log(
      `  ratio daemon / layercake docker ${mode.label}: ${(daemonMs / cliMs).toFixed(1)}×${index === 0 ? " (target ≥ 5×)" : ""}`,
    );
  }
}
