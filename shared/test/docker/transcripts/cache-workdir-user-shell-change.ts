import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Metadata that does enter BuildKit's RUN keys: WORKDIR, USER and SHELL changes miss under both builders. */
export const transcript = {
  name: "cache-workdir-user-shell-change",
  description:
    "Change WORKDIR, then USER, then SHELL before the same RUN: each change misses under both builders.",
  rules: ["C4", "2.2", "R11"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "WORKDIR /a",
      "USER 0:0",
      'SHELL ["/bin/sh", "-c"]',
      "RUN echo r > /r",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:meta" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "WORKDIR /b",
        "USER 0:0",
        'SHELL ["/bin/sh", "-c"]',
        "RUN echo r > /r",
      ),
    },
    { kind: "build", tag: "exp:meta" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "WORKDIR /b",
        "USER 1000",
        'SHELL ["/bin/sh", "-c"]',
        "RUN echo r > /dev/null",
      ),
    },
    { kind: "build", tag: "exp:meta" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "WORKDIR /b",
        "USER 1000",
        'SHELL ["/bin/sh", "-ec"]',
        "RUN echo r > /dev/null",
      ),
    },
    { kind: "build", tag: "exp:meta" },
    { kind: "history", image: "exp:meta" },
  ],
} satisfies Transcript;
