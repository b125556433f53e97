import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * COPY sources that are missing, ignored, or outside the context. No RUN precedes the failing COPY:
 * BuildKit computes the COPY's cache key while an earlier RUN executes, so whether that RUN finishes
 * or is canceled by the failure is a race on the real daemon.
 */
export const transcript = {
  name: "fail-missing-copy-source",
  description:
    "COPY of a missing file, of a file excluded by .dockerignore, and of ../x; a glob that matches nothing.",
  rules: ["F4", "R13"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY missing.txt /m"),
    "Dockerfile.ignored": dockerfile("FROM tiny:1", "COPY secret.txt /s"),
    "Dockerfile.outside": dockerfile("FROM tiny:1", "COPY ../x /x"),
    "Dockerfile.glob": dockerfile("FROM tiny:1", "COPY *.none /g/"),
    ".dockerignore": "secret.txt\n",
    "secret.txt": "secret\n",
  },
  steps: [
    { kind: "build", tag: "exp:missing", expect: "failure" },
    { kind: "build", tag: "exp:ignored", file: "Dockerfile.ignored", expect: "failure" },
    { kind: "build", tag: "exp:outside", file: "Dockerfile.outside", expect: "failure" },
    { kind: "build", tag: "exp:glob", file: "Dockerfile.glob", expect: { classic: "failure" } },
  ],
} satisfies Transcript;
