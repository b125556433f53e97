import { describe, expect, it } from "vitest";
import type { Layer } from "../image/types.ts";
import {
  type BuildKitCacheRecord,
  type BuildKitKeyInputs,
  computeBuildKitKey,
  explainBuildKitMiss,
} from "./buildkit.ts";

const run = (env: string, parentKey = "p"): BuildKitKeyInputs => ({
  kind: "exec",
  parentKey,
  op: { args: '["/bin/sh","-c","true"]', env, cwd: "/", user: "" },
});

function record(inputs: BuildKitKeyInputs, slot = "0#1"): BuildKitCacheRecord {
  return {
    key: computeBuildKitKey(inputs),
    inputs,
    description: "",
    slot,
    layer: {} as Layer,
    snapshot: [],
    createdMs: 0,
    sequence: 1,
  };
}

describe("BuildKit cache keys", () => {
  it("depend on the op, the input key and the content, not on where the sources came from", () => {
    const copy = (contentKey: string, parentKey = "p"): BuildKitKeyInputs => ({
      kind: "copy",
      parentKey,
      op: { dest: "/a" },
      contentKey,
    });
    expect(computeBuildKitKey(copy("c1"))).toBe(computeBuildKitKey(copy("c1")));
    expect(computeBuildKitKey(copy("c1"))).not.toBe(computeBuildKitKey(copy("c2")));
    expect(computeBuildKitKey(copy("c1"))).not.toBe(computeBuildKitKey(copy("c1", "q")));
  });

  it("explains an ARG value change in a RUN's env as C-ARG1 and an ENV change as C-ENV2", () => {
    const records = [record(run("PATH=/bin\nV=1\nE=1"))];
    const context = { declaredArgs: new Set(["V"]), noCache: false };
    expect(
      explainBuildKitMiss(run("PATH=/bin\nV=2\nE=1"), "0#1", records, context).map((item) => item.rule),
    ).toEqual(["C-ARG1"]);
    expect(
      explainBuildKitMiss(run("PATH=/bin\nV=1\nE=2"), "0#1", records, context).map((item) => item.rule),
    ).toEqual(["C-ENV2"]);
  });

  it("blames the input when the same op exists on another input (R14)", () => {
    const records = [record(run("A=1", "old"))];
    const reasons = explainBuildKitMiss(run("A=1", "new"), "0#1", records, {
      declaredArgs: new Set(),
      noCache: false,
    });
    expect(reasons.map((item) => item.code)).toEqual(["input-changed"]);
  });
});
