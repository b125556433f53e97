import { describe, expect, it } from "vitest";
import { firstDockerError, parseDockerfile, parseOnbuildTrigger } from "./parse.ts";
import type { Instruction } from "./types.ts";

const at = (line: number, column: number, endLine: number, endColumn: number) => ({
  start: { line, column },
  end: { line: endLine, column: endColumn },
});

/** `[line, column, severity, name, message]` of each diagnostic. */
function problems(text: string): [number, number, string, string, string][] {
  return parseDockerfile(text).diagnostics.map((d) => [
    d.range.start.line,
    d.range.start.column,
    d.severity,
    d.name,
    d.message,
  ]);
}

function instructionsOf(text: string): Instruction[] {
  return [...parseDockerfile(text).dockerfile.instructions];
}

function only(text: string): Instruction {
  const list = instructionsOf(text);
  const last = list.at(-1);
  if (last === undefined) throw new Error("no instruction");
  return last;
}

describe("parseDockerfile: exact trees", () => {
  it("parses FROM with --platform and AS into image, lower-cased name and platform", () => {
    expect(only("FROM --platform=linux/amd64 alpine:3.19 AS Build\n")).toEqual({
      keyword: "FROM",
      keywordText: "FROM",
      keywordRange: at(1, 1, 1, 5),
      original: "FROM --platform=linux/amd64 alpine:3.19 AS Build",
      range: at(1, 1, 1, 49),
      flags: [
        {
          name: "platform",
          value: "linux/amd64",
          original: "--platform=linux/amd64",
          range: at(1, 6, 1, 28),
        },
      ],
      argumentsText: "alpine:3.19 AS Build",
      heredocs: [],
      buildKitOnly: [],
      image: { value: "alpine:3.19", range: at(1, 29, 1, 40) },
      stageName: { value: "Build", range: at(1, 44, 1, 49) },
      name: "build",
      platform: "linux/amd64",
    });
  });

  it("joins continuation lines, drops comment lines inside them and keeps the whitespace Docker keeps", () => {
    const text = "FROM a\nRUN apt-get update \\\n# a comment\n    && echo done\n";
    expect(only(text)).toEqual({
      keyword: "RUN",
      keywordText: "RUN",
      keywordRange: at(2, 1, 2, 4),
      original: "RUN apt-get update     && echo done",
      range: at(2, 1, 4, 17),
      flags: [],
      argumentsText: "apt-get update     && echo done",
      heredocs: [],
      buildKitOnly: [],
      command: { form: "shell", text: "apt-get update     && echo done", range: at(2, 5, 4, 17) },
      mounts: [],
    });
    expect(parseDockerfile(text).dockerfile.comments).toEqual([
      { text: " a comment", range: at(3, 1, 3, 12) },
    ]);
  });

  it("uses the backtick as escape and continuation character after # escape=`", () => {
    const text = "# escape=`\nFROM windows\nCOPY testfile.txt c:\\ `\n  d:\\\nRUN dir c:\\\n";
    const { dockerfile, diagnostics } = parseDockerfile(text);
    expect(diagnostics).toEqual([]);
    expect(dockerfile.escapeToken).toBe("`");
    expect(dockerfile.directives).toEqual([{ name: "escape", value: "`", range: at(1, 1, 1, 11) }]);
    const [, copy, run] = dockerfile.instructions;
    expect(copy).toMatchObject({
      keyword: "COPY",
      original: "COPY testfile.txt c:\\   d:\\",
      sources: [
        { value: "testfile.txt", range: at(3, 6, 3, 18) },
        { value: "c:\\", range: at(3, 19, 3, 22) },
      ],
      dest: { value: "d:\\", range: at(4, 3, 4, 6) },
    });
    expect(run).toMatchObject({ keyword: "RUN", command: { form: "shell", text: "dir c:\\" } });
  });

  it("keeps ENV values as written in both forms", () => {
    expect(only('FROM a\nENV A=1 B="x y" C=a\\ b\n')).toMatchObject({
      pairs: [
        { key: "A", value: "1", separator: "=", range: at(2, 5, 2, 8) },
        { key: "B", value: '"x y"', separator: "=", range: at(2, 9, 2, 16) },
        { key: "C", value: "a\\ b", separator: "=", range: at(2, 17, 2, 23) },
      ],
    });
    expect(only("FROM a\nENV NAME hello   world\n")).toMatchObject({
      pairs: [{ key: "NAME", value: "hello   world", separator: "space", range: at(2, 5, 2, 23) }],
    });
  });

  it("parses every COPY flag and takes the last argument as the destination", () => {
    const copy = only(
      "FROM a\nCOPY --from=build --chown=1000:1000 --chmod=755 --link --exclude=*.md --exclude=*.txt --parents a b /dst/\n",
    );
    expect(copy).toMatchObject({
      keyword: "COPY",
      from: "build",
      chown: "1000:1000",
      chmod: "755",
      link: true,
      exclude: ["*.md", "*.txt"],
      parents: true,
      jsonForm: false,
      sources: [{ value: "a" }, { value: "b" }],
      dest: { value: "/dst/" },
    });
    expect(copy.buildKitOnly.map((feature) => [feature.feature, feature.classicMessage])).toEqual([
      [
        "chmod",
        "the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled",
      ],
      ["link", "Unknown flag: link"],
      ["exclude", "Unknown flag: exclude"],
      ["exclude", "Unknown flag: exclude"],
      ["parents", "Unknown flag: parents"],
    ]);
  });

  it("parses ADD flags and the JSON form", () => {
    expect(only('FROM a\nADD --keep-git-dir=true --checksum=sha256:abc ["a b", "/c d/"]\n')).toMatchObject({
      keyword: "ADD",
      keepGitDir: true,
      checksum: "sha256:abc",
      jsonForm: true,
      sources: [{ value: "a b", range: at(2, 48, 2, 53) }],
      dest: { value: "/c d/", range: at(2, 55, 2, 62) },
    });
  });

  it("parses RUN --mount, --network and --security and marks them BuildKit-only", () => {
    const run = only(
      "FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none --security=insecure make\n",
    );
    expect(run).toMatchObject({
      keyword: "RUN",
      mounts: ["type=cache,target=/root/.cache"],
      network: "none",
      security: "insecure",
      command: { form: "shell", text: "make" },
    });
    expect(run.buildKitOnly.map((feature) => feature.classicMessage.split(".")[0])).toEqual([
      "the --mount option requires BuildKit",
      "the --network option requires BuildKit",
      "the --security option requires BuildKit",
    ]);
  });

  it("parses HEALTHCHECK options with CMD, and NONE", () => {
    expect(
      only("FROM a\nHEALTHCHECK --interval=5m --timeout=3s --retries=3 CMD curl -f http://localhost/\n"),
    ).toMatchObject({
      type: "CMD",
      options: { interval: "5m", timeout: "3s", retries: "3" },
      command: { form: "shell", text: "curl -f http://localhost/" },
    });
    expect(only("FROM a\nhealthcheck none\n")).toMatchObject({
      keyword: "HEALTHCHECK",
      type: "NONE",
      command: undefined,
    });
  });

  it("parses ONBUILD with its nested instruction and the expression Docker stores", () => {
    const onbuild = only("FROM a\nONBUILD   COPY --chown=1:1 . /app\n");
    expect(onbuild).toMatchObject({
      keyword: "ONBUILD",
      expression: "COPY --chown=1:1 . /app",
      trigger: {
        keyword: "COPY",
        original: "COPY --chown=1:1 . /app",
        chown: "1:1",
        sources: [{ value: ".", range: at(2, 28, 2, 29) }],
        dest: { value: "/app" },
      },
    });
  });

  it("accepts keywords in any case", () => {
    expect(instructionsOf("from a\nRun echo\ncOpY a b\n").map((i) => [i.keyword, i.keywordText])).toEqual([
      ["FROM", "from"],
      ["RUN", "Run"],
      ["COPY", "cOpY"],
    ]);
  });

  it("splits ARG into names with and without defaults, quotes kept", () => {
    expect(only('ARG A B=2 C="x y"\nFROM a\nARG D\n')).toMatchObject({ args: [{ key: "D" }] });
    expect(parseDockerfile('ARG A B=2 C="x y"\nFROM a\n').dockerfile.metaArgs[0]?.args).toEqual([
      { key: "A", range: at(1, 5, 1, 6) },
      { key: "B", value: "2", range: at(1, 7, 1, 10) },
      { key: "C", value: '"x y"', range: at(1, 11, 1, 18) },
    ]);
  });

  it("parses EXPOSE, VOLUME (JSON and list), USER, WORKDIR, STOPSIGNAL, MAINTAINER, LABEL and SHELL", () => {
    const list = instructionsOf(
      'FROM a\nEXPOSE 80/tcp 443\nVOLUME ["/a", "/b"]\nVOLUME /c /d\nUSER app:app\nWORKDIR /srv/my app\nSTOPSIGNAL SIGKILL\nMAINTAINER Jo <j@x>\nLABEL a=1 "b c"="d e"\nSHELL ["/bin/bash", "-c"]\n',
    );
    expect(list.map((i) => i.keyword)).toEqual([
      "FROM",
      "EXPOSE",
      "VOLUME",
      "VOLUME",
      "USER",
      "WORKDIR",
      "STOPSIGNAL",
      "MAINTAINER",
      "LABEL",
      "SHELL",
    ]);
    expect(list[1]).toMatchObject({ ports: [{ value: "80/tcp" }, { value: "443" }] });
    expect(list[2]).toMatchObject({ jsonForm: true, paths: [{ value: "/a" }, { value: "/b" }] });
    expect(list[3]).toMatchObject({ jsonForm: false, paths: [{ value: "/c" }, { value: "/d" }] });
    expect(list[4]).toMatchObject({ user: { value: "app:app" } });
    expect(list[5]).toMatchObject({ path: { value: "/srv/my app", range: at(6, 9, 6, 20) } });
    expect(list[6]).toMatchObject({ signal: { value: "SIGKILL" } });
    expect(list[7]).toMatchObject({ maintainer: "Jo <j@x>" });
    expect(list[8]).toMatchObject({
      pairs: [
        { key: "a", value: "1" },
        { key: '"b c"', value: '"d e"' },
      ],
    });
    expect(list[9]).toMatchObject({ shell: ["/bin/bash", "-c"] });
  });
});

