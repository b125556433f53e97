import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * What each prune removes: `image prune` the dangling image a rebuilt tag left behind (and its own
 * layer), `image prune -a` every image no container uses (through its tag), `container prune`
 * every container that is not running; each with the space it reclaimed.
 */
export const transcript = {
  name: "prune",
  description:
    "Rebuild a tag (dangling image), image prune, image prune -a with containers using app and tiny:1, container prune: deleted entries and reclaimed bytes.",
  rules: ["8.9", "K3"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "RUN echo one > /v"),
    "Dockerfile.other": dockerfile("FROM tiny:1", "RUN echo other > /o"),
  },
  steps: [
    { kind: "build", tag: "app" },
    {
      kind: "edit",
      op: "write",
      path: "Dockerfile",
      content: dockerfile("FROM tiny:1", "RUN echo two > /v"),
    },
    { kind: "build", tag: "app" },
    { kind: "build", tag: "other", file: "Dockerfile.other" },
    { kind: "run", args: ["--name", "keep", "tiny:1", "sh", "-c", "echo hi > /x"] },
    { kind: "create", args: ["--name", "user", "app", "sh"] },
    { kind: "images", all: true },
    { kind: "prune", target: "image" },
    { kind: "prune", target: "image", all: true },
    { kind: "images" },
    { kind: "prune", target: "container" },
    { kind: "ps" },
    { kind: "images" },
  ],
} satisfies Transcript;
