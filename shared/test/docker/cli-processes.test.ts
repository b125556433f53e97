/**
 * The recorded transcripts through the bundled `layercake docker` as a person runs it: one process
 * per command, the state in a home of its own, answered by the resident daemon after the first
 * command (src/cli/docker-resident.ts). Every outcome must be the recording's, as in-process
 * (differential.test.ts): what the daemon runs, loads and saves between processes changes nothing.
 * A set that covers both builders, history, inspect, run, diff, commit, save and load; `npm run
 * bench` runs them all and times them against the real daemon.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDaemon } from "../../src/cli/state.ts";
import { buildBundle } from "../bundle.ts";
import { DAEMON_PROFILES, PROFILE_FACTS } from "./profiles.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { isRecordedOn, listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const NAMES = [
  "cache-copy-content",
  "config-fields",
  "container-writes-and-commit",
  "copy-from-image-and-index",
  "add-local-archive",
  "build-cache-usage",
];
const scratch = mkdtempSync(join(tmpdir(), "layercake-cli-processes-"));
const bundle = join(scratch, "cli");
const runtime = mkdtempSync(join(scratch, "run-"));

beforeAll(() => buildBundle(bundle));
// Removing the runtime directory makes the daemon leave.
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(DAEMON_PROFILES)("the transcripts through layercake docker processes (%s)", (profile) => {
  const facts = PROFILE_FACTS[profile];
  const cases = allTranscripts
    .filter((transcript) => NAMES.includes(transcript.name) && isRecordedOn(transcript, profile))
    .flatMap((transcript) => listVariants(transcript).map((variant) => ({ transcript, variant })));

  it.each(cases.map((item) => [`${item.transcript.name} [${item.variant}]`, item] as const))(
    "%s",
    (_, { transcript, variant }) => {
      const home = mkdtempSync(join(scratch, "home-"));
      writeFileSync(
        join(home, "daemon.json"),
        JSON.stringify({ features: { "containerd-snapshotter": facts.store === "containerd" } }),
      );
      const run = runTranscriptOnSimulator(transcript, variant, {
        profile,
        runCommand(args, { cwd, dockerBuildkit }) {
          const result = spawnSync(process.execPath, [join(bundle, "main.js"), "docker", ...args], {
            cwd,
            env: {
              ...process.env,
              XDG_RUNTIME_DIR: runtime,
              LAYERCAKE_HOME: home,
              LAYERCAKE_DOCKER_VERSION: facts.version,
              ...(dockerBuildkit === undefined ? {} : { DOCKER_BUILDKIT: dockerBuildkit }),
            },
            encoding: "utf8",
          });
          return { exitCode: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
        },
        reloadDaemon: () => loadDaemon(home, facts.store),
      });
      expect(run.problems).toEqual([]);
    },
  );
});

describe("the resident daemon behind those processes", () => {
  it("answered them: one daemon served, and nothing stopped it", () => {
    const dir = join(runtime, "layercake");
    expect(existsSync(dir)).toBe(true);
    const logs = readdirSync(dir).filter((name) => name.endsWith(".log"));
    expect(logs).toHaveLength(1);
    const log = readFileSync(join(dir, logs[0] as string), "utf8");
    expect(log).toMatch(/: serving build \d+\n/);
    expect(log).not.toMatch(/leaving|error/);
  });
});
