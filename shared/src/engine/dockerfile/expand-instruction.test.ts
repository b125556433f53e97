// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Dockerfile variable syntax under test.
import { describe, expect, it } from "vitest";
import { lookupFromEnv } from "./expand.ts";
import { expandInstruction } from "./expand-instruction.ts";
import { parseDockerfile } from "./parse.ts";
import type { Instruction } from "./types.ts";

const lookup = lookupFromEnv(["APP=/srv/app", "USERNAME=web", "PORTS=80 443", "NAME=my app"]);

function expanded(line: string): Instruction {
  const instruction = parseDockerfile(`FROM a\n${line}\n`).dockerfile.instructions[1];
  if (instruction === undefined) throw new Error("no instruction");
  return expandInstruction(instruction, lookup).instruction;
}

describe("expandInstruction", () => {
  it("expands COPY sources, destination and flags, removing quotes", () => {
    expect(expanded('COPY --chown=$USERNAME "src dir" ${APP}/')).toMatchObject({
      chown: "web",
      sources: [{ value: '"src' }, { value: 'dir"' }],
      dest: { value: "/srv/app/" },
    });
  });

  it("expands ENV and LABEL keys and values", () => {
    expect(expanded('ENV HOME=$APP GREETING="hello ${NAME}"')).toMatchObject({
      pairs: [
        { key: "HOME", value: "/srv/app" },
        { key: "GREETING", value: "hello my app" },
      ],
    });
    expect(expanded('LABEL "com.x"="$NAME"')).toMatchObject({ pairs: [{ key: "com.x", value: "my app" }] });
  });

  it("splits EXPOSE ports that come from a variable", () => {
    expect(expanded("EXPOSE $PORTS 8080")).toMatchObject({
      ports: [{ value: "80" }, { value: "443" }, { value: "8080" }],
    });
  });

  it("expands WORKDIR, USER, VOLUME and ARG defaults", () => {
    expect(expanded("WORKDIR $APP/bin")).toMatchObject({ path: { value: "/srv/app/bin" } });
    expect(expanded("USER ${USERNAME}:${USERNAME}")).toMatchObject({ user: { value: "web:web" } });
    expect(expanded('VOLUME ["$APP/data"]')).toMatchObject({ paths: [{ value: "/srv/app/data" }] });
    expect(expanded("ARG DIR=$APP/x")).toMatchObject({ args: [{ key: "DIR", value: "/srv/app/x" }] });
  });

  it("leaves RUN, CMD and ONBUILD commands to the shell", () => {
    expect(expanded("RUN echo $APP")).toMatchObject({ command: { form: "shell", text: "echo $APP" } });
    expect(expanded('CMD ["echo", "$APP"]')).toMatchObject({
      command: { form: "exec", argv: ["echo", "$APP"] },
    });
    expect(expanded("ONBUILD COPY . $APP")).toMatchObject({ expression: "COPY . $APP" });
  });

  it("reports a malformed substitution at the word", () => {
    const instruction = parseDockerfile("FROM a\nWORKDIR ${APP\n").dockerfile.instructions[1] as Instruction;
    expect(expandInstruction(instruction, lookup, { path: "Dockerfile" }).diagnostics).toEqual([
      {
        name: "InvalidVariableSubstitution",
        severity: "error",
        message: 'failed to process "${APP": unsupported modifier (\uFFFD) in substitution',
        path: "Dockerfile",
        range: { start: { line: 2, column: 9 }, end: { line: 2, column: 14 } },
      },
    ]);
  });
});
