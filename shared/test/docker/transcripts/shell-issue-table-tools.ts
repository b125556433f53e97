import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Issue 15's table, the tool lines: `dd if=/dev/zero of=/big bs=1M count=3` (3 MiB, not 3 bytes),
 * `head -c 5k` (5,120 bytes), and `find`, `cut -d' ' -f2`, `tr '\n' ','` over a copied tree.
 */
export const transcript = {
  name: "shell-issue-table-tools",
  description:
    "dd bs=1M count=3 and head -c 5k from /dev/zero in a RUN (layer sizes), find | cut | tr over a copied directory, dd's record counts.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY data /data",
      "RUN /bin/busybox dd if=/dev/zero of=/big bs=1M count=3 2>/dev/null && /bin/busybox head -c 5k /dev/zero > /five",
      "RUN /bin/busybox find /data -type f | /bin/busybox sort > /found && /bin/busybox cut -d' ' -f2 /data/people.txt > /cut && /bin/busybox tr '\\n' ',' < /found > /joined",
    ),
    "data/people.txt": "ada lovelace\nalan turing\ngrace hopper\n",
    "data/sub/notes.txt": "n\n",
    "data/sub/deeper/x": "x",
  },
  steps: [
    { kind: "build", tag: "exp:tools" },
    { kind: "history", image: "exp:tools" },
    { kind: "layers", image: "exp:tools" },
    {
      kind: "run",
      args: ["--rm", "exp:tools", "sh", "-c", "cat /found /cut /joined; echo; /bin/busybox wc -c /big /five"],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "/bin/busybox dd if=/dev/zero of=/big bs=1M count=3 status=noxfer; /bin/busybox dd if=/dev/zero bs=1k count=2 status=noxfer | /bin/busybox wc -c; /bin/busybox head -c 5k /dev/zero | /bin/busybox wc -c; /bin/busybox head -c 1m /dev/zero | /bin/busybox wc -c",
      ],
    },
  ],
} satisfies Transcript;
