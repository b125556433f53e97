import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * RUN --mount=type=cache reused across builds: two Dockerfiles that name the same cache `id` share
 * it whatever their targets, `--no-cache` reruns the step but keeps the cache mount's files, and
 * another id starts empty.
 */
export const transcript = {
  name: "run-mount-cache-shared",
  description:
    "Cache mounts shared by id across two Dockerfiles and targets, kept through --no-cache, separate for another id: what each build's RUN saw.",
  rules: ["R5", "C1"],
  builders: ["buildkit"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN --mount=type=cache,id=shared,target=/c echo a >> /c/log && cat /c/log > /seen-a",
    ),
    "Dockerfile.b": dockerfile(
      "FROM tiny:1",
      "RUN --mount=type=cache,id=shared,target=/elsewhere echo b >> /elsewhere/log && cat /elsewhere/log > /seen-b",
    ),
    "Dockerfile.other": dockerfile(
      "FROM tiny:1",
      "RUN --mount=type=cache,id=other,target=/c echo o >> /c/log && cat /c/log > /seen-o",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:a" },
    { kind: "build", tag: "exp:b", file: "Dockerfile.b" },
    { kind: "run", args: ["--rm", "exp:b", "cat", "/seen-b"] },
    { kind: "build", tag: "exp:a", args: ["--no-cache"] },
    { kind: "run", args: ["--rm", "exp:a", "cat", "/seen-a"] },
    { kind: "build", tag: "exp:other", file: "Dockerfile.other" },
    { kind: "run", args: ["--rm", "exp:other", "cat", "/seen-o"] },
    { kind: "build", tag: "exp:a" },
    { kind: "layers", image: "exp:a" },
  ],
} satisfies Transcript;
