import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** C4 / R18 for EXPOSE and CMD: metadata that never enters a BuildKit cache key. */
export const transcript = {
  name: "cache-expose-cmd-change",
  description: "EXPOSE 80 → 81, then CMD changed, each before a RUN: classic misses, BuildKit hits.",
  rules: ["C4", "R18"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "EXPOSE 80", 'CMD ["sh"]', "RUN echo r > /r"),
  },
  steps: [
    { kind: "build", tag: "exp:expose" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "EXPOSE 81", 'CMD ["sh"]', "RUN echo r > /r"),
    },
    { kind: "build", tag: "exp:expose" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "EXPOSE 81", 'CMD ["ls"]', "RUN echo r > /r"),
    },
    { kind: "build", tag: "exp:expose" },
    { kind: "inspect", image: "exp:expose" },
  ],
} satisfies Transcript;
