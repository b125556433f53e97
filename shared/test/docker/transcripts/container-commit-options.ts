import type { Transcript } from "../transcript.ts";

/** docker commit: an unchanged container, --change, -m/-a, and the container's Cmd in the image. */
export const transcript = {
  name: "container-commit-options",
  description:
    "Commit an unchanged container with -c ENV (empty layer), then a changed one with -m, -a and -c CMD.",
  rules: ["K4", "R34", "E7"],
  context: {},
  steps: [
    { kind: "create", args: ["--name", "plain", "tiny:1", "sh"] },
    { kind: "commit", container: "plain", tag: "exp:nochange", changes: ["ENV FOO=bar"] },
    { kind: "inspect", image: "exp:nochange" },
    { kind: "history", image: "exp:nochange" },
    {
      kind: "run",
      args: ["--name", "writer", "-e", "X=1", "-w", "/bin", "tiny:1", "sh", "-c", "echo hi > /hi.txt"],
    },
    {
      kind: "commit",
      container: "writer",
      tag: "exp:changed",
      message: "add hi",
      author: "Jane <jane@example.com>",
      changes: ['CMD ["cat", "/hi.txt"]', "EXPOSE 8080", "LABEL from=commit"],
    },
    { kind: "inspect", image: "exp:changed" },
    { kind: "history", image: "exp:changed" },
    { kind: "run", args: ["--rm", "exp:changed"] },
    { kind: "commit", container: "writer", tag: "exp:bad", changes: ["RUN echo no"], expect: "failure" },
  ],
} satisfies Transcript;
