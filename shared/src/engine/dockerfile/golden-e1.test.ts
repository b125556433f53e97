/**
 * Golden test on experiment E1 of `reference/legacy-experiments.md`: the Dockerfile the real
 * classic builder built, and the values its history and config show for each instruction.
 */
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "./parse.ts";
import type { Instruction } from "./types.ts";

const e1 = `FROM tiny:1
MAINTAINER someone <s@example.com>
ARG A1=one
ENV E1=x
LABEL l1=v1
WORKDIR /
WORKDIR /bin
WORKDIR /newdir
USER root
EXPOSE 8080
VOLUME /data
CMD ["sh"]
ENTRYPOINT ["/bin/sh","-c"]
HEALTHCHECK CMD true
SHELL ["/bin/sh","-c"]
STOPSIGNAL SIGTERM
ONBUILD RUN echo hi
RUN true
RUN /bin/busybox touch /x
COPY a.txt /a.txt
ADD a.txt /b.txt
RUN rm /x
`;

/** The value each instruction carries, in the shape the E1 history row shows it. */
function summary(instruction: Instruction): string {
  switch (instruction.keyword) {
    case "FROM":
      return `FROM ${instruction.image?.value ?? ""}`;
    case "MAINTAINER":
      return `MAINTAINER ${instruction.maintainer}`;
    case "ARG":
      return `ARG ${instruction.args.map((arg) => (arg.value === undefined ? arg.key : `${arg.key}=${arg.value}`)).join(" ")}`;
    case "ENV":
    case "LABEL":
      return `${instruction.keyword} ${instruction.pairs.map((pair) => `${pair.key}=${pair.value}`).join(" ")}`;
    case "WORKDIR":
      return `WORKDIR ${instruction.path?.value ?? ""}`;
    case "USER":
      return `USER ${instruction.user?.value ?? ""}`;
    case "EXPOSE":
      return `EXPOSE ${instruction.ports.map((port) => port.value).join(" ")}`;
    case "VOLUME":
      return `VOLUME [${instruction.paths.map((path) => path.value).join(" ")}]`;
    case "CMD":
    case "ENTRYPOINT":
    case "RUN": {
      const command = instruction.command;
      if (command === undefined) return instruction.keyword;
      return command.form === "exec"
        ? `${instruction.keyword} [${command.argv.map((arg) => JSON.stringify(arg)).join(" ")}]`
        : `${instruction.keyword} ${command.text}`;
    }
    case "HEALTHCHECK":
      return `HEALTHCHECK ${instruction.command?.form === "shell" ? `CMD-SHELL ${instruction.command.text}` : "?"}`;
    case "SHELL":
      return `SHELL [${(instruction.shell ?? []).join(" ")}]`;
    case "STOPSIGNAL":
      return `STOPSIGNAL ${instruction.signal?.value ?? ""}`;
    case "ONBUILD":
      return `ONBUILD ${instruction.expression}`;
    case "COPY":
    case "ADD":
      return `${instruction.keyword} ${instruction.sources.map((source) => source.value).join(" ")} in ${instruction.dest?.value ?? ""}`;
  }
}

describe("golden: experiment E1", () => {
  const { dockerfile, diagnostics } = parseDockerfile(e1, { path: "Dockerfile" });

  it("parses without a diagnostic", () => {
    expect(diagnostics).toEqual([]);
  });

  it("has one stage from tiny:1 with the 21 instructions the history lists", () => {
    expect(dockerfile.stages).toHaveLength(1);
    expect(dockerfile.stages[0]?.from.image?.value).toBe("tiny:1");
    expect(dockerfile.stages[0]?.instructions.map(summary)).toEqual([
      "MAINTAINER someone <s@example.com>",
      "ARG A1=one",
      "ENV E1=x",
      "LABEL l1=v1",
      "WORKDIR /",
      "WORKDIR /bin",
      "WORKDIR /newdir",
      "USER root",
      "EXPOSE 8080",
      "VOLUME [/data]",
      'CMD ["sh"]',
      'ENTRYPOINT ["/bin/sh" "-c"]',
      "HEALTHCHECK CMD-SHELL true",
      "SHELL [/bin/sh -c]",
      "STOPSIGNAL SIGTERM",
      "ONBUILD RUN echo hi",
      "RUN true",
      "RUN /bin/busybox touch /x",
      "COPY a.txt in /a.txt",
      "ADD a.txt in /b.txt",
      "RUN rm /x",
    ]);
  });

  it("gives every instruction its own line", () => {
    expect(dockerfile.instructions.map((instruction) => instruction.range.start.line)).toEqual(
      Array.from({ length: 22 }, (_, index) => index + 1),
    );
  });

  it("keeps each instruction's original text for the build log", () => {
    expect(dockerfile.instructions.map((instruction) => instruction.original)).toEqual(
      e1.trimEnd().split("\n"),
    );
  });
});
