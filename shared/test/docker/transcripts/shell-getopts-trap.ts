import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** getopts (with an argument, an unknown option, OPTIND and shift) and trap (EXIT, a signal, listing, reset). */
export const transcript = {
  name: "shell-getopts-trap",
  description:
    "getopts in a function and in sh -c, unknown options, shift $((OPTIND-1)); trap on EXIT, TERM and INT, trap listings: a RUN whose EXIT trap writes a file, and docker run.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      'RUN parse() { OPTIND=1; while getopts "vn:" opt; do case $opt in v) echo verbose;; n) echo "name=$OPTARG";; esac; done; shift $((OPTIND-1)); echo "rest=$*"; }; parse -v -n app one two > /getopts',
      "RUN trap 'echo cleanup > /trapped' EXIT; echo body > /body",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:trap" },
    { kind: "layers", image: "exp:trap" },
    { kind: "run", args: ["--rm", "exp:trap", "cat", "/getopts", "/trapped", "/body"] },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        'while getopts "ab:c" opt; do case $opt in a) echo A;; b) echo "B=$OPTARG";; c) echo C;; \\?) echo "bad $OPTIND";; esac; done; shift $((OPTIND-1)); echo "rest: $*"',
        "sh",
        "-a",
        "-b",
        "val",
        "-x",
        "-c",
        "file1",
        "file2",
      ],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        'getopts "b:" o -b; echo "rc $? o=$o"; getopts ":b:" o -b; echo "rc $? o=$o OPTARG=$OPTARG"',
      ],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "trap 'echo bye' EXIT; trap 'echo on-int' INT; trap; trap - INT; trap; trap 'echo caught; exit 3' TERM; kill -TERM $$; echo not reached",
      ],
      expect: "failure",
    },
    {
      kind: "run",
      args: ["--rm", "tiny:1", "sh", "-c", "f() { trap 'echo in-exit' EXIT; exit 4; }; f; echo never"],
      expect: "failure",
    },
  ],
} satisfies Transcript;
