import { describe, expect, it } from "vitest";
import {
  formatLayerEntry,
  IdMasker,
  isAlignedWith,
  labelDiffId,
  labelImages,
  normaliseConfig,
  normaliseContainerStatus,
  normalisePruneSections,
} from "./observations.ts";

const IMAGE_A = `sha256:aaaaaaaaaaa1${"0".repeat(52)}`;
const IMAGE_B = `sha256:bbbbbbbbbbb2${"0".repeat(52)}`;
const TINY = `sha256:2acb491c9ef6${"0".repeat(52)}`;

describe("IdMasker", () => {
  it("turns known short IDs into full IDs and masks unknown digests and container IDs", () => {
    const masker = new IdMasker();
    masker.register([IMAGE_A]);
    const text = `aaaaaaaaaaa1 f9bf834234c9 COPY file:${"c".repeat(64)} in /a ${IMAGE_A}`;
    expect(masker.maskText(text)).toBe(`${IMAGE_A} <id> COPY file:<hash> in /a ${IMAGE_A}`);
  });
});

describe("labelImages", () => {
  it("labels image IDs in document order and keeps fixed labels", () => {
    const observations = [
      { kind: "build", image: IMAGE_B, steps: [{ image: TINY }, { image: IMAGE_A }] },
      { kind: "rmi", stdout: [`Deleted: ${IMAGE_A}`] },
    ];
    expect(labelImages(observations, new Map([[TINY, "<tiny:1>"]]))).toEqual([
      { kind: "build", image: "<img-1>", steps: [{ image: "<tiny:1>" }, { image: "<img-2>" }] },
      { kind: "rmi", stdout: ["Deleted: <img-2>"] },
    ]);
  });
});

describe("normaliseConfig", () => {
  it("drops unset fields and the oracle's NetworkDisabled and sorts the keys", () => {
    expect(
      normaliseConfig({
        WorkingDir: "",
        Env: ["A=1"],
        Cmd: null,
        Tty: false,
        Labels: {},
        NetworkDisabled: true,
        Hostname: "x",
        ExposedPorts: { "80/tcp": {} },
      }),
    ).toEqual({ Env: ["A=1"], ExposedPorts: { "80/tcp": {} } });
  });
});

describe("formatLayerEntry", () => {
  it("formats files, directories, symlinks and hard links", () => {
    const base = { uid: 0, gid: 0, size: 0 };
    expect(formatLayerEntry({ ...base, path: ".wh.x", type: "file", mode: 0o600 })).toBe("f 600 0:0 0 .wh.x");
    expect(formatLayerEntry({ ...base, path: "d3", type: "directory", mode: 0o40755 })).toBe(
      "d 755 0:0 0 d3/",
    );
    expect(
      formatLayerEntry({ ...base, path: "sym", type: "symlink", mode: 0o777, linkname: "/bin/busybox" }),
    ).toBe("l 777 0:0 0 sym -> /bin/busybox");
    expect(formatLayerEntry({ ...base, path: "h/b", type: "link", mode: 0o644, linkname: "h/a" })).toBe(
      "h 644 0:0 0 h/b => h/a",
    );
  });
});

describe("labelDiffId", () => {
  it("recognises the empty tar and the base layer", () => {
    expect(labelDiffId("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", TINY)).toBe(
      "<empty-tar>",
    );
    expect(labelDiffId(TINY, TINY)).toBe("<tiny:1>");
    expect(labelDiffId(IMAGE_A, TINY)).toBe("<layer>");
  });
});

describe("normaliseContainerStatus", () => {
  it("drops the time from docker ps statuses", () => {
    expect(normaliseContainerStatus("Exited (137) 2 seconds ago")).toBe("Exited (137)");
    expect(normaliseContainerStatus("Up Less than a second")).toBe("Up");
    expect(normaliseContainerStatus("Created")).toBe("Created");
  });
});

describe("isAlignedWith", () => {
  it("requires one observation of the same kind per step", () => {
    expect(isAlignedWith([{ kind: "edit" }], ["edit"])).toBe(true);
    expect(isAlignedWith([{ kind: "edit" }], ["build"])).toBe(false);
    expect(isAlignedWith([], ["edit"])).toBe(false);
  });
});

describe("normalisePruneSections", () => {
  it("sorts what a prune deleted, section by section, and leaves other lines and observations alone", () => {
    const prune = {
      kind: "prune" as const,
      exitCode: 0,
      stdout: [
        "Deleted Images:",
        "untagged: b:1",
        "deleted: <img-2>",
        "untagged: a:1",
        "",
        "Total reclaimed space: 4B",
      ],
      stderr: [],
    };
    const rmi = { kind: "rmi" as const, exitCode: 0, stdout: ["Untagged: b:1", "Untagged: a:1"], stderr: [] };
    expect(normalisePruneSections([prune, rmi])).toEqual([
      {
        ...prune,
        stdout: [
          "Deleted Images:",
          "deleted: <img-2>",
          "untagged: a:1",
          "untagged: b:1",
          "",
          "Total reclaimed space: 4B",
        ],
      },
      rmi,
    ]);
  });
});
