import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * COPY --link (Docker 26.1): BuildKit copies onto an empty layer and rebases it, so the layer holds
 * no copy of the destination's parent directories' metadata from below; history drops the flag.
 * Unlike what BuildKit's documentation promises, Docker 26.1 (BuildKit v0.13, both image stores)
 * reruns the linked copies after a change in an earlier step. The classic builder accepts and
 * ignores the flag.
 */
export const transcript = {
  name: "copy-link",
  description:
    "COPY --link into a new and an existing directory, then a change above it: cache, history, layer entries, under both builders.",
  rules: ["C1", "R12"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN echo one > /one",
      "COPY --link a.txt /linked/a.txt",
      "COPY --link b.txt /etc/",
      "COPY --link --chown=1000:1000 a.txt /owned.txt",
    ),
    "a.txt": "aaa\n",
    "b.txt": "bbb\n",
  },
  steps: [
    { kind: "build", tag: "exp:link" },
    { kind: "history", image: "exp:link" },
    { kind: "layers", image: "exp:link" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content:
        "FROM tiny:1\nRUN echo two > /one\nCOPY --link a.txt /linked/a.txt\nCOPY --link b.txt /etc/\nCOPY --link --chown=1000:1000 a.txt /owned.txt\n",
    },
    { kind: "build", tag: "exp:link" },
    {
      kind: "run",
      args: ["--rm", "exp:link", "sh", "-c", "cat /one /linked/a.txt /etc/b.txt; ls -ln /owned.txt"],
    },
  ],
} satisfies Transcript;
