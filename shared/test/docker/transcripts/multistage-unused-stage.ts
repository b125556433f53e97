import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E9: the classic builder builds every stage, BuildKit only the needed ones. */
export const transcript = {
  name: "multistage-unused-stage",
  description: "Three stages, one unused: which steps run, and what the final image contains.",
  rules: ["E9", "M1", "M2", "M3", "R20"],
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
    { kind: "build", tag: "exp:e9" },
    { kind: "inspect", image: "exp:e9" },
    { kind: "history", image: "exp:e9" },
    { kind: "images", all: true },
  ],
} satisfies Transcript;
