import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * The other here-document forms of BuildKit v0.13 (Dockerfile 1.4+ without a syntax line):
 * `<<-EOT` (leading tabs stripped), two documents in one RUN, a document with a `#!` line (run as
 * a file), a document fed to a command (`RUN <<EOT sh -s`), a script using a shell here-document
 * inside, `COPY --chmod` of a document, ENV expanded in an unquoted COPY document (quotes are plain
 * text there, escapes are not: `'$A'` expands, `\$A` stays `$A`, `\n` becomes `n`). The classic
 * builder of 26.1 reads the same bodies but hands the shell only the first line.
 */
export const transcript = {
  name: "heredoc-forms",
  description:
    "RUN <<-EOT with tabs, two here-documents in one RUN, a #! document, RUN <<EOT sh -s, a nested shell here-document, COPY --chmod=755 <<EOT and ENV in COPY <<-EOT: files, history, layers, under both builders.",
  rules: ["R1", "R12"],
  profiles: ["26.1-overlay2", "26.1-containerd"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV GREETING=hi",
      "RUN <<-EOT",
      "\techo tabbed > /tabbed",
      "\t\techo $GREETING >> /tabbed",
      "\tEOT",
      "RUN cat /dev/stdin <<ONE > /one && cat <<TWO > /two",
      "first $GREETING",
      "ONE",
      "second",
      "TWO",
      "RUN <<EOT",
      "#!/bin/sh",
      'echo "shebang $0 $GREETING" > /shebang',
      "EOT",
      "RUN <<EOT sh -s arg1",
      'echo "stdin script $1" > /stdin',
      "EOT",
      "RUN <<'EOT'",
      "cat <<EOF > /nested",
      "nested $GREETING",
      "EOF",
      "EOT",
    ),
    "Dockerfile.copy": dockerfile(
      "FROM tiny:1",
      "ENV GREETING=hi",
      "COPY --chmod=755 <<EOT /run.sh",
      "#!/bin/sh",
      "echo run $GREETING",
      "EOT",
      "COPY <<-EOT /tabbed.txt",
      "\t$GREETING ${GREETING}-there",
      "\t\t\\$GREETING",
      "\tEOT",
      "COPY <<EOT /quotes.txt",
      `a "q $GREETING" 'single $GREETING' \\$GREETING it's`,
      "b printf 'x\\n' \\\\ back\\tslash",
      'c ${GREETING:-d} ${UNSET:-dflt} $UNSET ${GREETING}x $(date) `x` "unterminated',
      "EOT",
      "RUN /run.sh > /ran",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:forms" },
    { kind: "history", image: "exp:forms" },
    { kind: "layers", image: "exp:forms" },
    {
      kind: "run",
      args: ["--rm", "exp:forms", "sh", "-c", "cat /tabbed /one /two /shebang /stdin /nested 2>&1; ls /"],
    },
    { kind: "build", tag: "exp:hcopy", file: "Dockerfile.copy", builder: "buildkit" },
    { kind: "history", image: "exp:hcopy" },
    { kind: "layers", image: "exp:hcopy" },
    { kind: "run", args: ["--rm", "exp:hcopy", "sh", "-c", "cat /run.sh /tabbed.txt /ran /quotes.txt"] },
  ],
} satisfies Transcript;
