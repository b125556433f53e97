/** legacy-experiments.md E1 and E2: which instructions add a layer, and image sizes. */
import { describe, expect, it } from "vitest";
import { readImageDraft } from "../../src/engine/image/image.ts";
import type { Image } from "../../src/engine/image/types.ts";
import { build, contextFromFiles, createTestStore, dockerfile, TINY_LAYER_SIZE } from "./support/fixtures.ts";
import { layerEntries } from "./support/layer-entries.ts";

const E1 = dockerfile(
  "FROM tiny:1",
  "MAINTAINER someone <s@example.com>",
  "ARG A1=one",
  "ENV E1=x",
  "LABEL l1=v1",
  "WORKDIR /",
  "WORKDIR /bin",
  "WORKDIR /newdir",
  "USER root",
  "EXPOSE 8080",
  "VOLUME /data",
  'CMD ["sh"]',
  'ENTRYPOINT ["/bin/sh","-c"]',
  "HEALTHCHECK CMD true",
  'SHELL ["/bin/sh","-c"]',
  "STOPSIGNAL SIGTERM",
  "ONBUILD RUN echo hi",
  "RUN true",
  "RUN /bin/busybox touch /x",
  "COPY a.txt /a.txt",
  "ADD a.txt /b.txt",
  "RUN rm /x",
);

function historyRows(image: Image): string[] {
  return readImageDraft(image).history.map(
    (entry) => `${entry.empty_layer ? "True " : "False"} | ${entry.created_by ?? "None"}`,
  );
}

function builtImage(result: { image?: Image }): Image {
  if (result.image === undefined) throw new Error("the build produced no image");
  return result.image;
}

describe("E1: which instructions add a layer (classic builder)", () => {
  const { store } = createTestStore();
  const { result } = build(store, {
    dockerfile: E1,
    context: contextFromFiles({ "a.txt": "hello\n" }),
    builder: "classic",
    tags: ["exp:e1"],
  });
  const image = builtImage(result);

  it("writes the exact history list: 22 entries, 7 diff_ids", () => {
    expect(historyRows(image)).toEqual([
      "False | None",
      "True  | /bin/sh -c #(nop)  MAINTAINER someone <s@example.com>",
      "True  | /bin/sh -c #(nop)  ARG A1=one",
      "True  | /bin/sh -c #(nop)  ENV E1=x",
      "True  | /bin/sh -c #(nop)  LABEL l1=v1",
      "True  | /bin/sh -c #(nop) WORKDIR /",
      "True  | /bin/sh -c #(nop) WORKDIR /bin",
      "False | /bin/sh -c #(nop) WORKDIR /newdir",
      "True  | /bin/sh -c #(nop)  USER root",
      "True  | /bin/sh -c #(nop)  EXPOSE 8080",
      "True  | /bin/sh -c #(nop)  VOLUME [/data]",
      'True  | /bin/sh -c #(nop)  CMD ["sh"]',
      'True  | /bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh" "-c"]',
      `True  | /bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "true"] "0s" "0s" "0s" '\\x00'}`,
      "True  | /bin/sh -c #(nop)  SHELL [/bin/sh -c]",
      "True  | /bin/sh -c #(nop)  STOPSIGNAL SIGTERM",
      "True  | /bin/sh -c #(nop)  ONBUILD RUN echo hi",
      "False | |1 A1=one /bin/sh -c true",
      "False | |1 A1=one /bin/sh -c /bin/busybox touch /x",
      "False | /bin/sh -c #(nop) COPY file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda in /a.txt ",
      "False | /bin/sh -c #(nop) ADD file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda in /b.txt ",
      "False | |1 A1=one /bin/sh -c rm /x",
    ]);
    expect(image.config.rootfs.diff_ids).toHaveLength(7);
  });

  it("puts only the new directory, the volume mountpoint, x, a.txt, b.txt and a whiteout in the 6 new layers", () => {
    expect(image.layers.slice(1).map(layerEntries)).toEqual([
      ["d 755 0:0 0 newdir/"],
      ["d 755 0:0 0 data/"],
      ["f 644 0:0 0 x"],
      ["f 644 0:0 6 a.txt"],
      ["f 644 0:0 6 b.txt"],
      ["f 600 0:0 0 .wh.x"],
    ]);
  });

  it("reports 0 B for four real layers (D8) and sets the author from MAINTAINER", () => {
    expect(image.layers.map((layer) => layer.size)).toEqual([TINY_LAYER_SIZE, 0, 0, 0, 6, 6, 0]);
    expect(image.config.author).toBe("someone <s@example.com>");
    expect(
      readImageDraft(image)
        .history.slice(1)
        .every((entry) => entry.author === "someone <s@example.com>"),
    ).toBe(true);
  });

  it("explains each layer decision with its rule", () => {
    const rules = result.steps.map(
      (step) => `${step.instruction} → ${step.layer} ${step.layerReasons.map((item) => item.rule).join(",")}`,
    );
    expect(rules).toContain("WORKDIR /bin → history-only L4");
    expect(rules).toContain("WORKDIR /newdir → layer L4");
    expect(rules).toContain("RUN true → layer R4,L7");
    expect(rules).toContain("ENV E1=x → history-only L1");
    expect(rules).toContain("COPY a.txt /a.txt → layer L6");
  });

  it("builds the config: default PATH, Cmd, Entrypoint, ports, labels, volumes, healthcheck, shell, OnBuild", () => {
    expect(image.config.config).toMatchObject({
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "E1=x"],
      Cmd: ["sh"],
      Entrypoint: ["/bin/sh", "-c"],
      ExposedPorts: { "8080/tcp": {} },
      Labels: { l1: "v1" },
      Volumes: { "/data": {} },
      Healthcheck: { Test: ["CMD-SHELL", "true"] },
      Shell: ["/bin/sh", "-c"],
      StopSignal: "SIGTERM",
      OnBuild: ["RUN echo hi"],
      User: "root",
      WorkingDir: "/newdir",
    });
  });
});

describe("E2: empty RUN, rm, chmod/touch copy-up and the image size", () => {
  const { store } = createTestStore();
  const { result } = build(store, {
    dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN true",
      "RUN /bin/busybox dd if=/dev/zero of=/big bs=1024 count=1024",
      "RUN rm /big",
      "RUN /bin/busybox chmod 700 /bin/busybox",
      "RUN /bin/busybox touch /etc/passwd",
    ),
    context: contextFromFiles({}),
    builder: "classic",
  });
  const image = builtImage(result);

  it("records RUN true as history only: 5 diff_ids for 6 history entries (L2)", () => {
    expect(historyRows(image)).toEqual([
      "False | None",
      "True  | /bin/sh -c true",
      "False | /bin/sh -c /bin/busybox dd if=/dev/zero of=/big bs=1024 count=1024",
      "False | /bin/sh -c rm /big",
      "False | /bin/sh -c /bin/busybox chmod 700 /bin/busybox",
      "False | /bin/sh -c /bin/busybox touch /etc/passwd",
    ]);
    expect(image.layers).toHaveLength(5);
  });

  it("sizes the layers 1.98MB, 1.05MB, 0B, 1.98MB, 30B and the image 5,013,211 B (S2, S3, L9)", () => {
    expect(image.layers.map((layer) => layer.size)).toEqual([1_982_349, 1_048_576, 0, 1_982_256, 30]);
    expect(image.layers.reduce((sum, layer) => sum + layer.size, 0)).toBe(5_013_211);
  });
});
