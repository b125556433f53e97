import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * COPY <<EOT (Docker 26.1, BuildKit): the here-document becomes a file; build args are expanded
 * in an unquoted one and kept literally in a quoted one; changing the text misses the cache. The
 * classic builder cannot copy here-documents ("no source files were specified").
 */
export const transcript = {
  name: "heredoc-copy",
  description:
    'COPY <<EOT and COPY <<"EOT" with an ARG, two documents in one COPY, a changed document misses; classic fails.',
  rules: ["R1", "C1"],
  builders: ["buildkit"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ARG NAME=world",
      "COPY <<EOT /expanded.txt",
      "name is $NAME",
      "EOT",
      'COPY <<"EOT" /quoted.txt',
      "name is $NAME",
      "EOT",
      "COPY <<one.txt <<two.txt /docs/",
      "first",
      "one.txt",
      "second",
      "two.txt",
      "RUN cat /expanded.txt /quoted.txt /docs/one.txt /docs/two.txt > /all",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:hcopy" },
    { kind: "history", image: "exp:hcopy" },
    { kind: "layers", image: "exp:hcopy" },
    { kind: "run", args: ["--rm", "exp:hcopy", "cat", "/all"] },
    { kind: "build", tag: "exp:hcopy", args: ["--build-arg", "NAME=you"] },
    { kind: "run", args: ["--rm", "exp:hcopy", "cat", "/all"] },
    { kind: "build", tag: "exp:classic", builder: "classic", expect: "failure" },
  ],
} satisfies Transcript;
