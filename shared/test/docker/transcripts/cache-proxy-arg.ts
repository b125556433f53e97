import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E6: predefined proxy args; classic adds "|0" to RUNs when any is passed. */
export const transcript = {
  name: "cache-proxy-arg",
  description:
    "No proxy arg, HTTP_PROXY=http://x, HTTP_PROXY=http://y, no_proxy too: which RUNs miss, created_by.",
  rules: ["E6", "C-ARG3", "R17"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "RUN echo before > /b", "RUN echo $HTTP_PROXY > /proxy"),
  },
  steps: [
    { kind: "build", tag: "exp:proxy" },
    { kind: "build", tag: "exp:proxy", args: ["--build-arg", "HTTP_PROXY=http://x"] },
    { kind: "history", image: "exp:proxy" },
    { kind: "run", args: ["--rm", "exp:proxy", "cat", "/proxy"] },
    { kind: "build", tag: "exp:proxy", args: ["--build-arg", "HTTP_PROXY=http://y"] },
    {
      kind: "build",
      tag: "exp:proxy",
      args: ["--build-arg", "HTTP_PROXY=http://y", "--build-arg", "no_proxy=z"],
    },
    { kind: "inspect", image: "exp:proxy" },
  ],
} satisfies Transcript;
