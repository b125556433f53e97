import { describe, expect, it } from "vitest";
import { DOCKER_PROFILES } from "../../core/content-model.ts";
import {
  DEFAULT_LEARNER_PROFILE,
  LEARNER_PROFILES,
  learnerProfile,
  parseLearnerProfile,
} from "./learner-profile.ts";

describe("learner profiles", () => {
  it("cover every content profile once, the containerd store first and by default", () => {
    expect(LEARNER_PROFILES.map((profile) => profile.id).sort()).toEqual([...DOCKER_PROFILES].sort());
    expect(LEARNER_PROFILES[0]?.id).toBe(DEFAULT_LEARNER_PROFILE);
    expect(learnerProfile(DEFAULT_LEARNER_PROFILE).daemon.store).toBe("containerd");
  });

  it("answer each id with the daemon of its engine and store", () => {
    for (const id of DOCKER_PROFILES) {
      const { daemon } = learnerProfile(id);
      expect(`${daemon.engine}-${daemon.store}`).toBe(id);
    }
  });

  it("parse a choice or name the accepted ones", () => {
    expect(parseLearnerProfile(" 26.1-overlay2 ", "--docker")).toBe("26.1-overlay2");
    expect(() => parseLearnerProfile("29", "--docker")).toThrow(
      "--docker: unknown Docker profile '29' (expected one of 26.1-containerd, 26.1-overlay2, 20.10-overlay2)",
    );
  });
});
