import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * BuildKit secret mounts: the secret is a file only while its RUN runs, its content is in no cache
 * key and no layer, the mountpoint's parent directories stay in the layer, and a build without the
 * secret hits the cache (or, with --no-cache, runs without the file).
 */
export const transcript = {
  name: "secret-mount",
  description:
    "RUN --mount=type=secret at /run/secrets/<id> and at a target: layer entries, a changed secret still hits, no secret with --no-cache fails the command, required fails the step.",
  rules: ["R5"],
  builders: ["buildkit"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN --mount=type=secret,id=tok /bin/busybox wc -c /run/secrets/tok > /out && ls /run/secrets >> /out",
      "RUN --mount=type=secret,id=tok,target=/etc/tok.conf cat /etc/tok.conf | /bin/busybox wc -c > /out2",
    ),
    "token.txt": "s3cret\n",
    "Dockerfile.required": dockerfile(
      "FROM tiny:1",
      "RUN --mount=type=secret,id=tok,required ls /run/secrets",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:secret", args: ["--secret", "id=tok,src=token.txt"] },
    { kind: "layers", image: "exp:secret" },
    {
      kind: "run",
      args: ["--rm", "exp:secret", "sh", "-c", "cat /out /out2; ls /run/secrets"],
      // BuildKit v0.13 (Docker 26.1) removes the mountpoint's directories again.
      expect: { "@26.1-overlay2": "failure", "@26.1-containerd": "failure" },
    },
    { kind: "edit", op: "write", path: "token.txt", content: "a different secret\n" },
    { kind: "build", tag: "exp:secret", args: ["--secret", "id=tok,src=token.txt"] },
    { kind: "build", tag: "exp:nosecret", args: ["--no-cache"], expect: "failure" },
    { kind: "build", tag: "exp:required", file: "Dockerfile.required", expect: "failure" },
    { kind: "build", tag: "exp:missing", args: ["--secret", "id=tok,src=nosuch.txt"], expect: "failure" },
  ],
} satisfies Transcript;
