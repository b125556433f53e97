import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E3: a mode change of a COPY source misses that COPY. */
export const transcript = {
  name: "cache-copy-mode",
  description: "chmod 600 b.txt (second COPY) misses from that COPY on; the layer has the new mode.",
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
    { kind: "edit", op: "chmod", path: "b.txt", mode: 0o600 },
    { kind: "build", tag: "exp:e3" },
    { kind: "layers", image: "exp:e3" },
  ],
} satisfies Transcript;
