/**
 * The differential suite through the saved state: every transcript again, with the simulated
 * daemon saved to a `$LAYERCAKE_HOME` and loaded back after every command that can change it, as
 * each `layercake docker` invocation does. Every observation must still equal the recording, so
 * the snapshot keeps everything a docker command can show — in every recorded profile (image IDs
 * on the containerd store, cache mounts and loaded config bytes are state too).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDaemon, saveDaemon } from "../../src/cli/state.ts";
import { listDifferences, readGolden } from "./golden.ts";
import { PENDING } from "./pending.ts";
import { DAEMON_PROFILES, PROFILE_FACTS } from "./profiles.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { isRecordedOn, listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const cases = DAEMON_PROFILES.flatMap((profile) =>
  allTranscripts
    .filter((transcript) => isRecordedOn(transcript, profile))
    .flatMap((transcript) =>
      listVariants(transcript).map((variant) => ({
        transcript,
        variant,
        profile,
        key: `${transcript.name} [${variant}]`,
      })),
    )
    // What the simulator does not reproduce yet (pending.ts) cannot be compared after a reload either.
    .filter((item) => !PENDING[profile].has(item.key)),
);
const root = mkdtempSync(join(tmpdir(), "layercake-roundtrip-"));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("layercake docker with its state saved and loaded after every command", () => {
  it.each(cases.map((item) => [`${item.key} on ${item.profile}`, item] as const))(
    "reproduces %s",
    (name, { transcript, variant, profile }) => {
      const home = join(root, name.replace(/[^a-z0-9-]+/gi, "_"));
      let reloads = 0;
      const run = runTranscriptOnSimulator(transcript, variant, {
        profile,
        reloadDaemon(daemon) {
          saveDaemon(home, PROFILE_FACTS[profile].store, daemon);
          reloads += 1;
          return loadDaemon(home, PROFILE_FACTS[profile].store);
        },
      });
      expect(run.problems).toEqual([]);
      expect(reloads).toBeGreaterThan(0);
      const golden = readGolden(transcript.name, profile)?.variants[variant];
      const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
      const sizeJitter = PROFILE_FACTS[profile].store === "containerd";
      expect(listDifferences(golden, actual, 20, { sizeJitter })).toEqual([]);
    },
  );
});
