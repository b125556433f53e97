/**
 * The simulated builders against the real Docker 20.10 daemon: every transcript of the
 * differential suite that builds is replayed (BuildKit as embedded in 20.10) and each build,
 * inspect, history, layers, images and rmi observation must equal the recorded golden.
 * BuildKit's FROM vertex is left out: the daemon prints it DONE, CACHED or not at all at random (F3).
 */
import { describe, expect, it } from "vitest";
import { readGolden } from "../docker/golden.ts";
import type { Observation } from "../docker/observations.ts";
import { allTranscripts } from "../docker/transcripts/index.ts";
import { REPLAYED_KINDS, replayTranscript } from "./support/replay.ts";

/**
 * Observations that depend on the shell, which this replay replaces by a test double (it prints
 * `id` without supplementary groups and does not check permissions); the full CLI replay in
 * test/docker/differential.test.ts reproduces these with the real shell.
 */
const COLLABORATOR_DIFFERENCES: Readonly<Record<string, readonly number[]>> = {
  "user-root-without-etc-group/classic": [0, 1, 2, 3],
  "user-workdir-ownership/classic": [0, 1, 2],
  // The double has no `env` and no `cd`: this transcript is about the shell itself.
  "shell-environment/classic": [0],
  "shell-environment/buildkit": [0],
  // The double has no `stat`, whose output this transcript is about.
  "directory-links/classic": [0],
  "directory-links/buildkit": [0],
  // The double runs no nested `sh -c` (the exec-form RUN) and checks no permissions (`/s` is 0644).
  "fail-error-texts/classic": [4, 5],
  "fail-error-texts/buildkit": [4, 5],
};

/**
 * Transcripts about the shell and busybox's applets themselves: every build runs them, so the
 * double has nothing to show (the CLI replay in test/docker/differential.test.ts runs the real
 * shell).
 */
const SHELL_TRANSCRIPTS = new Set([
  "applets-archives",
  "applets-files",
  "applets-text",
  "applets-time",
  "applets-users",
  "shell-arith-case-functions",
  "shell-getopts-trap",
  "shell-heredocs-and-options",
  "shell-issue-table-language",
  "shell-issue-table-tools",
]);

/**
 * Transcripts this replay cannot drive at all: secrets come from `docker build --secret`, and the
 * prune and `system df` commands are the CLI's (the CLI replay in test/docker/differential.test.ts
 * reproduces them).
 */
const CLI_ONLY = new Set(["secret-mount", "prune", "build-cache-usage", "build-cache-stages"]);

function comparable(observation: Observation, builder: string): unknown {
  if (observation.kind === "build" && builder === "buildkit") {
    return { ...observation, steps: observation.steps.filter((step) => step.status !== "base") };
  }
  return observation;
}

const candidates = allTranscripts.flatMap((transcript) => {
  const golden = readGolden(transcript.name, "20.10");
  if (
    golden === undefined ||
    CLI_ONLY.has(transcript.name) ||
    SHELL_TRANSCRIPTS.has(transcript.name) ||
    !transcript.steps.some((step) => step.kind === "build")
  )
    return [];
  return (["classic", "buildkit"] as const)
    .filter((builder) => golden.variants[builder] !== undefined)
    .map((builder) => {
      const expected = golden.variants[builder] ?? [];
      const skipped = COLLABORATOR_DIFFERENCES[`${transcript.name}/${builder}`] ?? [];
      // The observations this replay can reproduce: of a kind it records, not left to the CLI replay.
      const compared = expected.flatMap((observation, index) =>
        REPLAYED_KINDS.has(observation.kind) && !skipped.includes(index) ? [index] : [],
      );
      return { name: `${transcript.name}/${builder}`, transcript, builder, expected, compared };
    });
});

// A case with nothing to compare would pass whatever the engine did: such variants are left to the
// CLI replay (test/docker/differential.test.ts), which runs them with the real shell.
const cases = candidates.filter((item) => item.compared.length > 0);

describe("recorded Docker 20.10 goldens", () => {
  it("leaves to the CLI replay only the variants whose every observation needs the real shell", () => {
    expect(candidates.filter((item) => item.compared.length === 0).map((item) => item.name)).toEqual([
      "directory-links/classic",
      "directory-links/buildkit",
      "shell-environment/classic",
      "shell-environment/buildkit",
      "user-root-without-etc-group/classic",
      "user-workdir-ownership/classic",
    ]);
  });

  it.each(cases.map((item) => [`${item.transcript.name} (${item.builder})`, item] as const))(
    "reproduces %s",
    (_name, { transcript, builder, expected, compared }) => {
      const { observations } = replayTranscript(transcript, builder);
      for (const index of compared) {
        const observation = expected[index] as Observation;
        const actual = observations[index];
        expect(
          actual === undefined ? undefined : comparable(actual, builder),
          `observation #${index} (${observation.kind})`,
        ).toEqual(comparable(observation, builder));
      }
    },
  );
});
