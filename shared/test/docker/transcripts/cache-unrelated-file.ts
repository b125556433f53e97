import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E3: files the Dockerfile does not copy never affect the cache. */
export const transcript = {
  name: "cache-unrelated-file",
  description: "Change c.txt, add a new file and delete c.txt: all steps hit every time.",
  rules: ["E3", "R12"],
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
    { kind: "edit", op: "write", path: "c.txt", content: "changed\n" },
    { kind: "build", tag: "exp:e3" },
    { kind: "edit", op: "write", path: "new.txt", content: "new\n" },
    { kind: "edit", op: "delete", path: "c.txt" },
    { kind: "build", tag: "exp:e3" },
  ],
} satisfies Transcript;
