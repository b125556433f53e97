import { describe, expect, it } from "vitest";
import { parseBuildSteps, renderCacheDiagram } from "./cache-diagram.ts";

const buildkit = `$ docker build -t demo .
#5 [2/4] WORKDIR /app
#5 CACHED

$ docker build -t demo .
#4 [1/4] FROM docker.io/library/tiny:1
#5 [2/4] WORKDIR /app
#5 CACHED
#6 [3/4] COPY app.txt /app/
#6 DONE 0.0s
#7 [4/4] RUN cat /app/app.txt > /app/built
#7 DONE 0.1s`;

const classic = `$ DOCKER_BUILDKIT=0 docker build -t demo .
Step 1/3 : FROM tiny:1
Step 2/3 : COPY app.txt /app/
 ---> Using cache
 ---> 1234
Step 3/3 : RUN cat /app/app.txt
 ---> Running in abc`;

describe("the build-cache diagram", () => {
  it("reads the last build of a BuildKit transcript, step by step", () => {
    expect(parseBuildSteps(buildkit)).toEqual([
      { instruction: "WORKDIR /app", cached: true },
      { instruction: "COPY app.txt /app/", cached: false },
      { instruction: "RUN cat /app/app.txt > /app/built", cached: false },
    ]);
  });

  it("reads the classic builder's Using cache lines", () => {
    expect(parseBuildSteps(classic)).toEqual([
      { instruction: "COPY app.txt /app/", cached: true },
      { instruction: "RUN cat /app/app.txt", cached: false },
    ]);
  });

  it("draws a row per step and names the first miss", () => {
    const svg = renderCacheDiagram(parseBuildSteps(buildkit), "cache-1") ?? "";
    expect(svg.match(/>CACHED</g)).toHaveLength(1);
    expect(svg.match(/>RAN</g)).toHaveLength(2);
    expect(svg).toContain("The first miss is step 2; every step after it runs again.");
    expect(svg).toContain("RUN cat /app/app.txt &gt; /app/built");
    expect(renderCacheDiagram([], "x")).toBeUndefined();
  });
});
