import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** A lower directory removed and re-created in one RUN becomes an opaque directory. */
export const transcript = {
  name: "opaque-dir-recreate",
  description:
    "rm -r + mkdir of a directory from a lower layer: .wh..wh..opq in the layer, old children hidden.",
  rules: ["W3", "O4", "R29"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY d /d",
      "RUN rm -r /d && mkdir /d && echo new > /d/n",
      "RUN rm -r /d && mkdir /d",
    ),
    "d/old1": "old one\n",
    "d/sub/old2": "old two\n",
  },
  steps: [
    { kind: "build", tag: "exp:opq" },
    { kind: "inspect", image: "exp:opq" },
    { kind: "layers", image: "exp:opq" },
    { kind: "run", args: ["--rm", "exp:opq", "ls", "-a", "/d"] },
  ],
} satisfies Transcript;
