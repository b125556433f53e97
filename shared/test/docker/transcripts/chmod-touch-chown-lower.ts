import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Metadata-only changes to a lower file copy the whole file into the new layer. */
export const transcript = {
  name: "chmod-touch-chown-lower",
  description:
    "chmod, touch, chown and an append on an 8 KiB file from a lower layer: each layer holds a full copy.",
  rules: ["L9", "O3", "R10", "S1", "S2"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY f.bin /f.bin",
      "RUN /bin/busybox chmod 600 /f.bin",
      "RUN /bin/busybox touch /f.bin",
      "RUN /bin/busybox chown 1000:1000 /f.bin",
      "RUN echo more >> /f.bin",
    ),
    "f.bin": "x".repeat(8192),
  },
  steps: [
    { kind: "build", tag: "exp:cp" },
    { kind: "inspect", image: "exp:cp" },
    { kind: "history", image: "exp:cp" },
    { kind: "layers", image: "exp:cp" },
  ],
} satisfies Transcript;
