import type { Transcript } from "../transcript.ts";

/**
 * Docker's bind-mounted host files across a restart: what a container wrote to /etc/hosts and
 * /etc/resolv.conf is still there when it starts again, /etc/hostname is written anew at every
 * start, and none of it is in the writable layer.
 */
export const transcript = {
  name: "host-files-restart",
  description:
    "Append to /etc/hosts and /etc/resolv.conf and overwrite /etc/hostname, then start the container again: sizes and markers before each write, docker diff.",
  rules: ["O8"],
  context: {},
  steps: [
    {
      kind: "run",
      args: [
        "--name",
        "hf",
        "tiny:1",
        "sh",
        "-c",
        "/bin/busybox wc -c /etc/hosts /etc/hostname; /bin/busybox grep -c layercake-marker /etc/resolv.conf; echo 10.0.0.9 db >> /etc/hosts; echo '# layercake-marker' >> /etc/resolv.conf; echo renamed > /etc/hostname",
      ],
    },
    { kind: "start", container: "hf", attach: true },
    { kind: "diff", container: "hf" },
  ],
} satisfies Transcript;
