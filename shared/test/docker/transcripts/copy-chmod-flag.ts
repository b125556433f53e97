import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** COPY --chmod requires BuildKit; the classic builder rejects it. */
export const transcript = {
  name: "copy-chmod-flag",
  description:
    "COPY --chmod=600 and --chown: an error under the classic builder, a mode change under BuildKit.",
  rules: ["8.8"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY --chmod=600 a.txt /a.txt",
      "COPY --chown=1000:1000 a.txt /b.txt",
    ),
    "a.txt": "hello\n",
  },
  steps: [{ kind: "build", tag: "exp:chmod", expect: { classic: "failure" } }, { kind: "images" }],
} satisfies Transcript;
