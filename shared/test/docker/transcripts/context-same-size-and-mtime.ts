import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * BuildKit sends the context incrementally and skips files whose size and mtime did not change
 * since the last build from the same directory, so a same-size edit that keeps the mtime is not
 * seen. The classic builder sends the whole context every time.
 */
export const transcript = {
  name: "context-same-size-and-mtime",
  description:
    "Rewrite a.txt with same-size content but the old mtime, build; then touch it and build again.",
  rules: ["2.3", "C8"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY a.txt /a.txt"),
    "a.txt": "aaa\n",
  },
  steps: [
    { kind: "build", tag: "exp:stale" },
    { kind: "edit", op: "write", path: "a.txt", content: "bbb\n", mtime: "keep" },
    { kind: "build", tag: "exp:stale" },
    { kind: "run", args: ["--rm", "exp:stale", "cat", "/a.txt"] },
    { kind: "edit", op: "touch", path: "a.txt" },
    { kind: "build", tag: "exp:stale" },
    { kind: "run", args: ["--rm", "exp:stale", "cat", "/a.txt"] },
  ],
} satisfies Transcript;
