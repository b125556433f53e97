import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Dockerfile here-documents in RUN (Docker 26.1; BuildKit's frontend 1.4+ parses them without a
 * syntax line): an unquoted delimiter expands build args when the shell runs the script, a quoted
 * one passes `$NAME` to the shell as is; the history keeps the script. The classic builder of 26.1
 * parses the same lines but runs `<<EOT` as a shell command with nothing after it.
 */
export const transcript = {
  name: "heredoc-run",
  description:
    "RUN <<EOT and RUN <<'EOT' with an ARG: what the files hold, history created_by, layer entries, under both builders.",
  rules: ["R1", "R12"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ARG NAME=world",
      "RUN <<EOT",
      'echo "hello $NAME" > /greeting',
      "EOT",
      "RUN <<'EOT'",
      'echo "literal $NAME" > /literal',
      "echo second line >> /literal",
      "EOT",
      "RUN <<EOT sh",
      "echo piped > /piped",
      "EOT",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:heredoc" },
    { kind: "history", image: "exp:heredoc" },
    { kind: "layers", image: "exp:heredoc" },
    {
      kind: "run",
      args: ["--rm", "exp:heredoc", "sh", "-c", "cat /greeting /literal /piped 2>&1; ls /"],
    },
    { kind: "build", tag: "exp:heredoc" },
  ],
} satisfies Transcript;
