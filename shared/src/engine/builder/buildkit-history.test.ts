import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../image/types.ts";
import { normalizeBuildKitHistory } from "./buildkit-vertex.ts";

const BASE = "2024-01-01T00:00:00Z";
const RUN = "2026-11-22T10:00:00Z";
const LATER = "2026-11-22T10:00:05Z";
const NOW = "2026-11-22T10:00:09Z";
const dated = (created: string, created_by: string): HistoryEntry => ({ created, created_by });
const undated = (created_by: string): HistoryEntry => ({ created: "", created_by, empty_layer: true });
const times = (history: HistoryEntry[]) => history.map((entry) => `${entry.created_by}@${entry.created}`);

describe("BuildKit history times (Docker 20.10's normalizeLayersAndHistory)", () => {
  it("dates a metadata step before the first RUN with that RUN's time, not the base image's", () => {
    const history = [dated(BASE, "base"), undated("ENV A=1"), dated(RUN, "RUN a"), undated("LABEL b=2")];
    expect(times(normalizeBuildKitHistory(history, NOW))).toEqual([
      `base@${BASE}`,
      `ENV A=1@${RUN}`,
      `RUN a@${RUN}`,
      `LABEL b=2@${RUN}`,
    ]);
  });

  it("dates the first metadata step after a layer with the next layer's time (seen on Docker 20.10)", () => {
    const history = [dated(BASE, "base"), dated(RUN, "RUN a"), undated("ENV A=1"), dated(LATER, "RUN b")];
    expect(times(normalizeBuildKitHistory(history, NOW))).toEqual([
      `base@${BASE}`,
      `RUN a@${RUN}`,
      `ENV A=1@${LATER}`,
      `RUN b@${LATER}`,
    ]);
  });

  it("dates later metadata steps with the closest layer before them", () => {
    const history = [
      dated(BASE, "base"),
      undated("ENV A=1"),
      dated(RUN, "RUN a"),
      undated("ENV B=2"),
      dated(LATER, "RUN b"),
      undated("CMD"),
    ];
    expect(times(normalizeBuildKitHistory(history, NOW))).toEqual([
      `base@${BASE}`,
      `ENV A=1@${RUN}`,
      `RUN a@${RUN}`,
      `ENV B=2@${RUN}`,
      `RUN b@${LATER}`,
      `CMD@${LATER}`,
    ]);
  });

  it("gives a metadata-only build the base image's time, and an undated history the fallback", () => {
    expect(times(normalizeBuildKitHistory([dated(BASE, "base"), undated("ENV A=1")], NOW))).toEqual([
      `base@${BASE}`,
      `ENV A=1@${BASE}`,
    ]);
    expect(times(normalizeBuildKitHistory([undated("ENV A=1")], NOW))).toEqual([`ENV A=1@${NOW}`]);
  });
});
