import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** WORKDIR on /, an existing directory, a new one, a nested new path, a relative path, and after USER. */
export const transcript = {
  name: "workdir-new-and-existing",
  description: "Which WORKDIRs add a layer, what the layer holds, and who owns a WORKDIR created after USER.",
  rules: ["E1", "L4", "L5", "R6", "8.10"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "WORKDIR /",
      "WORKDIR /bin",
      "WORKDIR /newdir",
      "WORKDIR /a/b/c",
      "WORKDIR rel",
      "USER 1000",
      "WORKDIR /owned",
      "USER 0:0",
      "RUN pwd > /pwd.txt",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:wd" },
    { kind: "inspect", image: "exp:wd" },
    { kind: "history", image: "exp:wd" },
    { kind: "layers", image: "exp:wd" },
    { kind: "run", args: ["--rm", "exp:wd", "cat", "/pwd.txt"] },
  ],
} satisfies Transcript;
