import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E10: COPY . and .dockerignore, including the Dockerfile itself. */
export const transcript = {
  name: "cache-dockerignore",
  description:
    "COPY . /app: Dockerfile change, adding .dockerignore, changing an ignored file, ignoring the Dockerfile.",
  rules: ["E10", "C8", "R13"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY . /app", "RUN ls -a /app > /listing"),
    "main.txt": "main\n",
    "debug.log": "log 1\n",
  },
  steps: [
    { kind: "build", tag: "exp:e10" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "COPY . /app", "RUN ls -a /app > /listing", "LABEL x=1"),
    },
    { kind: "build", tag: "exp:e10" },
    { kind: "edit", op: "write", path: ".dockerignore", content: "*.log\nDockerfile\n" },
    { kind: "build", tag: "exp:e10" },
    { kind: "run", args: ["--rm", "exp:e10", "cat", "/listing"] },
    { kind: "edit", op: "write", path: "debug.log", content: "log 2, longer\n" },
    { kind: "build", tag: "exp:e10" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile(
        "FROM tiny:1",
        "COPY . /app",
        "RUN ls -a /app > /listing",
        "LABEL x=1",
        "LABEL y=2",
      ),
    },
    { kind: "build", tag: "exp:e10" },
    { kind: "layers", image: "exp:e10" },
  ],
} satisfies Transcript;
