import type { Transcript } from "../transcript.ts";

/**
 * legacy-experiments.md E1: which instructions add a layer. Same Dockerfile except `USER 0:0` for
 * `USER root`: BuildKit in 20.10 cannot run a RUN as `root` on tiny:1, which has no /etc/group
 * (see user-root-without-etc-group).
 */
export const transcript = {
  name: "instructions-every-kind",
  description:
    "Every Dockerfile instruction once: which add a diff_id, which only a history item, which nothing.",
  rules: ["E1", "L1", "L4", "L5", "L7", "R1", "R2", "R5", "R6", "D7", "D8"],
  context: {
    Dockerfile: [
      "FROM tiny:1",
      "MAINTAINER someone <s@example.com>",
      "ARG A1=one",
      "ENV E1=x",
      "LABEL l1=v1",
      "WORKDIR /",
      "WORKDIR /bin",
      "WORKDIR /newdir",
      "USER 0:0",
      "EXPOSE 8080",
      "VOLUME /data",
      'CMD ["sh"]',
      'ENTRYPOINT ["/bin/sh","-c"]',
      "HEALTHCHECK CMD true",
      'SHELL ["/bin/sh","-c"]',
      "STOPSIGNAL SIGTERM",
      "ONBUILD RUN echo hi",
      "RUN true",
      "RUN /bin/busybox touch /x",
      "COPY a.txt /a.txt",
      "ADD a.txt /b.txt",
      "RUN rm /x",
      "",
    ].join("\n"),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:e1" },
    { kind: "inspect", image: "exp:e1" },
    { kind: "history", image: "exp:e1" },
    { kind: "layers", image: "exp:e1" },
  ],
} satisfies Transcript;
