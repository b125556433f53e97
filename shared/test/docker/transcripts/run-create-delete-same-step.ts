import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E14: a file created and deleted in the same RUN never reaches a layer. */
export const transcript = {
  name: "run-create-delete-same-step",
  description:
    "Create+delete in one RUN at / and inside an existing directory, then mkdir of a new directory.",
  rules: ["E14", "L2", "L3", "W5"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN /bin/busybox dd if=/dev/zero of=/big bs=1024 count=16 && rm /big",
      "RUN /bin/busybox dd if=/dev/zero of=/etc/big bs=1024 count=16 && rm /etc/big",
      "RUN mkdir /newdir",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:e14" },
    { kind: "inspect", image: "exp:e14" },
    { kind: "layers", image: "exp:e14" },
  ],
} satisfies Transcript;
