import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** O8: how docker diff reports directories: deleted trees once, new trees fully, parents as C. */
export const transcript = {
  name: "diff-directories",
  description:
    "rm -r of a tree, mkdir -p of a new tree, a file changed deep down, a symlink, a re-created dir.",
  rules: ["O8", "R32", "W3"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY tree /"),
    "tree/gone/sub/f": "f\n",
    "tree/deep/a/b/c.txt": "c\n",
    "tree/again/old": "old\n",
  },
  steps: [
    { kind: "build", tag: "exp:dirs", builder: "classic" },
    {
      kind: "run",
      args: [
        "--name",
        "dirs",
        "exp:dirs",
        "sh",
        "-c",
        "rm -r /gone && mkdir -p /n1/n2 && echo x > /n1/n2/f && echo c2 > /deep/a/b/c.txt" +
          " && ln -s /bin/busybox /sym && rm -r /again && mkdir /again && echo new > /again/new",
      ],
    },
    { kind: "diff", container: "dirs" },
    { kind: "commit", container: "dirs", tag: "exp:dirscommit" },
    { kind: "layers", image: "exp:dirscommit" },
  ],
} satisfies Transcript;
