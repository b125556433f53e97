import type { Transcript } from "../transcript.ts";

/**
 * What a container sees in the files Docker bind-mounts (/etc/hostname, /etc/hosts) and how busybox
 * ls -l prints old files (year instead of time) and a directory's total.
 */
export const transcript = {
  name: "container-files",
  description:
    "/etc/hostname and /etc/hosts contents and sizes; ls -l of old files and its total line; ls -ln numeric owners.",
  rules: ["O8"],
  context: {},
  steps: [
    {
      kind: "run",
      args: [
        "--rm",
        "tiny:1",
        "sh",
        "-c",
        "/bin/busybox wc -c /etc/hostname /etc/hosts; cat /etc/hosts; ls -l /bin; ls -ln /etc/passwd; ls -la /bin/sh",
      ],
    },
  ],
} satisfies Transcript;
