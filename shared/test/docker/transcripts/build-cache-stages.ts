import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Build cache records of a multi-stage BuildKit build over a three-layer base built by the classic
 * builder: one 0 B record per base layer, a build stage's result not shared with any image,
 * FROM scratch and COPY --from reading no context; a failing build keeps the steps that ran.
 */
export const transcript = {
  name: "build-cache-stages",
  description:
    "Base with three layers, a stage whose layer no image keeps, COPY --from into scratch, a failed build, builder prune -a.",
  rules: ["8.9", "M2"],
  builders: ["buildkit"],
  context: {
    "Dockerfile.base": dockerfile("FROM tiny:1", "RUN echo a > /a", "RUN echo bb > /b"),
    Dockerfile: dockerfile("FROM base2 AS b", "RUN echo x > /x", "FROM scratch", "COPY --from=b /x /x"),
    // As long as Dockerfile: BuildKit keeps the size it first measured for the Dockerfile source.
    "Dockerfile.fail": dockerfile(
      "# ---------------------",
      "FROM tiny:1",
      "RUN echo ok > /ok",
      "RUN exit 3",
    ),
  },
  steps: [
    { kind: "build", tag: "base2", file: "Dockerfile.base", builder: "classic" },
    { kind: "build", tag: "staged" },
    { kind: "cache" },
    { kind: "build", tag: "failed", file: "Dockerfile.fail", expect: "failure" },
    { kind: "cache" },
    { kind: "prune", target: "builder", all: true },
    { kind: "cache" },
  ],
} satisfies Transcript;
