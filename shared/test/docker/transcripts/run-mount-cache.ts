import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * RUN --mount=type=cache: the cache directory outlives the build (a later build that misses sees
 * what the earlier one left), its files never reach the layer (only the mountpoint directory does),
 * and its contents are not part of the cache key. The classic builder refuses --mount.
 */
export const transcript = {
  name: "run-mount-cache",
  description:
    "RUN --mount=type=cache twice across a cache miss: the mount keeps its files, the layer holds only the mountpoint; classic refuses the flag.",
  rules: ["R5", "C1"],
  builders: ["buildkit"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY a.txt /a.txt",
      "RUN --mount=type=cache,target=/var/cache/app cat /a.txt >> /var/cache/app/log && cat /var/cache/app/log > /seen",
    ),
    "a.txt": "first\n",
  },
  steps: [
    { kind: "build", tag: "exp:cache" },
    { kind: "layers", image: "exp:cache" },
    { kind: "run", args: ["--rm", "exp:cache", "cat", "/seen"] },
    { kind: "edit", op: "write", path: "a.txt", content: "second\n" },
    { kind: "build", tag: "exp:cache" },
    {
      kind: "run",
      args: ["--rm", "exp:cache", "sh", "-c", "cat /seen; ls /var/cache /var/cache/app"],
      // BuildKit v0.13 (Docker 26.1) removes the mountpoint directories it created.
      expect: { "@26.1-overlay2": "failure", "@26.1-containerd": "failure" },
    },
    { kind: "history", image: "exp:cache" },
    { kind: "build", tag: "exp:classic", builder: "classic", expect: "failure" },
  ],
} satisfies Transcript;
