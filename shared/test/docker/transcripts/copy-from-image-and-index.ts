import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** COPY --from an image that is not a stage, and --from by stage index. */
export const transcript = {
  name: "copy-from-image-and-index",
  description: "COPY --from=tiny:1 and COPY --from=0; history strings and layers.",
  rules: ["C3", "1.3"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN echo zero > /zero",
      "FROM tiny:1",
      "COPY --from=tiny:1 /etc/passwd /passwd-copy",
      "COPY --from=0 /zero /zero",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:from" },
    { kind: "build", tag: "exp:from" },
    { kind: "history", image: "exp:from" },
    { kind: "layers", image: "exp:from" },
  ],
} satisfies Transcript;
