/**
 * USER resolution inside the image being built (runc/libcontainer `user.GetExecUser`): names are
 * looked up in the image's /etc/passwd and /etc/group; a numeric user without a passwd entry runs
 * with gid 0. BuildKit in Docker 20.10 also needs /etc/group for a user that *is* in /etc/passwd
 * when no group is given (`unable to find additional groups`), which the classic builder tolerates.
 */
import type { DirNode, Identity } from "../fs/types.ts";
import { resolvePath } from "./tree-ops.ts";

export type UserLookupMode = "classic" | "buildkit-20.10" | "buildkit";

export type ResolvedUser =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly message: string };

interface Entry {
  readonly name: string;
  readonly id: number;
  readonly gid: number;
}

function readEntries(rootfs: DirNode, path: string, idField: number): Entry[] | undefined {
  const node = resolvePath(rootfs, path).node;
  if (node === undefined || node.kind !== "file") return undefined;
  const entries: Entry[] = [];
  for (const line of node.content.text().split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = line.split(":");
    const id = Number(fields[idField]);
    const gid = Number(fields[3]);
    if (fields[0] === undefined || !Number.isInteger(id)) continue;
    entries.push({ name: fields[0], id, gid: Number.isInteger(gid) ? gid : id });
  }
  return entries;
}

const NUMERIC = /^\d+$/;

/**
 * Resolves a USER value (`name`, `uid`, `name:group`, `uid:gid`) against the image's files.
 * @example resolveUser(rootfs, "1000", "classic") // { ok: true, identity: { uid: 1000, gid: 0 } }
 */
export function resolveUser(rootfs: DirNode, spec: string, mode: UserLookupMode): ResolvedUser {
  if (spec === "") return { ok: true, identity: { uid: 0, gid: 0 } };
  const [userPart = "", groupPart] = splitOnce(spec, ":");
  const passwd = readEntries(rootfs, "/etc/passwd", 2) ?? [];
  const found =
    passwd.find((entry) => entry.name === userPart) ??
    (NUMERIC.test(userPart) ? passwd.find((entry) => entry.id === Number(userPart)) : undefined);
  let uid: number;
  let gid = 0;
  if (found !== undefined) {
    uid = found.id;
    gid = found.gid;
  } else if (NUMERIC.test(userPart)) {
    uid = Number(userPart);
  } else {
    return { ok: false, message: `unable to find user ${userPart}: no matching entries in passwd file` };
  }
  if (groupPart !== undefined) {
    if (NUMERIC.test(groupPart)) return { ok: true, identity: { uid, gid: Number(groupPart) } };
    const groups = readEntries(rootfs, "/etc/group", 2) ?? [];
    const group = groups.find((entry) => entry.name === groupPart);
    if (group === undefined)
      return { ok: false, message: `unable to find group ${groupPart}: no matching entries in group file` };
    return { ok: true, identity: { uid, gid: group.id } };
  }
  if (
    mode === "buildkit-20.10" &&
    found !== undefined &&
    readEntries(rootfs, "/etc/group", 2) === undefined
  ) {
    // BuildKit 0.8 cannot read the supplementary groups of a passwd user without /etc/group.
    return { ok: false, message: `unable to find groups for spec ${found.name}: invalid argument` };
  }
  return { ok: true, identity: { uid, gid } };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/**
 * The owner `--chown` (and BuildKit's WORKDIR after USER) gives copied or created files.
 * - `classic` (`parseChownFlag`): user and group looked up separately; a missing group part means
 *   "the group named like the user" (`1000` → 1000:1000, `bob` needs a group `bob`).
 * - `buildkit` (`llb.WithUser` + FileOp `readUser`): a number is used for uid and gid; a name takes
 *   uid and gid from /etc/passwd.
 */
export function resolveChown(rootfs: DirNode, spec: string, style: "classic" | "buildkit"): ResolvedUser {
  const [userPart = "", groupPart] = splitOnce(spec, ":");
  const passwd = readEntries(rootfs, "/etc/passwd", 2) ?? [];
  const groups = readEntries(rootfs, "/etc/group", 2) ?? [];
  let uid: number;
  let gid: number | undefined;
  if (NUMERIC.test(userPart)) {
    uid = Number(userPart);
    if (style === "buildkit") gid = uid;
  } else {
    const found = passwd.find((entry) => entry.name === userPart);
    if (found === undefined) {
      return {
        ok: false,
        message:
          style === "classic"
            ? `unable to convert uid/gid chown string to host mapping: can't find uid for user ${userPart}: no such user: ${userPart}`
            : `unable to find user ${userPart}: no matching entries in passwd file`,
      };
    }
    uid = found.id;
    if (style === "buildkit") gid = found.gid;
  }
  const group = groupPart ?? (style === "classic" ? userPart : undefined);
  if (group !== undefined) {
    if (NUMERIC.test(group)) gid = Number(group);
    else {
      const found = groups.find((entry) => entry.name === group);
      if (found === undefined) {
        return {
          ok: false,
          message:
            style === "classic"
              ? `unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`
              : `unable to find group ${group}: no matching entries in group file`,
        };
      }
      gid = found.id;
    }
  }
  return { ok: true, identity: { uid, gid: gid ?? 0 } };
}

/**
 * The supplementary groups Docker's runtime gives a legacy RUN (as a container's process): the
 * primary group and the /etc/group entries listing the user, sorted as the kernel keeps them.
 */
export function runtimeGroups(rootfs: DirNode, identity: { uid: number; gid: number }): number[] {
  return [...new Set([identity.gid, ...supplementaryGroups(rootfs, identity.uid)])].sort(
    (left, right) => left - right,
  );
}

/**
 * The supplementary groups BuildKit gives a RUN process: the /etc/group entries that list the user
 * (by name) as a member; none when the image has no /etc/group (runc's GetExecUser).
 */
export function supplementaryGroups(rootfs: DirNode, uid: number): number[] {
  const node = resolvePath(rootfs, "/etc/group").node;
  if (node === undefined || node.kind !== "file") return [];
  const name = readEntries(rootfs, "/etc/passwd", 2)?.find((entry) => entry.id === uid)?.name;
  if (name === undefined) return [];
  return node.content
    .text()
    .split("\n")
    .map((line) => line.split(":"))
    .filter((fields) => (fields[3] ?? "").split(",").includes(name))
    .map((fields) => Number(fields[2]))
    .filter((gid) => Number.isInteger(gid));
}
