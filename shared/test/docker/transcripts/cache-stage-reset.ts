import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** C2: a miss in one stage does not make an independent later stage miss. */
export const transcript = {
  name: "cache-stage-reset",
  description:
    "Two independent stages; changing the first stage's RUN leaves the second stage's steps cached.",
  rules: ["C2", "M1", "M2"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1 AS first",
      "RUN echo one > /one",
      "FROM tiny:1",
      "RUN echo two > /two",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:reset" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1 AS first",
        "RUN echo uno > /one",
        "FROM tiny:1",
        "RUN echo two > /two",
      ),
    },
    { kind: "build", tag: "exp:reset" },
    { kind: "images", all: true },
  ],
} satisfies Transcript;
