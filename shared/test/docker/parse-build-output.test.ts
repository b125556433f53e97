import { describe, expect, it } from "vitest";
import { IdMasker } from "./observations.ts";
import { listStageNames, parseBuildKitOutput, parseClassicBuildOutput } from "./parse-build-output.ts";

const TINY = `sha256:2acb491c9ef6${"0".repeat(52)}`;
const STEP2 = `sha256:6b85d34868d4${"1".repeat(52)}`;
const STEP3 = `sha256:28bd8afa71cd${"2".repeat(52)}`;

function maskerKnowing(...ids: string[]): IdMasker {
  const masker = new IdMasker();
  masker.register(ids);
  return masker;
}

describe("parseClassicBuildOutput", () => {
  it("reads hits, misses, RUN output and the image each step produced", () => {
    const stdout = [
      "Sending build context to Docker daemon  3.072kB",
      "Step 1/3 : FROM tiny:1",
      " ---> 2acb491c9ef6",
      "Step 2/3 : LABEL a=1",
      " ---> Using cache",
      " ---> 6b85d34868d4",
      "Step 3/3 : RUN echo hi >&2",
      " ---> Running in f9bf834234c9",
      "\u001b[91mhi",
      "\u001b[0mRemoving intermediate container f9bf834234c9",
      " ---> 28bd8afa71cd",
      "Successfully built 28bd8afa71cd",
      "",
    ].join("\n");
    const { steps, triggers } = parseClassicBuildOutput(stdout, 0, maskerKnowing(TINY, STEP2, STEP3));
    expect(steps).toEqual([
      { position: "1/3", instruction: "FROM tiny:1", status: "base", image: TINY },
      { position: "2/3", instruction: "LABEL a=1", status: "cached", image: STEP2 },
      { position: "3/3", instruction: "RUN echo hi >&2", status: "ran", image: STEP3, output: ["hi"] },
    ]);
    expect(triggers).toEqual([]);
  });

  it("marks the unfinished last step of a failed build as failed and a global ARG as noop", () => {
    const stdout = [
      "Step 1/3 : ARG BASE=tiny:1",
      "Step 2/3 : FROM tiny:1",
      " ---> 2acb491c9ef6",
      "Step 3/3 : RUN false",
      " ---> Running in 4bc3105cbb7f",
    ].join("\n");
    const { steps } = parseClassicBuildOutput(stdout, 1, maskerKnowing(TINY));
    expect(steps.map((step) => step.status)).toEqual(["noop", "base", "failed"]);
  });

  it("records ONBUILD trigger markers after the FROM step", () => {
    const stdout = [
      "Step 1/2 : FROM obp",
      "# Executing 2 build triggers",
      " ---> Running in f20e8d0c91f2",
      "Removing intermediate container f20e8d0c91f2",
      " ---> 6b85d34868d4",
      "Step 2/2 : LABEL child=1",
      " ---> Running in fe49e1bdf5a9",
      "Removing intermediate container fe49e1bdf5a9",
      " ---> 28bd8afa71cd",
    ].join("\n");
    const { steps, triggers } = parseClassicBuildOutput(stdout, 0, maskerKnowing(STEP2, STEP3));
    expect(triggers).toEqual([{ after: "1/2", count: 2, markers: ["ran"] }]);
    expect(steps[0]).toEqual({ position: "1/2", instruction: "FROM obp", status: "base", image: STEP2 });
  });
});

describe("parseBuildKitOutput", () => {
  it("orders vertices by stage and position and drops FROM and internal vertices", () => {
    const stderr = [
      "#1 [internal] load build definition from Dockerfile",
      "#1 DONE 0.0s",
      "#4 [build 1/2] FROM docker.io/library/tiny:1",
      "#4 CACHED",
      "#7 [stage-1 2/2] COPY --from=build /a /a",
      "#7 DONE 0.1s",
      "#5 [build 2/2] RUN echo a > /a",
      "#5 sha256:4e0ccf21a73654e4848bc732394221c082d9ec2e808b8c8a58c952293b5622f5",
      "#5 0.036 printed",
      "#5 DONE 0.0s",
    ].join("\n");
    const { steps, error } = parseBuildKitOutput(stderr, ["build", "stage-1"]);
    expect(steps).toEqual([
      { position: "2/2", stage: "build", instruction: "RUN echo a > /a", status: "ran", output: ["printed"] },
      { position: "2/2", stage: "stage-1", instruction: "COPY --from=build /a /a", status: "ran" },
    ]);
    expect(error).toEqual([]);
  });

  it("keeps the error summary after the progress but not the quoted block", () => {
    const stderr = [
      "#5 [3/4] RUN false",
      "#5 ERROR: executor failed running [/bin/sh -c false]: exit code: 1",
      "------",
      " > [3/4] RUN false:",
      "------",
      "executor failed running [/bin/sh -c false]: exit code: 1",
    ].join("\n");
    const { steps, error } = parseBuildKitOutput(stderr, []);
    expect(steps).toEqual([{ position: "3/4", instruction: "RUN false", status: "failed" }]);
    expect(error).toEqual(["executor failed running [/bin/sh -c false]: exit code: 1"]);
  });
});

describe("listStageNames", () => {
  it("names stages by their AS name in lower case, otherwise stage-<index>", () => {
    expect(listStageNames("FROM a AS Build\nRUN x\nFROM --platform=x b\nFROM build AS final\n")).toEqual([
      "build",
      "stage-1",
      "final",
    ]);
  });
});
