import type { CommandImplementation } from "../context.ts";
import { nameForId, parseOptions } from "./support.ts";

interface Account {
  uid: number;
  gid: number;
  groups: readonly number[];
}

/** The account named by `user` in /etc/passwd, with its groups from /etc/group. */
function lookupAccount(text: string, groupText: string, user: string): Account | undefined {
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields[0] !== user || fields[2] === undefined) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    const groups = [gid];
    for (const groupLine of groupText.split("\n")) {
      const groupFields = groupLine.split(":");
      const members = (groupFields[3] ?? "").split(",");
      const id = Number(groupFields[2]);
      if (members.includes(user) && !groups.includes(id)) groups.push(id);
    }
    return { uid, gid, groups };
  }
  return undefined;
}

/** id [-ugGnr] [USER]. */
export const id: CommandImplementation = (argv, io, context) => {
  const { flags, operands } = parseOptions("id", argv.slice(1), "ugGnr");
  let account: Account = {
    uid: context.identity.uid,
    gid: context.identity.gid,
    groups: context.identity.groups ?? [context.identity.gid],
  };
  const user = operands[0];
  if (user !== undefined) {
    const passwd = context.fs.readFile("/etc/passwd");
    const group = context.fs.readFile("/etc/group");
    const found = lookupAccount(
      passwd.ok ? passwd.value.text() : "",
      group.ok ? group.value.text() : "",
      user,
    );
    if (!found) {
      io.err(`id: unknown user ${user}\n`);
      return 1;
    }
    account = found;
  }
  const userName = (uid: number) => nameForId(context, "/etc/passwd", uid);
  const groupName = (gid: number) => nameForId(context, "/etc/group", gid);
  if (flags.has("u")) {
    io.out(`${flags.has("n") ? userName(account.uid) : account.uid}\n`);
    return 0;
  }
  if (flags.has("g")) {
    io.out(`${flags.has("n") ? groupName(account.gid) : account.gid}\n`);
    return 0;
  }
  if (flags.has("G")) {
    const groups = user === undefined && account.groups.length === 0 ? [account.gid] : account.groups;
    io.out(`${groups.map((gid) => (flags.has("n") ? groupName(gid) : String(gid))).join(" ")}\n`);
    return 0;
  }
  // busybox prints a name in parentheses only when /etc/passwd or /etc/group has one.
  const named = (value: number, name: string) => (name === String(value) ? `${value}` : `${value}(${name})`);
  const groups = account.groups.map((gid) => named(gid, groupName(gid)));
  const groupsText = groups.length === 0 ? "" : ` groups=${groups.join(",")}`;
  io.out(
    `uid=${named(account.uid, userName(account.uid))} gid=${named(account.gid, groupName(account.gid))}${groupsText}\n`,
  );
  return 0;
};
