import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E12: a directory COPY hashes names and sub-directories too. */
export const transcript = {
  name: "cache-copy-directory",
  description: "COPY src /src: add an empty sub-directory, rename a file, chmod a sub-directory.",
  rules: ["E12", "2.3", "R12"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "LABEL v=1", "COPY src /src", "RUN echo r > /r"),
    "src/f.txt": "f\n",
    "src/sub/g.txt": "g\n",
  },
  steps: [
    { kind: "build", tag: "exp:e12" },
    { kind: "edit", op: "mkdir", path: "src/empty" },
    { kind: "build", tag: "exp:e12" },
    { kind: "edit", op: "rename", path: "src/f.txt", to: "src/h.txt" },
    { kind: "build", tag: "exp:e12" },
    { kind: "edit", op: "chmod", path: "src/sub", mode: 0o700 },
    { kind: "build", tag: "exp:e12" },
    { kind: "history", image: "exp:e12" },
    { kind: "layers", image: "exp:e12" },
  ],
} satisfies Transcript;
