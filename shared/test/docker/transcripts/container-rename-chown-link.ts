import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** legacy-experiments.md E16: renaming a lower file, chown, and a new hard link to a lower file. */
export const transcript = {
  name: "container-rename-chown-link",
  description: "mv of a lower file, chown of another, ln to a third: docker diff and the committed layer.",
  rules: ["E16", "O3", "O5", "O8", "R32"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "COPY tree /"),
    "tree/d1/sub/f2": "f2\n",
    "tree/d2/f3": "f3\n",
    "tree/d4/y": "y\n",
  },
  steps: [
    { kind: "build", tag: "exp:e16", builder: "classic" },
    {
      kind: "run",
      args: [
        "--name",
        "e16c",
        "exp:e16",
        "sh",
        "-c",
        "mv /d1/sub/f2 /d1/f2moved && /bin/busybox chown 1000:1000 /d2/f3 && ln /d4/y /d4/ylink",
      ],
    },
    { kind: "diff", container: "e16c" },
    { kind: "ps" },
    { kind: "commit", container: "e16c", tag: "exp:e16commit" },
    { kind: "layers", image: "exp:e16commit" },
  ],
} satisfies Transcript;
