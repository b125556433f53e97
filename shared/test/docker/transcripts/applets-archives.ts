import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * The archive applets: tar c/x/t (with z), gzip/gunzip round trips (compressed bytes are not
 * compared, only what comes back; compressed data goes through files, since the simulated pipes
 * carry text), base64 both ways, md5sum and sha256sum. tar lists the directory order of the file
 * system it read (ext4's hash order on the daemons), so listings are sorted.
 */
export const transcript = {
  name: "applets-archives",
  description:
    "tar cf/tf/xf and czf/xzf, gzip -c and gunzip -c round trips through files, base64 and base64 -d, md5sum, sha256sum: layer entries and outputs.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "COPY tree /tree",
      "RUN cd /bin && for a in tar gzip gunzip zcat base64 md5sum sha256sum sort; do ln -s busybox $a; done",
      "RUN tar cf /t.tar -C / tree && tar tf /t.tar | sort > /t.list && mkdir /x && tar xf /t.tar -C /x && tar czf /tz.tmp -C /tree . && mkdir /y && tar xzf /tz.tmp -C /y && rm /tz.tmp && base64 /tree/a.txt > /a.b64 && base64 -d /a.b64 > /a.back && md5sum /tree/a.txt /a.back > /md5 && sha256sum /tree/a.txt > /sha",
      'RUN gzip -c /t.tar > /t.gz && [ "$(md5sum < /t.tar)" = "$(gunzip -c /t.gz | md5sum)" ] && rm /t.gz && echo round trip > /round',
    ),
    "tree/a.txt": "hello archive\n",
    "tree/sub/b.txt": "b\n",
  },
  steps: [
    { kind: "build", tag: "exp:arch" },
    { kind: "layers", image: "exp:arch" },
    {
      kind: "run",
      args: [
        "--rm",
        "exp:arch",
        "sh",
        "-c",
        'cat /t.list /a.b64 /md5 /sha /round; ls -R /x /y; echo hello | base64; echo aGk= | base64 -d; echo; printf \'line\\n\' > /l && gzip /l && zcat /l.gz; echo abc | gzip -c > /g.gz && gunzip /g.gz && cat /g; tar tzf /nosuch.tgz; echo "exit $?"; echo wrong | md5sum -c -s; echo "exit $?"',
      ],
    },
  ],
} satisfies Transcript;
