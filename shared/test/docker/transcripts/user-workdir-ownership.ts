import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** BuildKit creates WORKDIR directories owned by the current USER; the classic builder always as root. */
export const transcript = {
  name: "user-workdir-ownership",
  description: "USER 1000 then WORKDIR /work and a RUN writing there: permission denied under classic only.",
  rules: ["L4", "8.10"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "USER 1000", "WORKDIR /work", "RUN echo hi > /work/f"),
    "Dockerfile.id": dockerfile("FROM tiny:1", "USER 1000", "RUN /bin/busybox id > /dev/stderr"),
  },
  steps: [
    { kind: "build", tag: "exp:uw", expect: { classic: "failure" } },
    { kind: "build", tag: "exp:uid", file: "Dockerfile.id" },
    { kind: "inspect", image: "exp:uid" },
    { kind: "run", args: ["--rm", "exp:uid", "/bin/busybox", "id"] },
    { kind: "run", args: ["--rm", "-u", "0", "exp:uid", "/bin/busybox", "id"] },
  ],
} satisfies Transcript;
