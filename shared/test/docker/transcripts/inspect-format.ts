import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

const imageFormats = [
  "{{.Id}}",
  "{{.RootFS}}",
  "{{len .RootFS.Layers}} {{.Size}} {{.Os}}/{{.Architecture}} {{upper .Os}}",
  "{{range .RootFS.Layers}}{{println .}}{{end}}",
  "{{.Config}}",
  "{{.ContainerConfig.Cmd}}",
  '{{json .Config.Labels}} {{index .Config.Labels "b"}} {{.Config.Healthcheck}} {{.Config.Entrypoint}}',
  '{{json .Config.Cmd}} {{join .Config.Env ";"}} {{printf "%s-%05d" .Os 42}}',
  "{{if .Config.Entrypoint}}entrypoint{{else}}no entrypoint{{end}} {{with .RootFS}}{{.Type}}{{end}}",
  '{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}} {{.GraphDriver.Name}} {{len (split .GraphDriver.Data.LowerDir ":")}}',
];

/**
 * `docker inspect --format`: Go templates over the typed inspect structs, with the raw-JSON fallback
 * whose error Docker reports, and overlay2's lowerdir chain (container: init layer + image layers).
 */
export const transcript = {
  name: "inspect-format",
  description:
    "docker inspect -f over an image and a container: field chains, structs, maps, nil slices and pointers, json/join/index/printf/range/if/with, GraphDriver lowerdirs, and template errors.",
  rules: ["D5", "O1"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "ENV A=1",
      "RUN echo one > /one",
      "LABEL b=2 a=1",
      "RUN echo two > /two",
      'CMD ["sh"]',
    ),
  },
  steps: [
    { kind: "build", tag: "exp:format" },
    ...imageFormats.map((format) => ({
      kind: "format" as const,
      target: "exp:format",
      format,
      // API 1.45 (Docker 26.1) no longer returns ContainerConfig; the containerd image store has no
      // overlay2 directories (GraphDriver.Data is null).
      ...(format.includes(".ContainerConfig")
        ? { expect: { "@26.1-overlay2": "failure", "@26.1-containerd": "failure" } as const }
        : format.includes(".GraphDriver.Data")
          ? { expect: { "@26.1-containerd": "failure" } as const }
          : {}),
    })),
    { kind: "format", target: "exp:format", format: "{{.Nope}}", expect: "failure" },
    { kind: "format", target: "exp:format", format: "{{.Config.Healthcheck.Test}}", expect: "failure" },
    { kind: "format", target: "exp:format", format: "{{.Id", expect: "failure" },
    { kind: "format", target: "exp:format", format: "{{nosuch .Id}}", expect: "failure" },
    {
      kind: "run",
      args: ["--name", "fmt", "-e", "B=2", "exp:format", "sh", "-c", "echo x > /x; exit 3"],
      expect: "failure",
    },
    {
      kind: "format",
      target: "fmt",
      format:
        "{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.State.Pid}} {{.Name}} {{.Path}} {{.Args}}",
    },
    { kind: "format", target: "fmt", format: "{{json .Config.Env}} {{.Config.Cmd}} {{.SizeRw}} {{.Image}}" },
    {
      kind: "format",
      target: "fmt",
      format: '{{.GraphDriver.Name}} {{len (split .GraphDriver.Data.LowerDir ":")}} {{.Driver}}',
      expect: { "@26.1-containerd": "failure" },
    },
    { kind: "format", target: "fmt", format: "{{index .Config.Entrypoint 0}}", expect: "failure" },
  ],
} satisfies Transcript;
