import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * The file applets: find (tests, -exec), xargs, du, stat -c, dd with skip/count, truncate with a
 * size suffix, mktemp (tiny:1 has no /tmp), readlink -f, realpath. Debian's busybox-static (tiny:1's) is built without `install`, so that one
 * answers `applet not found`.
 */
export const transcript = {
  name: "applets-files",
  description:
    "find, xargs, du -k, stat -c, dd skip/count, truncate -s 10k, mktemp -p, readlink/realpath through a symlink, install missing from tiny:1's busybox: layer entries and what the applets print.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY tree /tree",
      "RUN cd /bin && for a in find xargs du stat dd truncate mktemp readlink realpath sort wc; do ln -s busybox $a; done",
      "RUN find /tree -name '*.txt' | sort | xargs cat > /cat-all && truncate -s 10k /sized && dd if=/tree/a.txt of=/dd-out bs=2 count=2 skip=1 2>/dev/null && ln -s /tree/sub /link",
    ),
    "tree/a.txt": "0123456789\n",
    "tree/b.txt": "bee\n",
    "tree/sub/c.txt": "sea\n",
    "tree/sub/d.bin": "d",
  },
  steps: [
    { kind: "build", tag: "exp:files" },
    { kind: "layers", image: "exp:files" },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:files",
        "sh",
        "-c",
        "cat /cat-all /dd-out; echo; stat -c '%a %s %F %U:%G %n' /sized /dd-out /link; readlink /link; readlink -f /link/../a.txt; realpath /link /tree/sub/../b.txt; find /tree -type d | sort; find /tree -type f -size -2c; find /tree -name '*.txt' -exec wc -c {} + | sort; find /tree/sub -type f | xargs -n1 basename 2>&1 | sort; du -k /tree | sort -k2; t=$(mktemp -p /) && [ -f \"$t\" ] && echo mktemp file; d=$(mktemp -d -p /tree) && [ -d \"$d\" ] && echo mktemp dir; echo a b c d e | xargs -n 2 echo; echo x | xargs -I{} echo '[{}]'",
      ],
    },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:files",
        "sh",
        "-c",
        'mktemp; echo "exit $?"; readlink /tree/a.txt; echo "exit $?"; stat /nosuch; echo "exit $?"; /bin/busybox install -m 750 /tree/a.txt /a; echo "exit $?"',
      ],
    },
  ],
} satisfies Transcript;
