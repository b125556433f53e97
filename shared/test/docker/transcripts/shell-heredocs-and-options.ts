import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Shell here-documents (`<<`, `<<-`, quoted delimiters, two on one line) in a script a RUN writes
 * and runs, and `set -e`, `set -u`, `set -o pipefail`, `set -x` with ash's messages and exit codes,
 * in builds (the failing step's error text under each builder) and in docker run.
 */
export const transcript = {
  name: "shell-heredocs-and-options",
  description:
    "A script with here-documents run by a RUN; set -e/-u/-o pipefail/-x in docker run; builds failing under set -e, set -u and pipefail: error texts and exit codes.",
  rules: ["R4", "F4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV WHO=docker",
      "RUN printf 'cat <<EOF\\nhello $WHO\\n$(echo sub) `echo tick`\\nEOF\\ncat <<\"EOF\"\\nkept $WHO\\nEOF\\ncat <<-EOF\\n\\t\\ttabbed\\n\\tEOF\\ncat <<A; cat <<B\\none\\nA\\ntwo\\nB\\n' > /heredocs.sh && sh /heredocs.sh > /heredocs.out",
    ),
    "Dockerfile.set-e": dockerfile("FROM tiny:1", "RUN set -e; echo start >&2; false; echo never"),
    "Dockerfile.set-u": dockerfile("FROM tiny:1", "RUN set -u; echo $NOT_SET"),
    "Dockerfile.pipefail": dockerfile("FROM tiny:1", "RUN set -o pipefail && /bin/busybox false | cat"),
  },
  steps: [
    { kind: "build", tag: "exp:hd" },
    { kind: "layers", image: "exp:hd" },
    { kind: "run", args: ["--rm", "exp:hd", "cat", "/heredocs.sh", "/heredocs.out"] },
    { kind: "build", tag: "exp:sete", file: "Dockerfile.set-e", expect: "failure" },
    { kind: "build", tag: "exp:setu", file: "Dockerfile.set-u", expect: "failure" },
    { kind: "build", tag: "exp:pipefail", file: "Dockerfile.pipefail", expect: "failure" },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        'set -e; false || echo handled; if false; then :; fi; echo survived; false && :; echo after-and; x=$(false); echo "subst $?"; false; echo never',
      ],
      expect: "failure",
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "set -u; echo ${unset-default} ${unset:+alt}; echo $unset; echo never",
      ],
      expect: "failure",
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "false | true; echo $?; set -o pipefail; false | true; echo $?; true | false | true; echo $?; (exit 3) | (exit 4) | true; echo $?; set +o pipefail; false | true; echo $?",
      ],
    },
    { kind: "run", args: ["--rm", "tiny:1", "sh", "-c", 'set -x; a=1; echo $a "b c"; f() { echo in; }; f'] },
  ],
} satisfies Transcript;
