import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * legacy-experiments.md E8: RUN writes under a VOLUME path are discarded by the classic builder
 * only. The main Dockerfile adds `mkdir -p /vol`, which the original E8 needs under BuildKit.
 */
export const transcript = {
  name: "volume-then-run",
  description: "VOLUME /vol, then RUN writing into /vol and outside it, COPY into /vol, and an empty RUN.",
  rules: ["E8", "L7", "R8"],
  context: {
    "Dockerfile.e8": dockerfile(
      "FROM tiny:1",
      "VOLUME /vol",
      "RUN echo x > /vol/fromrun && echo y > /outside",
      "COPY a.txt /vol/fromcopy",
    ),
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "VOLUME /vol",
      "RUN mkdir -p /vol && echo x > /vol/fromrun && echo y > /outside",
      "COPY a.txt /vol/fromcopy",
      "VOLUME /other",
      "RUN true",
    ),
    "a.txt": "hello\n",
  },
  steps: [
    // E8 as recorded: BuildKit mounts no volume during RUN, so /vol does not exist there.
    { kind: "build", tag: "exp:e8orig", file: "Dockerfile.e8", expect: { buildkit: "failure" } },
    { kind: "build", tag: "exp:e8" },
    { kind: "inspect", image: "exp:e8" },
    { kind: "layers", image: "exp:e8" },
    { kind: "run", args: ["--rm", "exp:e8", "ls", "/vol"] },
  ],
} satisfies Transcript;
