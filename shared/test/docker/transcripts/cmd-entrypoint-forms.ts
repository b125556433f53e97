import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** CMD and ENTRYPOINT in shell and exec form, and how docker run arguments combine with them. */
export const transcript = {
  name: "cmd-entrypoint-forms",
  description: "Shell-form CMD, exec-form ENTRYPOINT + CMD, run with extra arguments and with --entrypoint.",
  rules: ["R1"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "ENV WHO=world", "CMD echo hello $WHO"),
    "Dockerfile.ep": dockerfile(
      "FROM tiny:1",
      'ENTRYPOINT ["echo", "from-entrypoint"]',
      'CMD ["default-arg"]',
    ),
    "Dockerfile.shellep": dockerfile("FROM tiny:1", "ENTRYPOINT echo shell-entrypoint", 'CMD ["ignored"]'),
  },
  steps: [
    { kind: "build", tag: "exp:cmd" },
    { kind: "build", tag: "exp:ep", file: "Dockerfile.ep" },
    { kind: "build", tag: "exp:shellep", file: "Dockerfile.shellep" },
    { kind: "inspect", image: "exp:cmd" },
    { kind: "inspect", image: "exp:ep" },
    { kind: "inspect", image: "exp:shellep" },
    { kind: "run", args: ["--rm", "exp:cmd"] },
    { kind: "run", args: ["--rm", "exp:cmd", "echo", "override"] },
    { kind: "run", args: ["--rm", "exp:ep"] },
    { kind: "run", args: ["--rm", "exp:ep", "x", "y"] },
    { kind: "run", args: ["--rm", "--entrypoint", "cat", "exp:ep", "/etc/passwd"] },
    { kind: "run", args: ["--rm", "exp:shellep", "extra"] },
  ],
} satisfies Transcript;
