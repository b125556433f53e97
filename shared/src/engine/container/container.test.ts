import { describe, expect, it } from "vitest";
import { textContent, zeroContent } from "../fs/content.ts";
import { createFile, getNode, setNode, treeFromPaths } from "../fs/tree.ts";
import type { MountedFs } from "../fs/types.ts";
import { createImage } from "../image/image.ts";
import { createLayer } from "../image/layer.ts";
import type { Image } from "../image/types.ts";
import {
  type ContainerRuntime,
  commitContainer,
  containerDiff,
  containerLowerView,
  containerSize,
  createContainer,
  execInContainer,
  explainContainerPath,
  startContainer,
  stopContainer,
} from "./container.ts";

/** A runtime whose "programs" are scripted file operations, so these tests need no shell. */
function scriptedRuntime(programs: Record<string, (fs: MountedFs) => void>): ContainerRuntime {
  return {
    runArgv(argv, options) {
      const program = programs[argv.join(" ")];
      if (!program)
        return {
          exitCode: 127,
          stdout: "",
          stderr: `exec: "${argv[0]}": executable file not found in $PATH\n`,
        };
      program(options.fs);
      return { exitCode: 0, stdout: `ran ${argv.join(" ")}\n`, stderr: "" };
    },
  };
}

/** exp:e4 (legacy-experiments.md E4) on tiny:1, as one image with two layers. */
function e4Image(): Image {
  const base = treeFromPaths({
    "/bin/busybox": { kind: "file", content: zeroContent(1_982_256), mode: 0o755 },
    "/etc/passwd": { kind: "file", content: "root:x:0:0:root:/root:/bin/sh\n" },
    ...Object.fromEntries(
      ["sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "mv", "ln"].map((name) => [
        `/bin/${name}`,
        { kind: "symlink" as const, target: "busybox" },
      ]),
    ),
  });
  let files = treeFromPaths(["/d1/f1=1", "/d1/sub/f2=2", "/d2/f3=3", "/d3/x=x", "/d4/y=y\n"]);
  files = setNode(files, "/big", createFile(zeroContent(524_288)));
  const shared = createFile("old");
  files = setNode(setNode(files, "/h/a", shared), "/h/b", shared);
  return createImage({
    format: "moby",
    origin: "classic-build",
    layers: [createLayer(base), createLayer(files)],
    document: {
      architecture: "amd64",
      os: "linux",
      created: "2026-01-01T00:00:00Z",
      config: { Cmd: ["sh"], Volumes: { "/vol": {} } },
      history: [
        { created: "2026-01-01T00:00:00Z", comment: "Imported from -" },
        { created: "2026-01-01T00:00:00Z", created_by: "/bin/sh -c #(nop) COPY dir:x in / " },
      ],
    },
  });
}

const e4Command =
  "sh -c rm /d1/f1 && rm -r /d2 && rm -r /d3 && mkdir /d3 && echo new > /d3/n && /bin/busybox chmod 600 /big && echo more >> /h/a && echo new > /newfile && mv /d4 /d4moved && echo v > /vol/v && cat /h/b && ls -li /h && sleep 3600";

const runtime = scriptedRuntime({
  [e4Command]: (fs) => {
    fs.unlink("/d1/f1");
    fs.unlink("/d2/f3");
    fs.rmdir("/d2");
    fs.unlink("/d3/x");
    fs.rmdir("/d3");
    fs.mkdir("/d3");
    fs.writeFile("/d3/n", textContent("new\n"));
    fs.chmod("/big", 0o600);
    fs.writeFile("/h/a", textContent("more\n"), { append: true });
    fs.writeFile("/newfile", textContent("new\n"));
    // mv of a lower directory: EXDEV, so mv copies and deletes (O5).
    fs.mkdir("/d4moved");
    fs.writeFile("/d4moved/y", textContent("y\n"));
    fs.unlink("/d4/y");
    fs.rmdir("/d4");
    fs.writeFile("/vol/v", textContent("v\n"));
  },
  "write host files": (fs) => {
    fs.writeFile("/etc/hosts", textContent("10.0.0.1 db\n"), { append: true });
    fs.writeFile("/etc/hostname", textContent("renamed\n"));
  },
  "touch /state": (fs) => {
    fs.writeFile("/state", textContent("data\n"));
  },
});

