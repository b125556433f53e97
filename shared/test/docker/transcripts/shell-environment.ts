import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * What busybox ash adds to the environment it passes on: PWD and SHLVL at start-up, OLDPWD after a
 * `cd`, listed bucket by bucket of ash's variable table; plain assignments stay unexported.
 */
export const transcript = {
  name: "shell-environment",
  description:
    "`sh -c env` lists SHLVL and PWD in ash's hash order (exec'd env does not); cd sets OLDPWD; nested shells count SHLVL; unexported variables stay out of env; a stale PWD from -e is replaced.",
  rules: ["5"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV ZED=1 ALPHA=2",
      "WORKDIR /etc",
      "RUN /bin/busybox env > /build-env && cd /bin && /bin/busybox env > /build-env-after-cd",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:env" },
    { kind: "run", args: ["--rm", "exp:env", "cat", "/build-env", "/build-env-after-cd"] },
    { kind: "run", args: ["--rm", "-w", "/", "-e", "A=1", "tiny:1", "sh", "-c", "/bin/busybox env"] },
    { kind: "run", args: ["--rm", "-e", "A=1", "tiny:1", "/bin/busybox", "env"] },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "cd /bin; sh -c '/bin/busybox env'; FOO=1; BAR=2 /bin/busybox env | /bin/busybox grep -c BAR; /bin/busybox env | /bin/busybox grep -c FOO; export FOO; /bin/busybox env | /bin/busybox grep -n FOO",
      ],
    },
    {
      kind: "run",
      args: ["--rm", "-e", "PWD=/bin", "-e", "SHLVL=x", "tiny:1", "sh", "-c", "echo $PWD $SHLVL"],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "-w",
        "/bin",
        "-e",
        "PWD=/bin/",
        "tiny:1",
        "sh",
        "-c",
        "echo $PWD; cd ..; echo $PWD $OLDPWD",
      ],
    },
  ],
} satisfies Transcript;
