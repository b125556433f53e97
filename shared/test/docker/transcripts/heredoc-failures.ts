import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Here-documents that fail (Docker 26.1): a script failing under `set -e` (BuildKit names the whole
 * script in its error; the legacy builder runs only `<<EOT` and succeeds), a document left
 * unterminated (a parse error before any step), and `${VAR:?message}` in a COPY document.
 */
export const transcript = {
  name: "heredoc-failures",
  description:
    "RUN <<EOT failing under set -e, an unterminated here-document, ${MISSING:?…} in COPY <<EOT: error texts and exit codes under both builders.",
  rules: ["F4"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN <<EOT",
      "set -e",
      "echo start >&2",
      "false",
      "echo never",
      "EOT",
    ),
    "Dockerfile.unterminated": dockerfile("FROM tiny:1", "RUN <<EOT", "echo never closed"),
    "Dockerfile.required": dockerfile("FROM tiny:1", "COPY <<EOT /x", "${MISSING:?must be set}", "EOT"),
  },
  steps: [
    { kind: "build", tag: "exp:sete", expect: { buildkit: "failure" } },
    { kind: "build", tag: "exp:open", file: "Dockerfile.unterminated", expect: "failure" },
    { kind: "build", tag: "exp:required", file: "Dockerfile.required", expect: "failure" },
    { kind: "images" },
  ],
} satisfies Transcript;
