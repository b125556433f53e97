import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E2 (with a 64 KiB file instead of 1 MiB): empty RUN, rm, chmod/touch copy-up. */
export const transcript = {
  name: "run-empty-and-copy-up",
  description: "RUN true, a file written then removed by a later RUN, and chmod/touch of lower files.",
  rules: ["E2", "L1", "L2", "L5", "L8", "L9", "R5", "R9", "R10", "S2", "S3"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN true",
      "RUN /bin/busybox dd if=/dev/zero of=/big bs=1024 count=64",
      "RUN rm /big",
      "RUN /bin/busybox chmod 700 /bin/busybox",
      "RUN /bin/busybox touch /etc/passwd",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:e2" },
    { kind: "inspect", image: "exp:e2" },
    { kind: "history", image: "exp:e2" },
    { kind: "layers", image: "exp:e2" },
  ],
} satisfies Transcript;