describe("parseDockerfile: exec form versus shell form", () => {
  it.each([
    ['CMD ["echo", "hi"]', { form: "exec", argv: ["echo", "hi"] }],
    ["CMD []", { form: "exec", argv: [] }],
    ["CMD ['echo', 'hi']", { form: "shell", text: "['echo', 'hi']" }],
    ['CMD ["echo", "hi"] extra', { form: "shell", text: '["echo", "hi"] extra' }],
    ['CMD ["echo" "hi"]', { form: "shell", text: '["echo" "hi"]' }],
    ['CMD [ "a\\u0041" ]', { form: "exec", argv: ["aA"] }],
    ["CMD echo [x]", { form: "shell", text: "echo [x]" }],
  ])("%s", (line, expected) => {
    expect(only(`FROM a\n${line}\n`)).toMatchObject({ command: expected });
  });

  it("rejects a JSON array with a non-string element, as Docker's parser does", () => {
    expect(problems('FROM a\nCMD ["a", 1]\n')).toEqual([
      [
        2,
        5,
        "error",
        "InvalidJson",
        "when using JSON array syntax, arrays must be comprised of strings only",
      ],
    ]);
  });
});

describe("parseDockerfile: diagnostics", () => {
  it.each<[string, string, [number, number, string, string, string][]]>([
    [
      "an unknown instruction",
      "FROM a\nRUNN echo\n",
      [[2, 1, "error", "UnknownInstruction", "unknown instruction: RUNN"]],
    ],
    [
      "an instruction before FROM",
      "RUN echo\nFROM a\n",
      [[1, 1, "error", "NoFromInstruction", "no build stage in current context"]],
    ],
    [
      "only ARGs",
      "ARG A=1\n",
      [[1, 8, "error", "NoFromInstruction", "dockerfile contains no stages to build"]],
    ],
    [
      "an empty file",
      "\n# only a comment\n",
      [[2, 1, "error", "NoFromInstruction", "file with no instructions"]],
    ],
    [
      "a blank ENV name",
      "FROM a\nENV =x\n",
      [[2, 1, "error", "InvalidInstructionArguments", "ENV names can not be blank"]],
    ],
    [
      "a blank ARG name",
      "FROM a\nARG =x\n",
      [[2, 5, "error", "InvalidInstructionArguments", "ARG names can not be blank"]],
    ],
    [
      "an empty ARG",
      "FROM a\nARG\n",
      [[2, 1, "error", "MissingArguments", "ARG requires at least one argument"]],
    ],
    [
      "ENV without a value",
      "FROM a\nENV A\n",
      [[2, 5, "error", "InvalidInstructionArguments", "ENV must have two arguments"]],
    ],
    [
      "ENV mixing the forms",
      "FROM a\nENV A=1 B\n",
      [
        [
          2,
          9,
          "error",
          "InvalidInstructionArguments",
          'Syntax error - can\'t find = in "B". Must be of the form: name=value',
        ],
      ],
    ],
    [
      "COPY with one argument",
      "FROM a\nCOPY only\n",
      [
        [
          2,
          1,
          "error",
          "MissingArguments",
          "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
        ],
      ],
    ],
    [
      "WORKDIR without a path",
      "FROM a\nWORKDIR\n",
      [[2, 1, "error", "MissingArguments", "WORKDIR requires exactly one argument"]],
    ],
    [
      "an unknown flag",
      "FROM a\nCOPY --form=x a b\n",
      [[2, 6, "error", "InvalidFlag", "Unknown flag: form"]],
    ],
    [
      "a flag without a value",
      "FROM a\nCOPY --from a b\n",
      [[2, 6, "error", "InvalidFlag", "Missing a value on flag: from"]],
    ],
    [
      "a bad boolean flag",
      "FROM a\nCOPY --link=yes a b\n",
      [[2, 6, "error", "InvalidFlag", "Expecting boolean value for flag link, not: yes"]],
    ],
    [
      "a duplicated flag",
      "FROM a\nCOPY --from=a --from=b a b\n",
      [[2, 15, "error", "InvalidFlag", "Duplicate flag specified: from"]],
    ],
    [
      "SHELL not in JSON",
      "FROM a\nSHELL /bin/sh -c\n",
      [[2, 1, "error", "InvalidJson", "SHELL requires the arguments to be in JSON form"]],
    ],
    [
      "an invalid stage name",
      "FROM a AS 1st\n",
      [
        [
          1,
          11,
          "error",
          "InvalidStageName",
          'invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
        ],
      ],
    ],
    [
      "FROM with two words",
      "FROM a b\n",
      [[1, 1, "error", "InvalidInstructionArguments", "FROM requires either one or three arguments"]],
    ],
    [
      "an upper-case stage name",
      "FROM a AS Base\n",
      [[1, 11, "warning", "StageNameCasing", "Stage name 'Base' should be lowercase"]],
    ],
    [
      "a duplicate stage name",
      "FROM a AS x\nFROM b AS x\n",
      [[2, 11, "warning", "DuplicateStageName", 'Duplicate stage name "x", stage names should be unique']],
    ],
    [
      "ONBUILD ONBUILD",
      "FROM a\nONBUILD ONBUILD RUN x\n",
      [
        [
          2,
          1,
          "error",
          "InvalidInstructionArguments",
          "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        ],
      ],
    ],
    [
      "ONBUILD FROM",
      "FROM a\nONBUILD FROM b\n",
      [[2, 1, "error", "InvalidInstructionArguments", "FROM isn't allowed as an ONBUILD trigger"]],
    ],
    [
      "HEALTHCHECK NONE with arguments",
      "FROM a\nHEALTHCHECK NONE x\n",
      [[2, 1, "error", "InvalidInstructionArguments", "HEALTHCHECK NONE takes no arguments"]],
    ],
    [
      "an unknown HEALTHCHECK type",
      "FROM a\nHEALTHCHECK RUN x\n",
      [[2, 1, "error", "InvalidInstructionArguments", 'Unknown type "RUN" in HEALTHCHECK (try CMD)']],
    ],
    [
      "HEALTHCHECK CMD alone",
      "FROM a\nHEALTHCHECK CMD\n",
      [[2, 1, "error", "MissingArguments", "Missing command after HEALTHCHECK CMD"]],
    ],
    [
      "an empty continuation line",
      "FROM a\nRUN echo \\\n\n  hi\n",
      [[3, 1, "warning", "EmptyContinuationLine", "Empty continuation line found in: RUN echo   hi"]],
    ],
    [
      "a duplicated directive",
      "# escape=`\n# escape=\\\nFROM a\n",
      [[2, 1, "error", "DuplicateParserDirective", "only one escape parser directive can be used"]],
    ],
    [
      "an invalid escape token",
      "# escape=x\nFROM a\n",
      [[1, 1, "error", "InvalidEscapeDirective", "invalid escape token 'x' does not match ` or \\"]],
    ],
    [
      "an unterminated heredoc",
      "FROM a\nRUN <<EOF\necho\n",
      [[2, 1, "error", "UnterminatedHeredoc", "unterminated heredoc"]],
    ],
  ])("reports %s", (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it("keeps going after an error and reports every problem", () => {
    expect(problems("FROM a\nRUNN x\nCOPY a\nRUN ok\nFOO\n").map(([line, , , name]) => [line, name])).toEqual(
      [
        [2, "UnknownInstruction"],
        [3, "MissingArguments"],
        [5, "UnknownInstruction"],
      ],
    );
    expect(instructionsOf("FROM a\nRUNN x\nCOPY a\nRUN ok\n").map((i) => i.keyword)).toEqual([
      "FROM",
      "COPY",
      "RUN",
    ]);
  });

  it("puts parser errors before instruction errors, as Docker's two passes do", () => {
    expect(firstDockerError(parseDockerfile("FROM a\nRUNN x\nENV A\n").diagnostics)).toBe(
      "failed to parse Dockerfile: ENV must have two arguments",
    );
    expect(firstDockerError(parseDockerfile("RUN x\nFROM a\n").diagnostics)).toBe(
      "no build stage in current context",
    );
  });

  it("formats the first error as Docker 20.10 prints it", () => {
    expect(firstDockerError(parseDockerfile("FROM a\n\nRUNN x\n").diagnostics)).toBe(
      "dockerfile parse error line 3: unknown instruction: RUNN",
    );
  });

  it("puts the file path on every diagnostic", () => {
    expect(parseDockerfile("RUNN\n", { path: "app/Dockerfile" }).diagnostics.map((d) => d.path)).toEqual([
      "app/Dockerfile",
      "app/Dockerfile",
    ]);
  });

  it("never throws on arbitrary text", () => {
    for (const text of [
      "",
      "\\",
      "`",
      "FROM\n",
      "\\\n\\\n",
      "ONBUILD",
      "# escape=`\n`",
      "RUN <<",
      "COPY <<A <<B\nA\n",
      "\uFEFFFROM a",
    ]) {
      expect(() => parseDockerfile(text)).not.toThrow();
    }
  });
});

describe("parseDockerfile: parser directives", () => {
  it("only honours directives before any comment or instruction", () => {
    const { dockerfile } = parseDockerfile("# a comment\n# escape=`\nFROM a\n");
    expect(dockerfile.escapeToken).toBe("\\");
    expect(dockerfile.directives).toEqual([]);
    expect(dockerfile.comments.map((c) => c.text)).toEqual([" a comment", " escape=`"]);
  });

  it("reads syntax and check directives, case-insensitively and with spaces", () => {
    expect(
      parseDockerfile("# Syntax = docker/dockerfile:1\n#check=skip=all\nFROM a\n").dockerfile.directives,
    ).toEqual([
      { name: "syntax", value: "docker/dockerfile:1", range: at(1, 1, 1, 31) },
      { name: "check", value: "skip=all", range: at(2, 1, 2, 16) },
    ]);
  });

  it("stops looking for directives after a blank line", () => {
    expect(parseDockerfile("\n# escape=`\nFROM a\n").dockerfile.escapeToken).toBe("\\");
  });
});

describe("parseDockerfile: heredocs", () => {
  it("attaches the body to RUN and marks it BuildKit-only", () => {
    const run = only("FROM a\nRUN <<EOF\napk add x\necho $HOME\nEOF\nCMD sh\n".replace("CMD sh\n", ""));
    expect(run).toMatchObject({
      command: { form: "shell", text: "<<EOF" },
      heredocs: [
        {
          name: "EOF",
          content: "apk add x\necho $HOME\n",
          expand: true,
          chomp: false,
          range: at(3, 1, 5, 4),
        },
      ],
    });
    expect(run.buildKitOnly.map((feature) => feature.feature)).toEqual(["heredoc"]);
  });

  it("does not expand a quoted delimiter and strips tabs with <<-", () => {
    const run = only("FROM a\nRUN <<-'END' cat > /x\n\tline\n\tEND\n");
    expect(run.heredocs).toEqual([
      { name: "END", content: "line\n", expand: false, chomp: true, range: at(3, 1, 4, 5) },
    ]);
  });

  it("reads several heredocs of COPY in order and continues after them", () => {
    const list = instructionsOf("FROM a\nCOPY <<A <<B /dst/\na\nA\nb\nB\nRUN x\n");
    expect(list[1]?.heredocs.map((h) => [h.name, h.content])).toEqual([
      ["A", "a\n"],
      ["B", "b\n"],
    ]);
    expect(list[2]).toMatchObject({ keyword: "RUN", range: at(7, 1, 7, 6) });
  });

  it("ignores << in the exec form", () => {
    expect(only('FROM a\nRUN ["cat", "<<EOF"]\n').heredocs).toEqual([]);
  });
});

describe("parseDockerfile: stages", () => {
  it("groups instructions into stages and keeps ARGs before the first FROM as meta args", () => {
    const { dockerfile, diagnostics } = parseDockerfile(
      "ARG BASE=alpine\nFROM $BASE AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n",
    );
    expect(diagnostics).toEqual([]);
    expect(dockerfile.metaArgs.map((arg) => arg.args)).toEqual([
      [{ key: "BASE", value: "alpine", range: at(1, 5, 1, 16) }],
    ]);
    expect(
      dockerfile.stages.map((stage) => [
        stage.index,
        stage.name,
        stage.from.image?.value,
        stage.instructions.map((i) => i.keyword),
      ]),
    ).toEqual([
      [0, "build", "$BASE", ["RUN"]],
      [1, undefined, "scratch", ["COPY"]],
    ]);
  });

  it("records COPY --from naming no stage without complaint (it may be an image)", () => {
    expect(problems("FROM a\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n")).toEqual([]);
  });
});

describe("parseOnbuildTrigger", () => {
  it("parses a stored trigger expression as one instruction", () => {
    const { instruction, diagnostics } = parseOnbuildTrigger("RUN echo trig > /trig");
    expect(diagnostics).toEqual([]);
    expect(instruction).toMatchObject({
      keyword: "RUN",
      command: { form: "shell", text: "echo trig > /trig" },
    });
  });
});

describe("parseOnbuildTrigger with a backtick escape", () => {
  it("uses the declaring Dockerfile's escape token for continuations", () => {
    const { instruction } = parseOnbuildTrigger("RUN echo a `\n  b", { escapeToken: "`" });
    expect(instruction).toMatchObject({
      keyword: "RUN",
      command: { form: "shell", text: "echo a   b" },
      range: at(1, 1, 2, 4),
    });
  });
});

describe("parseDockerfile: JSON-form COPY", () => {
  it("gives each JSON string its own range and keeps the destination out of the sources", () => {
    expect(only('FROM a\nCOPY ["a", "b c", "/dst/"]\n')).toMatchObject({
      jsonForm: true,
      sources: [
        { value: "a", range: at(2, 7, 2, 10) },
        { value: "b c", range: at(2, 12, 2, 17) },
      ],
      dest: { value: "/dst/", range: at(2, 19, 2, 26) },
    });
  });
});

describe("parseDockerfile: an empty file", () => {
  it("says the Dockerfile cannot be empty, naming the file as the classic builder does", () => {
    expect(parseDockerfile("", { path: "Dockerfile.empty" }).diagnostics.map((d) => d.message)).toEqual([
      "the Dockerfile (Dockerfile.empty) cannot be empty",
    ]);
    expect(firstDockerError(parseDockerfile("").diagnostics)).toBe("the Dockerfile cannot be empty");
  });

  it("matches the recorded 20.10 messages for an unknown instruction and an unknown flag", () => {
    expect(
      firstDockerError(parseDockerfile("FROM tiny:1\nRUN echo hi\nFOO bar\nRUN echo after\n").diagnostics),
    ).toBe("dockerfile parse error line 3: unknown instruction: FOO");
    expect(firstDockerError(parseDockerfile("FROM tiny:1\nCOPY --nosuch=1 a /a\n").diagnostics)).toBe(
      "dockerfile parse error line 2: Unknown flag: nosuch",
    );
    expect(firstDockerError(parseDockerfile("RUN echo hi\n").diagnostics)).toBe(
      "no build stage in current context",
    );
  });
});
