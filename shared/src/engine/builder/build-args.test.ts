import { describe, expect, it } from "vitest";
import { LegacyBuildArgs } from "./build-args.ts";

describe("the legacy builder's build args", () => {
  it("gives a declared ARG its --build-arg value, else its default, else the meta ARG's value", () => {
    const args = new LegacyBuildArgs({ A: "given" });
    args.addMetaArg("C", "meta");
    const stage = args.cloneForStage();
    stage.addArg("A", "default");
    stage.addArg("B", "default");
    stage.addArg("C", undefined);
    expect([...stage.allAllowed()]).toEqual([
      ["A", "given"],
      ["B", "default"],
      ["C", "meta"],
    ]);
  });

  it("allows passed proxy args without a declaration but keeps them out of the RUN prefix", () => {
    const args = new LegacyBuildArgs({ HTTP_PROXY: "http://x" }).cloneForStage();
    expect(args.filterAllowed([])).toEqual(["HTTP_PROXY=http://x"]);
    expect(args.isReferencedOrNotBuiltin("HTTP_PROXY")).toBe(false);
    args.addArg("HTTP_PROXY", undefined);
    expect(args.isReferencedOrNotBuiltin("HTTP_PROXY")).toBe(true);
  });

  it("leaves out args the config's Env already sets", () => {
    const args = new LegacyBuildArgs({}).cloneForStage();
    args.addArg("V", "1");
    expect(args.filterAllowed(["V=env"])).toEqual([]);
  });

  it("lists --build-arg names no ARG declared, proxies excepted", () => {
    const args = new LegacyBuildArgs({ X: "1", HTTPS_PROXY: "p", USED: "2" });
    const stage = args.cloneForStage();
    stage.addArg("USED", undefined);
    args.mergeReferenced(stage);
    expect(args.unusedOptions()).toEqual(["X"]);
  });
});
