import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E19: an ARG change does not miss a COPY; a proxy arg with a declared ARG in scope. */
export const transcript = {
  name: "cache-arg-then-copy",
  description: "ARG V=1 / COPY / RUN with --build-arg V=2, then HTTP_PROXY passed while V is in scope.",
  rules: ["E19", "C-ARG2", "C-ARG3"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "ARG V=1", "COPY a /a", "RUN echo hi > /hi"),
    a: "a\n",
  },
  steps: [
    { kind: "build", tag: "exp:e19" },
    { kind: "build", tag: "exp:e19", args: ["--build-arg", "V=2"] },
    { kind: "build", tag: "exp:e19" },
    { kind: "build", tag: "exp:e19", args: ["--build-arg", "HTTP_PROXY=http://p"] },
    { kind: "history", image: "exp:e19" },
  ],
} satisfies Transcript;
