import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Image config fields set by metadata instructions, and SHELL's effect on RUN. */
export const transcript = {
  name: "config-fields",
  description: "HEALTHCHECK options, STOPSIGNAL, SHELL before RUN, several EXPOSEs and LABELs, MAINTAINER.",
  rules: ["R1", "1.3"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "MAINTAINER Jane <jane@example.com>",
      'LABEL a=1 "b c"="d e"',
      "LABEL a=2",
      "EXPOSE 80 443/udp",
      "EXPOSE 8080/tcp",
      "HEALTHCHECK --interval=30s --timeout=5s --start-period=1s --retries=2 CMD echo ok",
      "STOPSIGNAL SIGUSR1",
      'SHELL ["/bin/sh", "-ec"]',
      "RUN echo shell > /shell.txt",
      'CMD ["echo", "hi"]',
    ),
  },
  steps: [
    { kind: "build", tag: "exp:cfg" },
    { kind: "inspect", image: "exp:cfg" },
    { kind: "history", image: "exp:cfg" },
    { kind: "run", args: ["--rm", "exp:cfg"] },
  ],
} satisfies Transcript;
