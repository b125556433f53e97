import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E13: COPY of identical content twice gives two layers; mkdir -p of existing dirs. */
export const transcript = {
  name: "copy-identical-twice",
  description:
    "The same COPY twice always adds two layers; RUN mkdir -p of existing directories changes nothing.",
  rules: ["E13", "L2", "L6", "R7", "S6"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV E=1",
      "COPY a.txt /a.txt",
      "COPY a.txt /a.txt",
      "RUN mkdir -p /bin /etc",
    ),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:e13" },
    { kind: "inspect", image: "exp:e13" },
    { kind: "history", image: "exp:e13" },
    { kind: "layers", image: "exp:e13" },
  ],
} satisfies Transcript;
