/**
 * The differential suite through the saved state: every transcript again, with the simulated
 * daemon saved to a `$LAYERCAKE_HOME` and loaded back after every command that can change it, as
 * each `layercake docker` invocation does. Every observation must still equal the recording, so
 * the snapshot keeps everything a docker command can show.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDaemon, saveDaemon } from "../../src/cli/state.ts";
import { listDifferences, readGolden } from "./golden.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const cases = allTranscripts.flatMap((transcript) =>
  listVariants(transcript).map((variant) => ({ transcript, variant })),
);
const root = mkdtempSync(join(tmpdir(), "layercake-roundtrip-"));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("layercake docker with its state saved and loaded after every command", () => {
  it.each(cases.map((item) => [`${item.transcript.name} [${item.variant}]`, item] as const))(
    "reproduces %s",
    (name, { transcript, variant }) => {
      const home = join(root, name.replace(/[^a-z0-9-]+/gi, "_"));
      let reloads = 0;
      const run = runTranscriptOnSimulator(transcript, variant, {
        reloadDaemon(daemon) {
          saveDaemon(home, daemon);
          reloads += 1;
          return loadDaemon(home);
        },
      });
      expect(run.problems).toEqual([]);
      expect(reloads).toBeGreaterThan(0);
      const golden = readGolden(transcript.name)?.variants[variant];
      const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
      expect(listDifferences(golden, actual, 20)).toEqual([]);
    },
  );
});
