import type { CommandImplementation, Io, ShellContext } from "../context.ts";
import { joinContents } from "./content.ts";
import { parseOptions, textContent } from "./support.ts";

/**
 * adduser and addgroup as Alpine's busybox runs them (Debian's busybox-static is built without
 * them): system ids from 100 up, others from 1000 up; a user's own group; home under /home.
 */

const FIRST_SYSTEM_ID = 100;
const LAST_SYSTEM_ID = 999;
const LAST_ID = 60000;

function readLines(context: ShellContext, file: string): string[] {
  const content = context.fs.readFile(file);
  return content.ok
    ? content.value
        .text()
        .split("\n")
        .filter((line) => line !== "")
    : [];
}

function append(context: ShellContext, file: string, line: string): void {
  const existing = context.fs.readFile(file);
  const content = existing.ok ? existing.value : textContent("");
  const separator = content.size > 0 && !content.text().endsWith("\n") ? "\n" : "";
  context.fs.writeFile(file, joinContents([content, textContent(`${separator}${line}\n`)]), { mode: 0o644 });
}

const entry = (lines: readonly string[], name: string) => lines.find((line) => line.split(":")[0] === name);
const idTaken = (lines: readonly string[], id: number) =>
  lines.some((line) => line.split(":")[2] === String(id));

function firstFree(
  lines: readonly string[],
  system: boolean,
  also: readonly string[] = [],
): number | undefined {
  const [from, to] = system ? [FIRST_SYSTEM_ID, LAST_SYSTEM_ID] : [LAST_SYSTEM_ID + 1, LAST_ID];
  for (let id = from; id <= to; id += 1) if (!idTaken(lines, id) && !idTaken(also, id)) return id;
  return undefined;
}

/** Adds `user` to the member list of `group` in /etc/group. */
function addMember(context: ShellContext, io: Io, name: string, user: string, group: string): number {
  const lines = readLines(context, "/etc/group");
  const index = lines.findIndex((line) => line.split(":")[0] === group);
  if (index === -1) {
    io.err(`${name}: unknown group ${group}\n`);
    return 1;
  }
  const fields = (lines[index] as string).split(":");
  const members = (fields[3] ?? "").split(",").filter(Boolean);
  if (!members.includes(user)) members.push(user);
  fields[3] = members.join(",");
  lines[index] = fields.join(":");
  context.fs.writeFile("/etc/group", textContent(`${lines.join("\n")}\n`));
  return 0;
}

function createGroup(
  context: ShellContext,
  io: Io,
  name: string,
  group: string,
  gid: number | undefined,
  system: boolean,
): number | undefined {
  const lines = readLines(context, "/etc/group");
  if (entry(lines, group)) {
    io.err(`${name}: group '${group}' in use\n`);
    return undefined;
  }
  if (gid !== undefined && idTaken(lines, gid)) {
    io.err(`${name}: gid '${gid}' in use\n`);
    return undefined;
  }
  const chosen = gid ?? firstFree(lines, system);
  if (chosen === undefined) {
    io.err(`${name}: no gids left\n`);
    return undefined;
  }
  append(context, "/etc/group", `${group}:x:${chosen}:`);
  if (context.fs.stat("/etc/gshadow").ok) append(context, "/etc/gshadow", `${group}:!::`);
  return chosen;
}

/** addgroup [-g GID] [-S] GROUP, or addgroup USER GROUP. */
export const addgroup: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("addgroup", argv.slice(1), "g:S");
  if (operands.length === 2) {
    const [user, group] = operands as [string, string];
    if (!entry(readLines(context, "/etc/passwd"), user)) {
      io.err(`addgroup: unknown user ${user}\n`);
      return 1;
    }
    return addMember(context, io, "addgroup", user, group);
  }
  const group = operands[0];
  if (group === undefined || operands.length > 2) {
    io.err("addgroup: usage: addgroup [-g GID] [-S] [USER] GROUP\n");
    return 1;
  }
  const gid = values.has("g") ? Number(values.get("g")) : undefined;
  return createGroup(context, io, "addgroup", group, gid, flags.has("S")) === undefined ? 1 : 0;
};

/** adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GROUP] [-S] [-D] [-H] [-u UID] USER [GROUP]. */
export const adduser: CommandImplementation = (argv, io, context) => {
  const { flags, values, operands } = parseOptions("adduser", argv.slice(1), "h:g:s:G:DSHu:k:");
  const user = operands[0];
  if (user === undefined) {
    io.err("adduser: usage: adduser [OPTIONS] USER [GROUP]\n");
    return 1;
  }
  const passwd = readLines(context, "/etc/passwd");
  if (operands.length === 2) {
    if (!entry(passwd, user)) {
      io.err(`adduser: unknown user ${user}\n`);
      return 1;
    }
    return addMember(context, io, "adduser", user, operands[1] as string);
  }
  if (entry(passwd, user)) {
    io.err(`adduser: user '${user}' in use\n`);
    return 1;
  }
  const system = flags.has("S");
  const groups = readLines(context, "/etc/group");
  let uid: number;
  if (values.has("u")) {
    uid = Number(values.get("u"));
    if (idTaken(passwd, uid)) {
      io.err(`adduser: uid '${uid}' in use\n`);
      return 1;
    }
  } else {
    // Without a group to join, the new uid must also be free as a gid for the user's own group.
    const free = firstFree(passwd, system, values.has("G") || system ? [] : groups);
    if (free === undefined) {
      io.err("adduser: no uids left\n");
      return 1;
    }
    uid = free;
  }
  const rootShell = entry(passwd, "root")?.split(":")[6];
  const shell = values.get("s") ?? (system ? "/sbin/nologin" : rootShell || "/bin/sh");
  const home = values.get("h") ?? `/home/${user}`;
  const gecos = values.get("g") ?? "Linux User,,,";
  let groupName = values.get("G") ?? (system ? "nogroup" : undefined);
  let gid: number | undefined;
  if (groupName !== undefined) {
    const line = entry(groups, groupName);
    if (!line) {
      if (values.has("G")) {
        io.err(`adduser: unknown group ${groupName}\n`);
        return 1;
      }
      groupName = undefined;
    } else gid = Number(line.split(":")[2]);
  }
  if (gid === undefined) {
    gid = createGroup(context, io, "adduser", user, idTaken(groups, uid) ? undefined : uid, system);
    if (gid === undefined) return 1;
  }
  append(context, "/etc/passwd", `${user}:x:${uid}:${gid}:${gecos}:${home}:${shell}`);
  if (context.fs.stat("/etc/shadow").ok) {
    const days = Math.floor((context.now + context.budget.sleptSeconds) / 86400);
    append(context, "/etc/shadow", `${user}:!:${days}:0:99999:7:::`);
  }
  if (values.has("G") && groupName !== undefined) addMember(context, io, "adduser", user, groupName);
  if (!flags.has("H")) {
    const made = context.fs.mkdir(home, { parents: true, mode: 0o755 });
    if (made.ok || context.fs.stat(home).ok) context.fs.chown(home, uid, gid);
  }
  if (!flags.has("D") && !system) {
    // Without -D busybox runs passwd, which has no terminal in a build: it fails as it does there.
    io.err("passwd: must be run from a terminal\n");
  }
  return 0;
};
