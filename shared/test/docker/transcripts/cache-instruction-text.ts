import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E3 (last rows): comments don't matter, whitespace inside a RUN does. */
export const transcript = {
  name: "cache-instruction-text",
  description:
    "Add a comment and a blank line (hit), an extra space in the last RUN (miss), a lower-case keyword.",
  rules: ["E3", "C7"],
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
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "# a comment",
        "FROM tiny:1",
        "",
        "COPY a.txt /a.txt",
        "RUN echo step3 > /s3",
        "COPY b.txt /b.txt",
        "RUN echo step5 > /s5",
      ),
    },
    { kind: "build", tag: "exp:e3" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "COPY a.txt /a.txt",
        "RUN echo step3 > /s3",
        "COPY b.txt /b.txt",
        "RUN echo  step5 > /s5",
      ),
    },
    { kind: "build", tag: "exp:e3" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "copy a.txt /a.txt",
        "run echo step3 > /s3",
        "COPY b.txt /b.txt",
        "RUN echo  step5 > /s5",
      ),
    },
    { kind: "build", tag: "exp:e3" },
  ],
} satisfies Transcript;
