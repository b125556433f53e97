import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E3: a content change misses that COPY and everything after; reverting hits. */
export const transcript = {
  name: "cache-copy-content",
  description: "Change a.txt (first COPY), rebuild, revert it, rebuild: b.txt's unchanged COPY misses too.",
  rules: ["E3", "C1", "C6", "R12", "R14"],
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
    { kind: "build", tag: "exp:e3" },
    { kind: "edit", op: "write", path: "a.txt", content: "AAA changed\n" },
    { kind: "build", tag: "exp:e3" },
    { kind: "edit", op: "write", path: "a.txt", content: "aaa\n" },
    { kind: "build", tag: "exp:e3" },
    { kind: "history", image: "exp:e3" },
  ],
} satisfies Transcript;
