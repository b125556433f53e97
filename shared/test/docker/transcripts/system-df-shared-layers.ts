import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E5: SHARED and UNIQUE sizes in docker system df -v. */
export const transcript = {
  name: "system-df-shared-layers",
  description: "sd1 = tiny + 100 KiB, sd2 = sd1 + 50 KiB, sd3 = tiny + the same COPY as a different chain.",
  rules: ["E5", "S2", "S5", "S6", "R27", "R35"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "RUN /bin/busybox dd if=/dev/zero of=/f100 bs=1024 count=100"),
    "Dockerfile.sd2": dockerfile("FROM exp:sd1", "RUN /bin/busybox dd if=/dev/zero of=/f50 bs=1024 count=50"),
    "Dockerfile.sd3": dockerfile("FROM tiny:1", "COPY a.txt /a.txt"),
    "Dockerfile.sd4": dockerfile("FROM exp:sd1", "COPY a.txt /a.txt"),
    "a.txt": "a".repeat(3000),
  },
  steps: [
    { kind: "build", tag: "exp:sd1" },
    { kind: "build", tag: "exp:sd2", file: "Dockerfile.sd2" },
    { kind: "build", tag: "exp:sd3", file: "Dockerfile.sd3" },
    { kind: "build", tag: "exp:sd4", file: "Dockerfile.sd4" },
    { kind: "images" },
    { kind: "df" },
    { kind: "create", args: ["--name", "c1", "exp:sd2", "sh"] },
    { kind: "df" },
  ],
} satisfies Transcript;
