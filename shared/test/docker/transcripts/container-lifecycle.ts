import type { Transcript } from "../transcript.ts";

/** legacy-experiments.md E7: the writable layer exists from create to rm and survives stop/start. */
export const transcript = {
  name: "container-lifecycle",
  description: "create (0B), start, exec a write, stop, start, read it back, diff, rm: sizes along the way.",
  rules: ["E7", "K1", "K2", "K3", "S4", "R33"],
  context: {},
  steps: [
    { kind: "create", args: ["--name", "e7c", "tiny:1", "/bin/busybox", "sleep", "600"] },
    { kind: "ps" },
    { kind: "diff", container: "e7c" },
    { kind: "start", container: "e7c" },
    { kind: "exec", container: "e7c", command: ["sh", "-c", "echo data > /state"] },
    { kind: "stop", container: "e7c" },
    { kind: "ps" },
    { kind: "start", container: "e7c" },
    { kind: "exec", container: "e7c", command: ["cat", "/state"] },
    { kind: "diff", container: "e7c" },
    { kind: "rm", container: "e7c", expect: "failure" },
    { kind: "rm", container: "e7c", force: true },
    { kind: "ps" },
    { kind: "diff", container: "e7c", expect: "failure" },
  ],
} satisfies Transcript;
