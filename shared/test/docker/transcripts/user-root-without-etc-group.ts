import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** tiny:1 has /etc/passwd but no /etc/group: how USER root, 0, 0:0 and 1000 fare in RUN. */
export const transcript = {
  name: "user-root-without-etc-group",
  description:
    "USER root and USER 0 fail in a BuildKit RUN on an image without /etc/group; 0:0 and 1000 work.",
  rules: ["R1"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "USER root", "RUN /bin/busybox id"),
    "Dockerfile.0": dockerfile("FROM tiny:1", "USER 0", "RUN /bin/busybox id"),
    "Dockerfile.00": dockerfile("FROM tiny:1", "USER 0:0", "RUN /bin/busybox id"),
    "Dockerfile.1000": dockerfile("FROM tiny:1", "USER 1000", "RUN /bin/busybox id"),
  },
  steps: [
    { kind: "build", tag: "exp:root", expect: { buildkit: "failure" } },
    { kind: "build", tag: "exp:zero", file: "Dockerfile.0", expect: { buildkit: "failure" } },
    { kind: "build", tag: "exp:zerozero", file: "Dockerfile.00" },
    { kind: "build", tag: "exp:thousand", file: "Dockerfile.1000" },
    { kind: "run", args: ["--rm", "-u", "root", "tiny:1", "/bin/busybox", "id"] },
  ],
} satisfies Transcript;
