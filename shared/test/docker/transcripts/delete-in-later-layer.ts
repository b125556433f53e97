import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Deleting files and a directory in later RUNs adds whiteouts and never shrinks the image. */
export const transcript = {
  name: "delete-in-later-layer",
  description: "COPY a directory, then rm one file, then rm -r the directory: whiteouts, sizes, history.",
  rules: ["L8", "S3", "W2", "O4", "R9"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY d /d", "RUN rm /d/f1", "RUN rm -r /d"),
    "d/f1": "1".repeat(4096),
    "d/f2": "2".repeat(1000),
    "d/sub/f3": "three\n",
  },
  steps: [
    { kind: "build", tag: "exp:del" },
    { kind: "inspect", image: "exp:del" },
    { kind: "history", image: "exp:del" },
    { kind: "layers", image: "exp:del" },
    { kind: "run", args: ["--rm", "exp:del", "ls", "/d"], expect: "failure" },
  ],
} satisfies Transcript;
