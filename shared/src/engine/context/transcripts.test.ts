/**
 * Differential checks against real Docker 20.10 output recorded by the docker-oracle helper
 * (test/docker/transcripts): the same inputs must give the same messages.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstDockerError, parseDockerfile } from "../dockerfile/parse.ts";
import { contextFromFiles, filterContext, matchContextSources } from "./context.ts";
import { parseDockerignore } from "./dockerignore.ts";

interface Recorded {
  readonly variants: Record<
    "classic" | "buildkit",
    readonly { readonly exitCode: number; readonly messages?: readonly string[] }[]
  >;
}

function recorded(name: string): Recorded {
  return JSON.parse(
    readFileSync(new URL(`../../../test/docker/transcripts/${name}.docker.json`, import.meta.url), "utf8"),
  ) as Recorded;
}

describe("transcript fail-missing-copy-source", () => {
  const transcript = recorded("fail-missing-copy-source");
  const context = contextFromFiles({ ".dockerignore": "secret.txt\n", "secret.txt": "secret\n" });
  const sent = filterContext(context, parseDockerignore("secret.txt\n").dockerignore);
  const sources = ["missing.txt", "secret.txt", "../x", "*.none"];

  it("gives the classic builder's messages (after its `COPY failed: ` prefix)", () => {
    const messages = sources.map((source) => {
      const [first] = matchContextSources(sent, [source]).diagnostics;
      return first === undefined ? undefined : `COPY failed: ${first.message}`;
    });
    expect(messages).toEqual(transcript.variants.classic.map((build) => build.messages?.[0]));
  });

  it("gives BuildKit's messages, and no error for the empty wildcard", () => {
    const messages = sources.map(
      (source) => matchContextSources(sent, [source], { builder: "buildkit" }).diagnostics[0]?.message,
    );
    expect(messages).toEqual(transcript.variants.buildkit.map((build) => build.messages?.[0]));
  });
});

describe("transcript fail-unknown-instruction", () => {
  const transcript = recorded("fail-unknown-instruction");
  const files: [string, string][] = [
    ["Dockerfile", "FROM tiny:1\nRUN echo hi\nFOO bar\nRUN echo after\n"],
    ["Dockerfile.nofrom", "RUN echo hi\n"],
    ["Dockerfile.empty", ""],
    ["Dockerfile.badflag", "FROM tiny:1\nCOPY --nosuch=1 a /a\n"],
  ];

  it("gives the classic builder's messages", () => {
    const messages = files.map(
      ([path, text]) =>
        `Error response from daemon: ${firstDockerError(parseDockerfile(text, { path }).diagnostics)}`,
    );
    expect(messages).toEqual(transcript.variants.classic.map((build) => build.messages?.[0]));
  });
});

describe("transcript cache-dockerignore (E10)", () => {
  it("sends .dockerignore but not the Dockerfile or *.log, as `ls -a /app` showed", () => {
    const transcript = recorded("cache-dockerignore");
    const listing = transcript.variants.classic.find((step) => "stdout" in step) as unknown as {
      stdout: string[];
    };
    const context = contextFromFiles({
      Dockerfile: "FROM tiny:1\nCOPY . /app\nRUN ls -a /app > /listing\nLABEL x=1\n",
      ".dockerignore": "*.log\nDockerfile\n",
      "main.txt": "main\n",
      "debug.log": "log 1\n",
    });
    const sent = filterContext(context, parseDockerignore("*.log\nDockerfile\n").dockerignore);
    expect([".", "..", ...sent.children.keys()]).toEqual(listing.stdout);
  });
});
