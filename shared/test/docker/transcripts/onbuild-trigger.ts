import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E11: ONBUILD in a parent, triggers run in the child build. */
export const transcript = {
  name: "onbuild-trigger",
  description:
    "A parent with ONBUILD RUN and ONBUILD COPY; a child built twice; history and OnBuild of both.",
  rules: ["E11", "R2", "L5"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ONBUILD RUN echo trig > /trig",
      "ONBUILD COPY a.txt /from-trigger.txt",
    ),
    "Dockerfile.child": dockerfile("FROM exp:e11p", "LABEL child=1"),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:e11p" },
    { kind: "build", tag: "exp:e11c", file: "Dockerfile.child" },
    { kind: "build", tag: "exp:e11c", file: "Dockerfile.child" },
    { kind: "inspect", image: "exp:e11p" },
    { kind: "inspect", image: "exp:e11c" },
    { kind: "history", image: "exp:e11c" },
    { kind: "run", args: ["--rm", "exp:e11c", "cat", "/trig", "/from-trigger.txt"] },
  ],
} satisfies Transcript;
