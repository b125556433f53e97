/**
 * The differential suite, simulator side: every transcript is replayed through `layercake docker`
 * (the CLI's command layer over a fresh simulated daemon answering as the recording's profile) and
 * every observation — cache hits per step, history rows, layer counts and entries, config fields,
 * image and container sizes, diff entries, command output and exit codes — must equal the recording
 * of the real daemon of that profile for the same builder. docker.test.ts proves the recordings
 * still match the live daemons.
 *
 * A recording the simulator does not reproduce yet is listed in pending.ts with the reason, stays
 * out of the replayed set, and is checked to still differ (so the list cannot go stale).
 */
import { describe, expect, it } from "vitest";
import { listDifferences, readGolden } from "./golden.ts";
import { PENDING } from "./pending.ts";
import { DAEMON_PROFILES, PROFILE_FACTS } from "./profiles.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { isRecordedOn, listVariants } from "./transcript.ts";
import { allTranscripts } from "./transcripts/index.ts";

const everyCase = allTranscripts.flatMap((transcript) =>
  listVariants(transcript).map((variant) => ({
    transcript,
    variant,
    key: `${transcript.name} [${variant}]`,
  })),
);

/** The simulator's observations as JSON, and how they differ from the recording. */
function differencesFrom(
  profile: (typeof DAEMON_PROFILES)[number],
  item: (typeof everyCase)[number],
): { problems: string[]; differences: string[] } {
  const golden = readGolden(item.transcript.name, profile)?.variants[item.variant];
  const run = runTranscriptOnSimulator(item.transcript, item.variant, { profile });
  const actual = JSON.parse(JSON.stringify(run.observations)) as unknown;
  const sizeJitter = PROFILE_FACTS[profile].store === "containerd";
  return { problems: run.problems, differences: listDifferences(golden, actual, 20, { sizeJitter }) };
}

for (const profile of DAEMON_PROFILES) {
  const pending = PENDING[profile];
  const recorded = everyCase.filter((item) => isRecordedOn(item.transcript, profile));
  const replayed = recorded.filter((item) => !pending.has(item.key));
  const waiting = recorded.filter((item) => pending.has(item.key));

  describe(`layercake docker against the recorded Docker ${profile} daemon`, () => {
    if (profile === "20.10") {
      it("replays at least 40 transcripts", () => {
        expect(new Set(replayed.map((item) => item.transcript.name)).size).toBeGreaterThanOrEqual(40);
      });
    }

    it("lists as pending only recordings of this suite, each with a reason", () => {
      const known = new Set(recorded.map((item) => item.key));
      for (const [key, reason] of pending) {
        expect(known.has(key), key).toBe(true);
        expect(reason.length, key).toBeGreaterThan(10);
      }
    });

    it.each(replayed.map((item) => [item.key, item] as const))("reproduces %s", (_name, item) => {
      const { problems, differences } = differencesFrom(profile, item);
      expect(problems).toEqual([]);
      expect(differences).toEqual([]);
    });

    if (waiting.length > 0) {
      it.each(waiting.map((item) => [item.key, item] as const))(
        "does not reproduce %s yet (pending.ts; move it back once it does)",
        (_name, item) => {
          const { problems, differences } = differencesFrom(profile, item);
          expect(problems.length + differences.length).toBeGreaterThan(0);
        },
      );
    }
  });
}
