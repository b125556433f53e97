import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E4: deletes, an opaque re-create, chmod copy-up, a broken hard link, rename, volume. */
export const transcript = {
  name: "container-writes-and-commit",
  description:
    "A container changes files of every kind; docker diff, ps -s, and the layer docker commit makes.",
  rules: ["E4", "O3", "O4", "O5", "O6", "O8", "K4", "K5", "S4", "W3", "R29", "R30", "R31", "R32", "R34"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY tree /",
      "RUN ln /h/a /h/b && /bin/busybox dd if=/dev/zero of=/big bs=1024 count=64",
      "VOLUME /vol",
    ),
    "tree/d1/f1": "f1\n",
    "tree/d1/sub/f2": "f2\n",
    "tree/d2/f3": "f3\n",
    "tree/d3/x": "x\n",
    "tree/d4/y": "y\n",
    "tree/h/a": "abc\n",
  },
  steps: [
    { kind: "build", tag: "exp:e4", builder: "classic" },
    {
      kind: "run",
      args: [
        "--name",
        "e4c",
        "exp:e4",
        "sh",
        "-c",
        "rm /d1/f1 && rm -r /d2 && rm -r /d3 && mkdir /d3 && echo new > /d3/n && /bin/busybox chmod 600 /big" +
          " && echo more >> /h/a && echo new > /newfile && mv /d4 /d4moved && echo v > /vol/v && cat /h/b" +
          " && /bin/busybox stat -c '%n %h %s' /h/a /h/b",
      ],
    },
    { kind: "diff", container: "e4c" },
    { kind: "ps" },
    { kind: "commit", container: "e4c", tag: "exp:e4commit", message: "my commit" },
    { kind: "inspect", image: "exp:e4commit" },
    { kind: "history", image: "exp:e4commit" },
    { kind: "layers", image: "exp:e4commit" },
    { kind: "run", args: ["--rm", "exp:e4commit", "sh", "-c", "ls /vol /d3; cat /h/a /h/b"] },
  ],
} satisfies Transcript;
