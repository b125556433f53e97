import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** R19: --no-cache runs every step again; the classic builder's old intermediate images stay. */
export const transcript = {
  name: "cache-no-cache",
  description: "Build, rebuild with --no-cache, rebuild normally: which steps ran and which images exist.",
  rules: ["R19", "E3", "8.9"],
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
    { kind: "build", tag: "exp:e3", args: ["--no-cache"] },
    { kind: "images", all: true },
    { kind: "build", tag: "exp:e3" },
  ],
} satisfies Transcript;
