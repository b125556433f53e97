/**
 * BuildKit's mount stubs in RUN layers, pinned against the recordings (the transcripts below are
 * pending as a whole on the containerd store for content sizes and whiteout modes, so the
 * differential suite does not hold this part): Docker 26.1 with the containerd image store leaves
 * `dev/`, `proc/` and `sys/` (no `etc/`, unlike overlay2) in the first RUN layer over a base without
 * them, and `docker history` counts a 4 KiB block for each beside the snapshot root's. Recorded in
 * run-empty-and-copy-up.26.1-containerd.docker.json (`RUN true`: the three directories, SIZE 16384)
 * and instructions-every-kind.26.1-containerd.docker.json.
 */
import { describe, expect, it } from "vitest";
import { readGolden } from "./golden.ts";
import type { DaemonProfile } from "./profiles.ts";
import { runTranscriptOnSimulator } from "./simulator-runner.ts";
import { allTranscripts } from "./transcripts/index.ts";

interface LayersObservation {
  kind: "layers";
  layers: { diffId: string; entries?: string[] }[];
}
interface HistoryObservation {
  kind: "history";
  rows: { createdBy: string; size: number }[];
}
type Observation = LayersObservation | HistoryObservation | { kind: string };

const STUBS = /^d 755 0:0 0 (dev|proc|sys)\/$/;

/** The layers that hold mount stubs (their entries), and the history rows of BuildKit's RUN steps. */
function stubsAndRunSizes(observations: readonly Observation[]) {
  const layers = observations.filter((item): item is LayersObservation => item.kind === "layers");
  const history = observations.filter((item): item is HistoryObservation => item.kind === "history");
  return {
    stubLayers: layers.flatMap((item) =>
      item.layers
        .filter((layer) => layer.entries?.some((entry) => STUBS.test(entry)))
        .map((layer) => layer.entries),
    ),
    runSizes: history.flatMap((item) =>
      item.rows.filter((row) => row.createdBy.startsWith("RUN ")).map((row) => [row.createdBy, row.size]),
    ),
  };
}

function compare(name: string, profile: DaemonProfile) {
  const transcript = allTranscripts.find((item) => item.name === name);
  if (transcript === undefined) throw new Error(`no transcript ${name}`);
  const recorded = readGolden(name, profile)?.variants.buildkit as Observation[] | undefined;
  if (recorded === undefined) throw new Error(`no BuildKit recording of ${name} on ${profile}`);
  const simulated = JSON.parse(
    JSON.stringify(runTranscriptOnSimulator(transcript, "buildkit", { profile }).observations),
  ) as Observation[];
  return { recorded: stubsAndRunSizes(recorded), simulated: stubsAndRunSizes(simulated) };
}

describe("BuildKit's mount stubs in RUN layers, as recorded", () => {
  it("on the containerd store: dev/ proc/ sys/ in the first RUN layer, a 4 KiB block each in its history SIZE", () => {
    const { recorded, simulated } = compare("run-empty-and-copy-up", "26.1-containerd");
    expect(recorded.stubLayers).toEqual([["d 755 0:0 0 dev/", "d 755 0:0 0 proc/", "d 755 0:0 0 sys/"]]);
    expect(recorded.runSizes[recorded.runSizes.length - 1]).toEqual([
      "RUN /bin/sh -c true # buildkit",
      16_384,
    ]);
    expect(simulated).toEqual(recorded);
    const every = compare("instructions-every-kind", "26.1-containerd");
    expect(every.recorded.stubLayers).toHaveLength(1);
    expect(every.simulated).toEqual(every.recorded);
  });

  it("on overlay2 (26.1): etc/ besides them, copied up for /etc/hosts and /etc/resolv.conf", () => {
    const { recorded, simulated } = compare("run-empty-and-copy-up", "26.1-overlay2");
    expect(recorded.stubLayers[0]).toContain("d 755 0:0 0 etc/");
    expect(simulated.stubLayers).toEqual(recorded.stubLayers);
  });
});
