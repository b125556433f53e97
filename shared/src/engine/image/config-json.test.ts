import { describe, expect, it } from "vitest";
import { sha256Digest } from "../../core/hash.ts";
import { computeImageId, serializeImageConfig, writeGoJson } from "./config-json.ts";
import type { ImageConfigDocument } from "./types.ts";

const document: ImageConfigDocument = {
  architecture: "amd64",
  os: "linux",
  created: "2026-01-01T00:00:00Z",
  author: "someone <s@example.com>",
  container: "c0ffee",
  docker_version: "20.10.24",
  config: {
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    Cmd: ["sh"],
    Labels: { b: "2", a: "1" },
    ExposedPorts: { "8080/tcp": {} },
    Image: "sha256:parent",
  },
  container_config: { Cmd: ["/bin/sh", "-c", "#(nop) ", 'CMD ["sh"]'] },
  rootfs: { type: "layers", diff_ids: ["sha256:aa"] },
  history: [
    {
      created: "2026-01-01T00:00:00Z",
      created_by: '/bin/sh -c #(nop)  CMD ["sh"]',
      author: "x",
      empty_layer: true,
    },
  ],
};

describe("image config JSON", () => {
  it("writes moby configs with sorted top-level keys and container.Config in struct order", () => {
    expect(serializeImageConfig(document, "moby")).toBe(
      '{"architecture":"amd64","author":"someone \\u003cs@example.com\\u003e",' +
        '"config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,' +
        '"ExposedPorts":{"8080/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,' +
        '"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"],"Image":"sha256:parent",' +
        '"Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"a":"1","b":"2"}},' +
        '"container":"c0ffee",' +
        '"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,' +
        '"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["/bin/sh","-c","#(nop) ","CMD [\\"sh\\"]"],' +
        '"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},' +
        '"created":"2026-01-01T00:00:00Z","docker_version":"20.10.24",' +
        '"history":[{"created":"2026-01-01T00:00:00Z","author":"x","created_by":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","empty_layer":true}],' +
        '"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}',
    );
  });

  it("writes BuildKit configs with every empty field omitted and OCI history key order", () => {
    expect(serializeImageConfig(document, "oci")).toBe(
      '{"architecture":"amd64","author":"someone \\u003cs@example.com\\u003e",' +
        '"config":{"ExposedPorts":{"8080/tcp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],' +
        '"Cmd":["sh"],"Labels":{"a":"1","b":"2"}},' +
        '"created":"2026-01-01T00:00:00Z",' +
        '"history":[{"created":"2026-01-01T00:00:00Z","created_by":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","author":"x","empty_layer":true}],' +
        '"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}',
    );
  });

  it("computes the image ID as the sha256 of the config bytes (D5)", () => {
    expect(computeImageId(document, "moby")).toBe(sha256Digest(serializeImageConfig(document, "moby")));
    expect(computeImageId(document, "moby")).not.toBe(computeImageId(document, "oci"));
  });

  it("escapes like Go's encoding/json", () => {
    expect(writeGoJson("a&b<c>\u0001\n\u2028")).toBe('"a\\u0026b\\u003cc\\u003e\\u0001\\n\\u2028"');
    expect(
      writeGoJson(
        new Map([
          ["10", 1],
          ["9", 2],
        ]),
      ),
    ).toBe('{"10":1,"9":2}');
  });
});
