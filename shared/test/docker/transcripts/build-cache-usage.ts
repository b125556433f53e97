import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * BuildKit's build cache as `docker system df` shows it: a record per step result (shared while an
 * image has its layer), one per base image layer (0 B), and the session's local sources (the
 * Dockerfile, .dockerignore and the context files COPY read). Pruning a rebuilt image frees nothing
 * the cache holds; `builder prune` removes the dangling records, `system prune` everything unused.
 * The Dockerfile keeps its size across the edit: BuildKit keeps a source's size from the first time
 * it measured it, which the simulator does not reproduce.
 */
export const transcript = {
  name: "build-cache-usage",
  description:
    "Records, sizes and sharing after a build, a rebuild, an image prune, a builder prune, a cached rebuild and a system prune.",
  rules: ["8.9"],
  builders: ["buildkit"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY a.txt /", "COPY dir /dir", "RUN echo one > /v"),
    "a.txt": "hello\n",
    "dir/b.txt": "hi\n",
    "c.txt": "abc\n",
    ".dockerignore": "c.txt\n",
  },
  steps: [
    { kind: "build", tag: "app" },
    { kind: "cache" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "COPY a.txt /", "COPY dir /dir", "RUN echo two > /v"),
    },
    { kind: "build", tag: "app" },
    { kind: "prune", target: "image" },
    { kind: "cache" },
    { kind: "prune", target: "builder" },
    { kind: "cache" },
    { kind: "build", tag: "app" },
    { kind: "run", args: ["--name", "stopped", "tiny:1", "sh", "-c", "echo hi > /x"] },
    { kind: "prune", target: "system" },
    { kind: "cache" },
  ],
} satisfies Transcript;
