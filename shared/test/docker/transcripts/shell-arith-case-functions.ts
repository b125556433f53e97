import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * The shell language of busybox ash: arithmetic expansion (every operator, assignment forms,
 * increments, bases), `case` with classes and alternatives, functions with `local` and `return`.
 */
export const transcript = {
  name: "shell-arith-case-functions",
  description:
    "$((…)) with every operator and assignment form, case patterns, functions with local, return and recursion: files a RUN writes and sh -c in docker run.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN { echo $((7/2)) $((7%3)) $((1<<4)) $((255>>2)) $((5&3)) $((5|3)) $((5^3)) $((~0)) $((!0)) $((3>2)) $((2>=3)) $((1==1)) $((1!=1)) $((1&&0)) $((1||0)) $((1?10:20)) $((-7/2)) $((0x1f)) $((010)) $((2*3+4*5)) $(( (2+3)*4 )); x=5; : $((x+=3)) $((x*=2)); echo $x $((x++)) $x $((--x)) $((x-=4)) $((x%=5)); y=3; echo $((y<<2)) $(( y > 2 ? 1 : 0 )) $((y)) $((z)) $((y=y*y)) $y; } > /arith",
      'RUN for w in apple Banana cherry 42 x.tar.gz \'\'; do case "$w" in [Aa]*) echo "$w: a";; [[:upper:]]*) echo "$w: upper";; *[0-9]) echo "$w: digit";; *.tar.gz|*.tgz) echo "$w: tarball";; \'\') echo empty;; *) echo "$w: other";; esac; done > /case',
      'RUN { greet() { local who=${1:-nobody}; echo "hi $who"; return 3; }; greet; echo "rc=$?"; greet you; fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 6; x=outer; f() { local x=inner; echo $x; }; f; echo $x; count() { echo $#; }; count a "b c" d; } > /functions',
    ),
  },
  steps: [
    { kind: "build", tag: "exp:lang" },
    { kind: "layers", image: "exp:lang" },
    { kind: "run", args: ["--rm", "exp:lang", "cat", "/arith", "/case", "/functions"] },
    {
      kind: "run",
      args: ["--rm", "tiny:1", "sh", "-c", "echo $((1/0)); echo after"],
      expect: "failure",
    },
    {
      kind: "run",
      args: ["--rm", "tiny:1", "sh", "-c", "echo $((2+)); echo after"],
      expect: "failure",
    },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        'a=7 b=abc; echo $((a*2)) $((b)) $((${a}0)); case x in y) echo y;; esac; echo "case rc $?"; f() { return 300; }; f; echo "rc $?"; g() { false; }; g || echo "g failed"; unset -f g; g 2>&1; echo "rc $?"',
      ],
    },
  ],
} satisfies Transcript;
