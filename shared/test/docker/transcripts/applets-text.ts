import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * The text applets as RUN lines use them (called through symlinks a RUN makes, as busybox images
 * have them): cut, tr, sort, uniq, awk, sed (with the hold space), grep -E/-v/-o/-c.
 */
export const transcript = {
  name: "applets-text",
  description:
    "cut, tr, sort -k -n -r -t -u, uniq -c -d, awk with arrays and printf, sed addresses and hold space, grep -E -o -v -c -n: the files a RUN writes and the same pipelines in docker run.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY words.txt /w.txt",
      "RUN cd /bin && for a in cut tr sort uniq awk sed grep wc; do ln -s busybox $a; done",
      "RUN sort -k2 -n -r /w.txt > /sorted && cut -d' ' -f1 /w.txt | sort | uniq -c > /counts && tr 'a-z' 'A-Z' < /w.txt > /upper && awk '{ s += $2; n[$1]++ } END { for (k in n) c++; printf \"%d %d %5.2f\\n\", s, c, s / NR }' /w.txt > /awk && sed -n '/an/{s/a/A/g;p}' /w.txt > /sed && grep -E -o '[0-9]+' /w.txt | tr '\\n' ' ' > /grep && grep -v apple /w.txt | wc -l > /grepv",
    ),
    "words.txt": "banana 3\napple 10\ncherry 7\napple 2\ndate 10\n",
  },
  steps: [
    { kind: "build", tag: "exp:text" },
    { kind: "layers", image: "exp:text" },
    {
      kind: "run",
      args: ["--rm", "exp:text", "sh", "-c", "cat /sorted /counts /upper /awk /sed /grep; echo; cat /grepv"],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:text",
        "sh",
        "-c",
        "sed -n '1h;1!H;${x;s/\\n/|/g;p}' /w.txt; sort -t' ' -k2,2n -k1,1r /w.txt; cut -d' ' -f1 /w.txt | sort | uniq -d; sort -u -k1,1 /w.txt; grep -c 10 /w.txt; grep -n -e cherry -e date /w.txt; awk -F' ' 'NR % 2 == 0 { print NR \": \" toupper($1) } END { print NR }' /w.txt; echo 'a:b:c' | cut -d: -f2-; echo hello | tr -d l; echo aabbcc | tr -s abc; sed -e 's/^\\([a-z]*\\) \\([0-9]*\\)$/\\2=\\1/' -e '3q' /w.txt; grep -x nosuch /w.txt; echo \"exit $?\"",
      ],
    },
  ],
} satisfies Transcript;
