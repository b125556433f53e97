import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E9: --target stops at a stage; then the full build reuses it. */
export const transcript = {
  name: "multistage-target",
  description: "--target build, then --target unused, then the whole Dockerfile.",
  rules: ["E9", "M1", "M2", "R20"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1 AS unused",
      "RUN echo unused > /u",
      "FROM tiny:1 AS build",
      "RUN echo prep > /prep",
      "RUN echo artifact > /artifact",
      "FROM tiny:1",
      "RUN echo final > /final",
      "COPY --from=build /artifact /artifact",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:build", args: ["--target", "build"] },
    { kind: "inspect", image: "exp:build" },
    { kind: "build", tag: "exp:unused", args: ["--target", "unused"] },
    { kind: "build", tag: "exp:all" },
    { kind: "build", tag: "exp:none", args: ["--target", "nosuch"], expect: "failure" },
  ],
} satisfies Transcript;
