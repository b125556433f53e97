import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** docker rmi: untag vs delete, intermediate images of the classic builder, images in use. */
export const transcript = {
  name: "rmi-and-intermediate-images",
  description: "Two tags on one image, rmi of each, an image used by a container, rmi -f, dangling images.",
  rules: ["8.9", "D7"],
  context: {
    Dockerfile: dockerfile("FROM tiny:1", "ENV A=1", "RUN echo r > /r", "LABEL l=1"),
    "Dockerfile.v2": dockerfile("FROM tiny:1", "ENV A=1", "RUN echo r > /r", "LABEL l=2"),
  },
  steps: [
    { kind: "build", tag: "exp:one" },
    { kind: "build", tag: "exp:two" },
    { kind: "images", all: true },
    { kind: "rmi", images: ["exp:one"] },
    { kind: "build", tag: "exp:two", file: "Dockerfile.v2" },
    { kind: "images", all: true },
    { kind: "create", args: ["--name", "user", "exp:two", "sh"] },
    { kind: "rmi", images: ["exp:two"], expect: "failure" },
    { kind: "rmi", images: ["exp:two"], force: true },
    { kind: "images", all: true },
    { kind: "ps" },
  ],
} satisfies Transcript;
