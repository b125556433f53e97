import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Issue 15's table, the shell-language lines: `echo $((6*7))`, a `while` loop counting with
 * `$((i+1))`, and `x=$x$x` twenty times in one RUN (a 1 MiB variable, fine for busybox ash).
 */
export const transcript = {
  name: "shell-issue-table-language",
  description:
    "RUN echo $((6*7)), a four-pass while loop and twenty x=$x$x doublings: the files they write, layer entries, history.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN echo $((6*7)) > /arith",
      'RUN i=0; while [ $i -lt 4 ]; do i=$((i+1)); echo "pass $i" >> /loop; done; echo "i=$i" >> /loop',
      `RUN x=a; ${Array.from({ length: 20 }, () => "x=$x$x;").join(" ")} echo \${#x} > /doubled`,
    ),
  },
  steps: [
    { kind: "build", tag: "exp:table" },
    { kind: "history", image: "exp:table" },
    { kind: "layers", image: "exp:table" },
    { kind: "run", args: ["--rm", "exp:table", "cat", "/arith", "/loop", "/doubled"] },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        `echo $((6*7)); i=0; while [ $i -lt 4 ]; do i=$((i+1)); echo $i; done; x=a; ${Array.from({ length: 20 }, () => "x=$x$x;").join(" ")} echo \${#x}`,
      ],
    },
  ],
} satisfies Transcript;
