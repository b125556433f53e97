import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** C3: COPY --from hits when the stage re-ran but produced a byte-identical artifact. */
export const transcript = {
  name: "cache-copy-from-unchanged-artifact",
  description:
    "Change a build-stage RUN that does not change the artifact; the final stage's COPY --from hits.",
  rules: ["C3", "C2", "E9", "R15"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1 AS build",
      "RUN echo prep > /prep",
      "RUN echo artifact > /artifact",
      "FROM tiny:1",
      "RUN echo final > /final",
      "COPY --from=build /artifact /artifact",
      "RUN cat /artifact > /copy",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:e9" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1 AS build",
        "RUN echo prep2 > /prep",
        "RUN echo artifact > /artifact",
        "FROM tiny:1",
        "RUN echo final > /final",
        "COPY --from=build /artifact /artifact",
        "RUN cat /artifact > /copy",
      ),
    },
    { kind: "build", tag: "exp:e9" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1 AS build",
        "RUN echo prep2 > /prep",
        "RUN echo artifact2 > /artifact",
        "FROM tiny:1",
        "RUN echo final > /final",
        "COPY --from=build /artifact /artifact",
        "RUN cat /artifact > /copy",
      ),
    },
    { kind: "build", tag: "exp:e9" },
    { kind: "history", image: "exp:e9" },
  ],
} satisfies Transcript;
