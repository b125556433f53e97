import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** ADD extracts a local tar archive (here gzip-compressed); COPY copies it as a file. */
export const transcript = {
  name: "add-local-archive",
  description: "ADD of a .tar.gz from the context unpacks it; COPY of the same file does not.",
  rules: ["R4", "R7", "1.3"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "ADD files.tar.gz /unpacked/", "COPY files.tar.gz /copied/"),
    // tar of inner/ (0755), inner/a.txt and b.txt ("inside a\n", "inside b\n"), mtime 2024-01-01, gzip
    "files.tar.gz": {
      base64:
        "H4sIAAAAAAACA+3TQQrDIBCFYdc9hSdox6DxPIZm4SYBY6HHr3UZaAMFhdD/24yMLoTHi8syp5tqSgrvXJ3Fftazsc5aKzK890b8IEo71cFjyyGVr6R1zd/eHd2fVKz5h2t+5qb5j9Z+zt+YXf5m9EZpIf8O+W/xPutwUfhHU9Pm/9p/cc7T/479n+g/AAAAAAAAAAAAAADn9QIQPnwXACgAAA==",
    },
  },
  steps: [
    { kind: "build", tag: "exp:add" },
    { kind: "history", image: "exp:add" },
    { kind: "layers", image: "exp:add" },
  ],
} satisfies Transcript;
