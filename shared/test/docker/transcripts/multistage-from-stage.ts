import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** A stage built FROM another stage inherits its layers and config. */
export const transcript = {
  name: "multistage-from-stage",
  description: "FROM base AS a, FROM a AS b, final FROM b: the final image carries all three stages' layers.",
  rules: ["R3", "M3"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1 AS base",
      "ENV FROM_BASE=1",
      "RUN echo base > /base",
      "FROM base AS middle",
      "RUN echo middle > /middle",
      "FROM middle",
      "LABEL final=1",
      "RUN echo final > /final",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:chain" },
    { kind: "inspect", image: "exp:chain" },
    { kind: "history", image: "exp:chain" },
  ],
} satisfies Transcript;
