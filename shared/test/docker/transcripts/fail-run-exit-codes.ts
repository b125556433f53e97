import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** A failing RUN: error wording, exit codes, and that nothing after it runs. */
export const transcript = {
  name: "fail-run-exit-codes",
  description: "RUN false, RUN exit 3 and RUN of an unknown command, each in its own build.",
  rules: ["F4"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "RUN echo hi", "RUN false", "RUN echo after"),
    // stdout and stderr of a RUN interleave at random in the build output, so only stderr here.
    "Dockerfile.exit3": dockerfile("FROM tiny:1", "RUN echo err >&2 && exit 3"),
    "Dockerfile.unknown": dockerfile("FROM tiny:1", "RUN nosuchcommand --flag"),
    "Dockerfile.exec": dockerfile("FROM tiny:1", 'RUN ["/nosuch", "arg"]'),
  },
  steps: [
    { kind: "build", tag: "exp:false", expect: "failure" },
    { kind: "build", tag: "exp:exit3", file: "Dockerfile.exit3", expect: "failure" },
    { kind: "build", tag: "exp:unknown", file: "Dockerfile.unknown", expect: "failure" },
    { kind: "build", tag: "exp:exec", file: "Dockerfile.exec", expect: "failure" },
    { kind: "images" },
  ],
} satisfies Transcript;
