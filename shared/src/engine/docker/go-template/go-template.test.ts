import { describe, expect, it } from "vitest";
import { CONTAINER_INSPECT, IMAGE_INSPECT } from "../inspect-schemas.ts";
import { executeDockerTemplate, parseTemplate, TemplateError } from "./index.ts";

// Shaped like `docker image inspect` output (omitempty fields absent, as in Docker's JSON).
const image = {
  Id: "sha256:953d",
  RepoTags: ["bkh:latest"],
  RepoDigests: [],
  Parent: "",
  Created: "2026-11-22T22:23:35.789705397Z",
  Config: {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: ["PATH=/bin", "A=1"],
    Cmd: ["sh"],
    ArgsEscaped: true,
    Image: "",
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: { b: "2", a: "x<y" },
  },
  Os: "linux",
  Size: 1982352,
  RootFS: { Type: "layers", Layers: ["sha256:4f4d", "sha256:f097"] },
  Metadata: { LastTagTime: "2026-11-22T22:23:35.797621075Z" },
};

const run = (template: string, document: unknown = image) =>
  executeDockerTemplate(template, document, document === image ? IMAGE_INSPECT : CONTAINER_INSPECT);

const failure = (template: string) => {
  try {
    run(template);
  } catch (error) {
    if (error instanceof TemplateError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  return undefined;
};

describe("docker inspect --format (outputs as Docker 20.10 printed them)", () => {
  it("prints fields, slices, maps and structs as Go's %v does", () => {
    expect(run("{{.Id}} {{.Size}}")).toBe("sha256:953d 1982352");
    expect(run("{{.RootFS.Layers}}")).toBe("[sha256:4f4d sha256:f097]");
    expect(run("{{.RootFS}}")).toBe("{layers [sha256:4f4d sha256:f097] }");
    expect(run("{{.Config.Labels}}")).toBe("map[a:x<y b:2]");
    expect(run("{{.Config.Entrypoint}}|{{.Config.ExposedPorts}}|{{.Config.Healthcheck}}")).toBe(
      "[]|map[]|<nil>",
    );
    expect(run("{{.Metadata}}")).toBe("{2026-11-22 22:23:35.797621075 +0000 UTC}");
    expect(run("{{.Config}}")).toBe(
      "{   false false false map[] false false false [PATH=/bin A=1] [sh] <nil> true  map[]  [] false  [] map[a:x<y b:2]  <nil> []}",
    );
  });

  it("has Docker's functions: json without HTML escaping, join, upper, len, index, printf, println", () => {
    expect(run("{{json .RootFS}}")).toBe('{"Type":"layers","Layers":["sha256:4f4d","sha256:f097"]}');
    expect(run("{{json .Config.Labels}}")).toBe('{"b":"2","a":"x<y"}');
    expect(run('{{join .Config.Cmd ","}} {{upper .Os}} {{len .RootFS.Layers}}')).toBe("sh LINUX 2");
    expect(run('{{index .RootFS.Layers 1}} {{index .Config.Labels "b"}}')).toBe("sha256:f097 2");
    expect(run('{{printf "%s-%d" .Os .Size}} {{.Size | printf "%010d"}}')).toBe("linux-1982352 0001982352");
    expect(run("{{range .RootFS.Layers}}{{println .}}{{end}}")).toBe("sha256:4f4d\nsha256:f097\n");
  });

  it("runs if/else, with, range with variables, and trims around {{- -}}", () => {
    expect(
      run("{{if .Config.Cmd}}cmd{{else}}none{{end}} {{if .Config.Entrypoint}}ep{{else}}no-ep{{end}}"),
    ).toBe("cmd no-ep");
    expect(run("{{with .RootFS}}{{.Type}}{{end}}")).toBe("layers");
    expect(run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}")).toBe("a=x<y;b=2;");
    expect(run("a  {{- .Os -}}  b")).toBe("alinuxb");
    expect(run("{{range .Config.OnBuild}}x{{else}}empty{{end}}")).toBe("empty");
  });

  it("fails like Docker: the raw pass's error, exit 1; a template that does not parse, exit 64", () => {
    expect(failure("{{.Foo}}")).toEqual({
      message:
        'template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"',
      exitCode: 1,
    });
    expect(failure("{{.Config.Healthcheck.Test}}")?.message).toBe(
      'template parsing error: template: :1:9: executing "" at <.Config.Healthcheck.Test>: map has no entry for key "Healthcheck"',
    );
    // A field inside a function's arguments is reported at that field (its chain's second element).
    expect(failure('{{.Os}} {{len (split .Config.Healthcheck.Test ":")}}')?.message).toBe(
      'template parsing error: template: :1:28: executing "" at <.Config.Healthcheck.Test>: map has no entry for key "Healthcheck"',
    );
    expect(failure("{{index .Config.Entrypoint 0}}")?.message).toContain(
      "error calling index: index of untyped nil",
    );
    expect(failure("{{.Id")).toEqual({
      message: "template parsing error: template: :1: unclosed action",
      exitCode: 64,
    });
    expect(failure("{{}")?.message).toBe('template parsing error: template: :1: unexpected "}" in command');
    expect(failure("{{nosuch .Id}}")?.message).toBe(
      'template parsing error: template: :1: function "nosuch" not defined',
    );
    expect(() => parseTemplate("{{if .Os}}x")).toThrow("unexpected EOF");
    expect(() => parseTemplate("{{end}}")).toThrow("unexpected {{end}}");
  });

  it("prints a container's state struct and a pointer left nil", () => {
    const container = {
      Id: "c",
      State: { Status: "exited", Running: false, ExitCode: 3, StartedAt: "s", FinishedAt: "f" },
      Name: "/fmt1",
    };
    expect(run("{{.State}}", container)).toBe("{exited false false false false false 0 3  s f <nil>}");
    expect(run("{{.SizeRw}} {{.State.Status}} {{.State.ExitCode}} {{eq .State.ExitCode 3}}", container)).toBe(
      "<nil> exited 3 true",
    );
    expect(run("{{print .Name .State.Pid 3}}", container)).toBe("/fmt10 3");
  });
});
