import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Directory link counts through overlayfs: a directory merged from more than one layer (or the
 * upper directory and a layer) reports nlink 1; one that comes from a single layer reports
 * 2 + its subdirectories. Seen in RUN steps (both builders) and in a container.
 */
export const transcript = {
  name: "directory-links",
  description:
    "stat -c '%n %h' on /, single-layer and merged directories during RUN and in a container, before and after a mkdir copies a directory up.",
  rules: ["O2"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN mkdir -p /app/src/lib /app/docs /data && /bin/busybox stat -c '%n %h' / /bin /app /app/src /data",
      "RUN mkdir /app/tests && /bin/busybox stat -c '%n %h' / /bin /app /app/src /data",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:links" },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:links",
        "sh",
        "-c",
        "/bin/busybox stat -c '%n %h' / /bin /etc /app /app/src /app/src/lib /app/tests /data; mkdir /fresh /fresh/a /data/d; /bin/busybox stat -c '%n %h' /fresh /data /bin",
      ],
    },
  ],
} satisfies Transcript;
