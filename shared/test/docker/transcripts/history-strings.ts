import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E17/E18: created_by strings of COPY/ADD variants and ARG before FROM. */
export const transcript = {
  name: "history-strings",
  description:
    "created_by for COPY --chown, several sources, ADD, a relative destination, a directory, and ARG.",
  rules: ["E17", "E18", "1.3"],
  context: {
    Dockerfile: dockerfile(
      "ARG BASE=tiny:1",
      "FROM $BASE",
      "ARG BASE",
      "RUN echo $BASE > /base",
      "COPY --chown=1000:1000 a.txt /a",
      "COPY a.txt b.txt /multi/",
      "ADD a.txt /added",
      "WORKDIR /w",
      "COPY a.txt rel",
      "COPY dir /dir",
    ),
    "a.txt": "hello\n",
    "b.txt": "bye\n",
    "dir/x": "x\n",
    "dir/sub/y": "y\n",
  },
  steps: [
    { kind: "build", tag: "exp:e17" },
    { kind: "history", image: "exp:e17" },
    { kind: "inspect", image: "exp:e17" },
    { kind: "layers", image: "exp:e17" },
  ],
} satisfies Transcript;
