// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is Dockerfile variable syntax here
import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/** Variable expansion in ENV, WORKDIR, COPY and RUN, with ARG defaults and --build-arg. */
export const transcript = {
  name: "env-and-arg-expansion",
  description:
    "ENV referring to ENV, ARG defaults, ${V:-x}, expansion in WORKDIR and COPY, then a --build-arg.",
  rules: ["2.4", "C-ARG1"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV A=1 B=two",
      "ENV C=${A}-$B",
      "ARG V=def",
      "ENV D=${V} E=${UNSET:-fallback}",
      "WORKDIR /w/$A",
      "COPY a.txt ${B}.txt",
      "RUN echo $A $B $C $D $E $V > /out",
    ),
    "a.txt": "hello\n",
  },
  steps: [
    { kind: "build", tag: "exp:env" },
    { kind: "inspect", image: "exp:env" },
    { kind: "history", image: "exp:env" },
    { kind: "run", args: ["--rm", "exp:env", "sh", "-c", "cat /out; ls /w/1"] },
    { kind: "build", tag: "exp:env", args: ["--build-arg", "V=given"] },
    { kind: "run", args: ["--rm", "exp:env", "cat", "/out"] },
  ],
} satisfies Transcript;
