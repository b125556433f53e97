import type { Transcript } from "../transcript.ts";

/** S4 / K5: SizeRw counts the writable layer only; volume data and the init layer never count. */
export const transcript = {
  name: "container-sizes-and-volumes",
  description:
    "Containers that write 1000 B, nothing, a whiteout, a chmod copy-up, and 5000 B into a volume.",
  rules: ["S4", "K5", "K6", "O3", "R26", "R33"],
  context: {},
  steps: [
    {
      kind: "run",
      args: [
        "--name",
        "write",
        "tiny:1",
        "/bin/busybox",
        "dd",
        "if=/dev/zero",
        "of=/f",
        "bs=1000",
        "count=1",
      ],
    },
    { kind: "run", args: ["--name", "nothing", "tiny:1", "sh", "-c", "true"] },
    { kind: "run", args: ["--name", "notrue", "tiny:1", "true"], expect: "failure" },
    { kind: "run", args: ["--name", "delete", "tiny:1", "rm", "/etc/passwd"] },
    { kind: "run", args: ["--name", "chmod", "tiny:1", "/bin/busybox", "chmod", "700", "/bin/busybox"] },
    {
      kind: "run",
      args: [
        "--name",
        "volume",
        "-v",
        "/data",
        "tiny:1",
        "/bin/busybox",
        "dd",
        "if=/dev/zero",
        "of=/data/f",
        "bs=1000",
        "count=5",
      ],
    },
    {
      kind: "run",
      args: ["--name", "hosts", "tiny:1", "sh", "-c", "echo x >> /etc/hosts && echo y > /etc/hostname"],
    },
    { kind: "ps" },
    { kind: "diff", container: "delete" },
    { kind: "diff", container: "volume" },
    { kind: "diff", container: "hosts" },
    { kind: "df" },
  ],
} satisfies Transcript;
