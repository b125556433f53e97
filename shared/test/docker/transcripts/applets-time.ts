import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * date with fixed instants (-d @N, -d 'YYYY-MM-DD HH:MM:SS', +FORMAT, -R, -I) and sleep (suffixes,
 * fractions, a bad interval); only the shape of the current time is compared (its length).
 */
export const transcript = {
  name: "applets-time",
  description:
    "date -u -d @N and -d with a date in formats, -R and -I; sleep 1 in a RUN, sleep with suffixes and a bad argument: outputs and exit codes.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN /bin/busybox date -u -d @0 '+%Y-%m-%d %H:%M:%S %a %j %u' > /epoch && /bin/busybox date -u -d '2024-02-29 13:45:00' +%s > /leap && /bin/busybox sleep 1 && echo slept > /slept",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:time" },
    { kind: "layers", image: "exp:time" },
    { kind: "run", args: ["--rm", "exp:time", "cat", "/epoch", "/leap", "/slept"] },
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        'd=/bin/busybox; $d date -u -d @1700000000; $d date -u -d @1700000000 -R; $d date -u -d @1700000000 -I; $d date -u -d @1700000000 -Iseconds; $d date -u -d @1700000000 \'+%b %e %I:%M %p %y %%\'; $d date | $d wc -c; $d date +%Y | $d wc -c; $d sleep 0.2 1s; echo "sleep $?"; $d sleep x; echo "sleep $?"; $d date -d nonsense; echo "date $?"',
      ],
    },
  ],
} satisfies Transcript;
