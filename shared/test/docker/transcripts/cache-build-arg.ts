import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E6: a --build-arg value change misses at the first RUN after the ARG. */
export const transcript = {
  name: "cache-build-arg",
  description:
    "--build-arg V=1 (the default), V=2, back to V=1; the RUN after ARG misses even if it does not use $V.",
  rules: ["E6", "C-ARG1", "R16", "C6"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN echo before > /b",
      "ARG V=1",
      "RUN echo unrelated > /u",
      "RUN echo $V > /v",
      "ENV E=1",
      "RUN echo after-env > /e",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:e6" },
    { kind: "build", tag: "exp:e6", args: ["--build-arg", "V=1"] },
    { kind: "build", tag: "exp:e6", args: ["--build-arg", "V=2"] },
    { kind: "history", image: "exp:e6" },
    { kind: "build", tag: "exp:e6", args: ["--build-arg", "V=1"] },
    { kind: "build", tag: "exp:e6", args: ["--build-arg", "UNDECLARED=x"] },
  ],
} satisfies Transcript;
