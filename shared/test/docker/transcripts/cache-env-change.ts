import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** C-ENV1 / C-ENV2: an ENV change misses everything after it (classic) or only later RUNs (BuildKit). */
export const transcript = {
  name: "cache-env-change",
  description: "ENV E=1 → E=2 before a COPY, a RUN and another COPY.",
  rules: ["C-ENV1", "C-ENV2", "E13"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV E=1",
      "COPY a.txt /a.txt",
      "RUN echo r > /r",
      "COPY b.txt /b.txt",
    ),
    "a.txt": "hello\n",
    "b.txt": "bye\n",
  },
  steps: [
    { kind: "build", tag: "exp:env" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "ENV E=2",
        "COPY a.txt /a.txt",
        "RUN echo r > /r",
        "COPY b.txt /b.txt",
      ),
    },
    { kind: "build", tag: "exp:env" },
    { kind: "inspect", image: "exp:env" },
  ],
} satisfies Transcript;
