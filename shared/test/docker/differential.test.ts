/**
 * The differential suite, simulator side: every transcript is replayed through `layercake docker`
 * (the CLI's command layer over a fresh simulated daemon) and every observation — cache hits per
 * step, history rows, layer counts and entries, config fields, image and container sizes, diff
 * entries, command output and exit codes — must equal the recording of the real Docker 20.10 daemon
 * for the same builder. docker.test.ts proves the recordings still match the live daemon.
 */
import { describe, expect, it } from "vitest";
import { listDifferences, readGolden } from "./golden.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const cases = allTranscripts.flatMap((transcript) =>
  listVariants(transcript).map((variant) => ({ transcript, variant })),
);

describe("layercake docker against the recorded Docker 20.10 daemon", () => {
  it("replays at least 40 transcripts", () => {
    expect(new Set(cases.map((item) => item.transcript.name)).size).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((item) => [`${item.transcript.name} [${item.variant}]`, item] as const))(
    "reproduces %s",
    (_name, { transcript, variant }) => {
      const golden = readGolden(transcript.name)?.variants[variant];
      const run = runTranscriptOnSimulator(transcript, variant);
      expect(run.problems).toEqual([]);
      const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
      expect(listDifferences(golden, actual, 20)).toEqual([]);
    },
  );
});
