import type { Transcript } from "../transcript.ts";

/** Failing containers: unknown command, exit codes, non-executable files, and commands on stopped containers. */
export const transcript = {
  name: "container-failing-runs",
  description:
    "docker run of an unknown command, exit 3, a non-executable file, a directory; exec/start errors.",
  rules: ["F4"],
  context: {},
  steps: [
    { kind: "run", args: ["--name", "unknown", "tiny:1", "nosuchcommand"], expect: "failure" },
    {
      kind: "run",
      args: ["--name", "exit3", "tiny:1", "sh", "-c", "echo out; echo err >&2; exit 3"],
      expect: "failure",
    },
    { kind: "run", args: ["--name", "noexec", "tiny:1", "/etc/passwd"], expect: "failure" },
    { kind: "run", args: ["--name", "dir", "tiny:1", "/etc"], expect: "failure" },
    // PID 1 of a container ignores signals it has no handler for, even SIGKILL from inside.
    { kind: "run", args: ["--rm", "tiny:1", "sh", "-c", "kill -9 $$; echo survived"] },
    { kind: "run", args: ["--rm", "tiny:1", "sh", "-c", "sh -c 'kill -9 $$'; echo child $?"] },
    { kind: "ps" },
    { kind: "start", container: "exit3", attach: true, expect: "failure" },
    { kind: "exec", container: "exit3", command: ["true"], expect: "failure" },
    { kind: "start", container: "nosuch", expect: "failure" },
    { kind: "diff", container: "unknown" },
  ],
} satisfies Transcript;
