import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E3: mtime and owner changes of COPY sources do not miss. */
export const transcript = {
  name: "cache-copy-metadata-only",
  description: "touch a.txt, then chown 1234:1234 b.txt: every step still hits; the layer keeps uid 0.",
  rules: ["E3", "2.3", "R12"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY a.txt /a.txt",
      "RUN echo step3 > /s3",
      "COPY b.txt /b.txt",
      "RUN echo step5 > /s5",
    ),
    "a.txt": "aaa\n",
    "b.txt": "bbb\n",
    "c.txt": "ccc\n",
  },
  steps: [
    { kind: "build", tag: "exp:e3" },
    { kind: "edit", op: "touch", path: "a.txt" },
    { kind: "build", tag: "exp:e3" },
    { kind: "edit", op: "chown", path: "b.txt", uid: 1234, gid: 1234 },
    { kind: "build", tag: "exp:e3" },
    { kind: "build", tag: "exp:e3b", args: ["--no-cache"] },
    { kind: "layers", image: "exp:e3b" },
  ],
} satisfies Transcript;
