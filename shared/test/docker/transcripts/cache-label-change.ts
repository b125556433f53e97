import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** C4 / R18: a LABEL change misses every later step under classic, none under BuildKit. */
export const transcript = {
  name: "cache-label-change",
  description: "LABEL v=1 → v=2 before a RUN and a COPY; rebuild unchanged first, then after the change.",
  rules: ["C4", "R18", "E12", "C1"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "LABEL v=1", "RUN echo r > /r", "COPY a.txt /a.txt", "LABEL w=1"),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:label" },
    { kind: "build", tag: "exp:label" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "LABEL v=2", "RUN echo r > /r", "COPY a.txt /a.txt", "LABEL w=1"),
    },
    { kind: "build", tag: "exp:label" },
    { kind: "inspect", image: "exp:label" },
    { kind: "history", image: "exp:label" },
  ],
} satisfies Transcript;
