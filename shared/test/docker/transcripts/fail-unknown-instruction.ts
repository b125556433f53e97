import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Parse errors stop the build before any step runs. */
export const transcript = {
  name: "fail-unknown-instruction",
  description: "An unknown instruction, a Dockerfile without FROM, and an empty Dockerfile.",
  rules: ["F4"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "RUN echo hi", "FOO bar", "RUN echo after"),
    "Dockerfile.nofrom": dockerfile("RUN echo hi"),
    "Dockerfile.empty": "",
    "Dockerfile.badflag": dockerfile("FROM tiny:1", "COPY --nosuch=1 a /a"),
  },
  steps: [
    { kind: "build", tag: "exp:foo", expect: "failure" },
    { kind: "build", tag: "exp:nofrom", file: "Dockerfile.nofrom", expect: "failure" },
    { kind: "build", tag: "exp:empty", file: "Dockerfile.empty", expect: "failure" },
    { kind: "build", tag: "exp:badflag", file: "Dockerfile.badflag", expect: "failure" },
  ],
} satisfies Transcript;
