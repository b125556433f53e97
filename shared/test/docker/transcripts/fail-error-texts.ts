import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Error texts and exit codes of failing builds that the other transcripts do not reach: a missing
 * argument, ENV without a value, an invalid stage name, USER naming no passwd entry, an exec-form
 * RUN exiting 5, a command not executable (126), a bad EXPOSE port, a bad HEALTHCHECK duration.
 */
export const transcript = {
  name: "fail-error-texts",
  description:
    'COPY with one argument, ENV without value, FROM … AS 1bad, USER nosuch then RUN, RUN ["sh","-c","exit 5"], RUN of a non-executable file, EXPOSE abc, HEALTHCHECK --interval=1: each build\'s error text and exit code.',
  rules: ["F4"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY onlyone"),
    "Dockerfile.env": dockerfile("FROM tiny:1", "ENV LONELY"),
    "Dockerfile.stage": dockerfile("FROM tiny:1 AS 1bad", "RUN true"),
    "Dockerfile.user": dockerfile("FROM tiny:1", "USER nosuch", "RUN true"),
    "Dockerfile.exec": dockerfile("FROM tiny:1", 'RUN ["sh", "-c", "echo five >&2; exit 5"]'),
    "Dockerfile.noexec": dockerfile("FROM tiny:1", "RUN echo 'echo x' > /s && /s"),
    "Dockerfile.expose": dockerfile("FROM tiny:1", "EXPOSE abc"),
    "Dockerfile.health": dockerfile("FROM tiny:1", "HEALTHCHECK --interval=1 CMD true"),
  },
  steps: [
    { kind: "build", tag: "exp:copy", expect: "failure" },
    { kind: "build", tag: "exp:env", file: "Dockerfile.env", expect: "failure" },
    { kind: "build", tag: "exp:stage", file: "Dockerfile.stage", expect: "failure" },
    { kind: "build", tag: "exp:user", file: "Dockerfile.user", expect: "failure" },
    { kind: "build", tag: "exp:exec", file: "Dockerfile.exec", expect: "failure" },
    { kind: "build", tag: "exp:noexec", file: "Dockerfile.noexec", expect: "failure" },
    { kind: "build", tag: "exp:expose", file: "Dockerfile.expose", expect: "failure" },
    { kind: "build", tag: "exp:health", file: "Dockerfile.health", expect: "failure" },
    { kind: "images" },
  ],
} satisfies Transcript;
