import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * COPY --link with --from=<stage>, a file and a directory source (the legacy builder of 26.1
 * accepts --link and ignores it). Recorded on Docker 26.1 (BuildKit v0.13): after a change in the
 * RUN below them every linked copy reruns, and a changed source reruns its own copy and the ones
 * after it, as plain COPYs would; the layers hold only what each copy wrote.
 */
export const transcript = {
  name: "copy-link-stages",
  description:
    "COPY --link --from=stage, --link of a file and of a directory, then a changed RUN below and a changed source: cache, history, layers, under both builders.",
  rules: ["C1", "R12"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1 AS build",
      "RUN echo built > /artifact",
      "FROM tiny:1",
      "RUN echo v1 > /version",
      "COPY --link --from=build /artifact /app/artifact",
      "COPY --link run.sh /app/run.sh",
      "COPY --link conf/ /app/conf/",
    ),
    "run.sh": "echo run\n",
    "conf/a.conf": "a=1\n",
    "conf/b.conf": "b=2\n",
  },
  steps: [
    { kind: "build", tag: "exp:stages" },
    { kind: "history", image: "exp:stages" },
    { kind: "layers", image: "exp:stages" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content:
        "FROM tiny:1 AS build\nRUN echo built > /artifact\nFROM tiny:1\nRUN echo v2 > /version\nCOPY --link --from=build /artifact /app/artifact\nCOPY --link run.sh /app/run.sh\nCOPY --link conf/ /app/conf/\n",
    },
    { kind: "build", tag: "exp:stages" },
    { kind: "edit", op: "write", path: "run.sh", content: "echo run two\n" },
    { kind: "build", tag: "exp:stages" },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:stages",
        "sh",
        "-c",
        "cat /version /app/artifact /app/run.sh; /bin/busybox stat -c '%a %u:%g %s %F %n' /app /app/* /app/conf/*",
      ],
    },
  ],
} satisfies Transcript;