describe("containers", () => {
  it("starts with an empty writable layer: 0B (virtual = image size) (K1, E7)", () => {
    const container = createContainer(e4Image(), { id: "c".repeat(64), now: 0 });
    expect(container.status).toBe("created");
    expect(containerSize(container)).toEqual({ sizeRw: 0, sizeRootFs: 1_982_349 + 524_288 + 6 + 3 });
    expect(containerDiff(container)).toEqual([]);
  });

  it("reproduces E4: docker diff, SizeRw 524306, volume data outside the layer", () => {
    const image = e4Image();
    const created = createContainer(image, {
      id: "e".repeat(64),
      cmd: ["sh", "-c", e4Command.slice(6)],
      now: 0,
    });
    const { container, exitCode } = startContainer(created, runtime, 1_000);
    expect(exitCode).toBe(0);
    const lines = containerDiff(container).map((entry) => `${entry.kind} ${entry.path}`);
    expect(new Set(lines)).toEqual(
      new Set([
        "A /newfile",
        "A /d4moved",
        "A /d4moved/y",
        "C /h",
        "C /h/a",
        "C /d1",
        "D /d1/f1",
        "C /d3",
        "A /d3/n",
        "D /d3/x",
        "A /vol",
        "C /big",
        "D /d2",
        "D /d4",
      ]),
    );
    expect(containerSize(container).sizeRw).toBe(524_306);
    expect(containerSize(container).sizeRootFs).toBe(1_982_349 + 524_297 + 524_306);
  });

  it("keeps the writable layer across stop and start (K2, E7)", () => {
    const created = createContainer(e4Image(), { id: "f".repeat(64), cmd: ["touch", "/state"], now: 0 });
    const first = startContainer(created, runtime, 1_000).container;
    const stopped = stopContainer(first);
    const again = execInContainer(stopped, ["touch", "/state"], runtime, 2_000).container;
    // The image declares VOLUME /vol: its mountpoint is created in the writable layer (K5).
    expect(containerDiff(again).map((entry) => `${entry.kind} ${entry.path}`)).toEqual([
      "A /state",
      "A /vol",
    ]);
    expect(containerSize(again).sizeRw).toBe(5);
  });

  it("commits the writable layer as one new layer with the container's command (K4)", () => {
    const created = createContainer(e4Image(), {
      id: "a".repeat(64),
      cmd: ["sh", "-c", e4Command.slice(6)],
      now: 0,
    });
    const { container } = startContainer(created, runtime, 1_000);
    const { image } = commitContainer(container, { message: "my commit", now: 5_000 });
    expect(image.layers).toHaveLength(3);
    expect(image.config.history.at(-1)).toMatchObject({ created_by: e4Command, comment: "my commit" });
    expect(image.config.config.Cmd).toEqual(["sh", "-c", e4Command.slice(6)]);
    expect(image.parentId).toBe(container.image.id);
  });

  it("commits an unchanged container as a history item with empty_layer and no layer (E15)", () => {
    const container = createContainer(e4Image(), { id: "b".repeat(64), now: 0 });
    const { image } = commitContainer(container, { changes: { Env: ["FOO=bar"] }, now: 5_000 });
    expect(image.layers).toHaveLength(2);
    expect(image.config.history.at(-1)?.empty_layer).toBe(true);
    expect(image.config.config.Env).toEqual(["FOO=bar"]);
  });

  it("explains copy-up and the hard link it broke (O3, O6)", () => {
    const created = createContainer(e4Image(), {
      id: "9".repeat(64),
      cmd: ["sh", "-c", e4Command.slice(6)],
      now: 0,
    });
    const { container } = startContainer(created, runtime, 1_000);
    expect(explainContainerPath(container, "/h/b").map((item) => item.message)).toEqual([
      "/h/b still shows the image's version: it was a hard link of /h/a, and copying that file up gave the container a separate copy (O6).",
    ]);
    expect(explainContainerPath(container, "/h/a").map((item) => item.code)).toEqual([
      "copied-up",
      "hard-link-broken",
    ]);
    expect(explainContainerPath(container, "/d1/f1")[0]?.code).toBe("deleted");
    expect(explainContainerPath(container, "/newfile")[0]?.code).toBe("created");
    expect(explainContainerPath(container, "/etc/passwd")[0]?.code).toBe("from-image");
  });

  it("explains a directory as docker diff lists it: A when the container made it, C when copied up (O3, W5)", () => {
    const created = createContainer(e4Image(), {
      id: "8".repeat(64),
      cmd: ["sh", "-c", e4Command.slice(6)],
      now: 0,
    });
    const { container } = startContainer(created, runtime, 1_000);
    const kinds = new Map(containerDiff(container).map((entry) => [entry.path, entry.kind]));
    expect([kinds.get("/d4moved"), kinds.get("/h")]).toEqual(["A", "C"]);
    expect(explainContainerPath(container, "/d4moved").map((item) => item.message)).toEqual([
      "/d4moved is a directory the container created; it lives only in its writable layer (docker diff: A).",
    ]);
    expect(explainContainerPath(container, "/h").map((item) => item.code)).toEqual(["parent-copied-up"]);
    expect(explainContainerPath(container, "/h")[0]?.message).toMatch(
      /^\/h is the image's directory, copied up/,
    );
  });

  it("reports a command that is not in the image as Docker does", () => {
    const created = createContainer(e4Image(), { id: "d".repeat(64), cmd: ["nosuch"], now: 0 });
    const result = startContainer(created, runtime, 1_000);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe('exec: "nosuch": executable file not found in $PATH\n');
  });

  it("shows Docker's bind-mounted host files, whose writes never reach the writable layer", () => {
    const created = createContainer(e4Image(), { id: `abc123def456${"0".repeat(52)}`, now: 5_000 });
    const view = containerLowerView(created.image, created);
    const text = (path: string) => {
      const node = getNode(view, path);
      return node?.kind === "file" ? node.content.text() : undefined;
    };
    expect(text("/etc/hostname")).toBe("abc123def456\n");
    expect(text("/etc/hosts")?.split("\n")[0]).toBe("127.0.0.1\tlocalhost");
    expect(text("/etc/resolv.conf")).toBe("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    const ran = execInContainer(created, ["write", "host", "files"], runtime, 6_000);
    expect(ran.exitCode).toBe(0);
    // Only the image's VOLUME mountpoint appears; nothing under /etc.
    expect(containerDiff(ran.container)).toEqual([{ kind: "A", path: "/vol" }]);
    expect(containerSize(ran.container).sizeRw).toBe(0);
    const hostnameNode = getNode(containerLowerView(ran.container.image, ran.container), "/etc/hostname");
    expect(hostnameNode?.kind === "file" && hostnameNode.content.text()).toBe("renamed\n");
    // The host keeps the writes; a new start writes the hostname file again, not the hosts file.
    const restarted = startContainer(ran.container, runtime, 7_000).container;
    const after = containerLowerView(restarted.image, restarted);
    const textAfter = (path: string) => {
      const node = getNode(after, path);
      return node?.kind === "file" ? node.content.text() : undefined;
    };
    expect(textAfter("/etc/hosts")?.endsWith("ip6-allrouters\n10.0.0.1 db\n")).toBe(true);
    expect(textAfter("/etc/hostname")).toBe("abc123def456\n");
  });
});
