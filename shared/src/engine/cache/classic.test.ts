import { describe, expect, it } from "vitest";
import type { ContainerConfig, Image } from "../image/types.ts";
import {
  compareContainerConfigs,
  explainClassicMiss,
  findCachedChild,
  probeClassicCache,
} from "./classic.ts";

const image = (name: string) => ({ id: name }) as unknown as Image;
const base: ContainerConfig = { Cmd: ["/bin/sh", "-c", "true"], Env: ["A=1"], Labels: { l: "1" }, User: "" };

describe("the legacy cache comparison", () => {
  it("compares Cmd, Env, Labels, ports, Entrypoint, Volumes and User, but not WorkingDir or Healthcheck", () => {
    expect(
      compareContainerConfigs(base, { ...base, WorkingDir: "/x", Healthcheck: { Test: ["NONE"] } }),
    ).toBe(true);
    expect(compareContainerConfigs(base, { ...base, Env: ["A=2"] })).toBe(false);
    expect(compareContainerConfigs(base, { ...base, Labels: { l: "2" } })).toBe(false);
    expect(compareContainerConfigs(base, { ...base, ExposedPorts: { "80/tcp": {} } })).toBe(false);
    expect(compareContainerConfigs(base, { ...base, User: "1000" })).toBe(false);
    expect(compareContainerConfigs(base, { ...base, OpenStdin: true })).toBe(false);
  });

  it("prefers the most recently created match, then the one stored last", () => {
    const candidates = [
      { image: image("old"), containerConfig: base, createdMs: 1, sequence: 1 },
      { image: image("new"), containerConfig: base, createdMs: 2, sequence: 2 },
      { image: image("same-time"), containerConfig: base, createdMs: 2, sequence: 3 },
    ];
    expect(findCachedChild(candidates, base)?.image).toEqual(image("same-time"));
  });

  it("stops probing after a miss in the stage (C1) and never probes with --no-cache", () => {
    const candidates = [{ image: image("x"), containerConfig: base, createdMs: 1, sequence: 1 }];
    expect(
      probeClassicCache({ busted: true, noCache: false }, candidates, base, "command").reasons[0]?.rule,
    ).toBe("C1");
    expect(
      probeClassicCache({ busted: false, noCache: true }, candidates, base, "command").hit,
    ).toBeUndefined();
    expect(
      probeClassicCache({ busted: false, noCache: false }, candidates, base, "command").hit?.image,
    ).toEqual(image("x"));
  });
});

describe("explaining a legacy miss", () => {
  const child = (cmd: string[], extra: ContainerConfig = {}) => ({
    image: image("c"),
    containerConfig: { ...base, ...extra, Cmd: cmd },
    createdMs: 1,
    sequence: 1,
  });

  it("names a changed build arg from the RUN prefix", () => {
    const reasons = explainClassicMiss([child(["|1", "V=1", "/bin/sh", "-c", "true"])], {
      ...base,
      Cmd: ["|1", "V=2", "/bin/sh", "-c", "true"],
    });
    expect(reasons.map((item) => item.message)).toEqual([
      "build arg V changed and this RUN follows ARG V (C-ARG1)",
    ]);
  });

  it("names the |0 prefix of a proxy build arg", () => {
    const reasons = explainClassicMiss([child(["/bin/sh", "-c", "true"])], {
      ...base,
      Cmd: ["|0", "/bin/sh", "-c", "true"],
    });
    expect(reasons[0]?.rule).toBe("C-ARG3");
  });

  it("names a changed environment for the same command", () => {
    const reasons = explainClassicMiss([child(base.Cmd ?? [])], { ...base, Env: ["A=2"] });
    expect(reasons.map((item) => item.message)).toEqual([
      "ENV A differs from the cached step's environment (C-ENV1)",
    ]);
  });

  it("names the files whose checksum changed for a COPY", () => {
    const cached = child(["/bin/sh", "-c", "#(nop) COPY file:aa in /a.txt "]);
    const reasons = explainClassicMiss(
      [cached],
      { ...base, Cmd: ["/bin/sh", "-c", "#(nop) COPY file:bb in /a.txt "] },
      {
        sourceDigests: () => new Map([["a.txt", "bb"]]),
        sourceDigestsOf: () => () => new Map([["a.txt", "aa"]]),
      },
    );
    expect(reasons.map((item) => item.message)).toEqual(["the checksum of a.txt changed (R12)"]);
  });
});
