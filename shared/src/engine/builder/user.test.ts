import { describe, expect, it } from "vitest";
import { utf8ToBytes } from "../../core/hash.ts";
import type { DirNode, FsNode } from "../fs/types.ts";
import { resolveChown, resolveUser, runtimeGroups, supplementaryGroups } from "./user.ts";

function file(text: string): FsNode {
  const bytes = utf8ToBytes(text);
  return {
    kind: "file",
    meta: { mode: 0o644, uid: 0, gid: 0, mtime: 0 },
    inode: 1,
    content: { size: bytes.length, key: text, bytes: () => bytes, text: () => text },
  };
}

function rootWith(files: Record<string, string>): DirNode {
  const etc: DirNode = {
    kind: "dir",
    meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
    opaque: false,
    children: new Map(Object.entries(files).map(([name, text]) => [name, file(text)])),
  };
  return {
    kind: "dir",
    meta: { mode: 0o755, uid: 0, gid: 0, mtime: 0 },
    opaque: false,
    children: new Map([["etc", etc]]),
  };
}

const tiny = rootWith({ passwd: "root:x:0:0:root:/root:/bin/sh\nbob:x:1001:1002::/home/bob:/bin/sh\n" });
const withGroups = rootWith({
  passwd: "root:x:0:0:root:/root:/bin/sh\nbob:x:1001:1002::/home/bob:/bin/sh\n",
  group: "root:x:0:\nstaff:x:50:\nbob:x:1002:\n",
});

describe("USER resolution", () => {
  it("looks names up in /etc/passwd and runs unknown numeric users with gid 0", () => {
    expect(resolveUser(tiny, "bob", "classic")).toEqual({ ok: true, identity: { uid: 1001, gid: 1002 } });
    expect(resolveUser(tiny, "1000", "classic")).toEqual({ ok: true, identity: { uid: 1000, gid: 0 } });
    expect(resolveUser(withGroups, "bob:staff", "classic")).toEqual({
      ok: true,
      identity: { uid: 1001, gid: 50 },
    });
  });

  it("reports a missing user the way runc does", () => {
    expect(resolveUser(tiny, "alice", "classic")).toEqual({
      ok: false,
      message: "unable to find user alice: no matching entries in passwd file",
    });
  });

  it("fails a passwd user without /etc/group only under BuildKit 20.10", () => {
    expect(resolveUser(tiny, "0", "buildkit-20.10")).toEqual({
      ok: false,
      message: "unable to find groups for spec root: invalid argument",
    });
    expect(resolveUser(tiny, "0:0", "buildkit-20.10")).toEqual({ ok: true, identity: { uid: 0, gid: 0 } });
    expect(resolveUser(tiny, "root", "classic")).toEqual({ ok: true, identity: { uid: 0, gid: 0 } });
  });
});

describe("--chown resolution", () => {
  it("uses a lone number as uid and gid in both builders", () => {
    expect(resolveChown(tiny, "1000", "classic")).toEqual({ ok: true, identity: { uid: 1000, gid: 1000 } });
    expect(resolveChown(tiny, "1000", "buildkit")).toEqual({ ok: true, identity: { uid: 1000, gid: 1000 } });
  });

  it("takes a name's group from /etc/passwd under BuildKit and from a same-named group under classic", () => {
    expect(resolveChown(tiny, "bob", "buildkit")).toEqual({ ok: true, identity: { uid: 1001, gid: 1002 } });
    expect(resolveChown(withGroups, "bob", "classic")).toEqual({
      ok: true,
      identity: { uid: 1001, gid: 1002 },
    });
    expect(resolveChown(tiny, "bob", "classic")).toEqual({
      ok: false,
      message:
        "unable to convert uid/gid chown string to host mapping: can't find gid for group bob: no such group: bob",
    });
  });
});

describe("supplementary groups of a RUN process", () => {
  const root = rootWith({
    passwd: "root:x:0:0:root:/root:/bin/sh\napp:x:1000:2000::/home/app:/bin/sh\n",
    group: "root:x:0:\nstaff:x:2000:\nsvcgroup:x:101:app,svc\n",
  });

  it("lists the /etc/group entries naming the user (BuildKit 20.10)", () => {
    expect(supplementaryGroups(root, 1000)).toEqual([101]);
  });

  it("adds the primary group and sorts them as the kernel does (Docker's runtime, BuildKit v0.13)", () => {
    expect(runtimeGroups(root, { uid: 1000, gid: 2000 })).toEqual([101, 2000]);
    expect(runtimeGroups(rootWith({ passwd: "root:x:0:0::/:/bin/sh\n" }), { uid: 0, gid: 0 })).toEqual([0]);
  });
});
