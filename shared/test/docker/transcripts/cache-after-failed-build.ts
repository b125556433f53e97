import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** After a failing build, the steps before the failure are cached for the fixed build. */
export const transcript = {
  name: "cache-after-failed-build",
  description: "RUN false fails the build; replacing it with RUN true reuses the earlier steps.",
  rules: ["C1", "C6"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY a.txt /a.txt",
      "RUN echo one > /one",
      "RUN false",
      "RUN echo after > /after",
    ),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:fix", expect: "failure" },
    { kind: "images", all: true },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "COPY a.txt /a.txt",
        "RUN echo one > /one",
        "RUN true",
        "RUN echo after > /after",
      ),
    },
    { kind: "build", tag: "exp:fix" },
    { kind: "inspect", image: "exp:fix" },
  ],
} satisfies Transcript;
