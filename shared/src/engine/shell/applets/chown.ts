import type { CommandImplementation } from "../context.ts";
import { childPaths, errnoText, fullPath, idForName, parseOptions } from "./support.ts";

function makeChown(name: "chown" | "chgrp"): CommandImplementation {
  return (argv, io, context) => {
    const { flags, operands } = parseOptions(name, argv.slice(1), "RhHLPfvc");
    const [spec, ...files] = operands;
    if (spec === undefined || files.length === 0) {
      io.err(`${name}: missing operand\n`);
      return 1;
    }
    let uid: number | undefined;
    let gid: number | undefined;
    if (name === "chgrp") {
      gid = idForName(context, "/etc/group", spec);
      if (gid === undefined) {
        io.err(`chgrp: unknown group ${spec}\n`);
        return 1;
      }
    } else {
      const separator = spec.search(/[:.]/);
      const user = separator === -1 ? spec : spec.slice(0, separator);
      const group = separator === -1 ? undefined : spec.slice(separator + 1);
      if (user !== "") {
        uid = idForName(context, "/etc/passwd", user);
        if (uid === undefined) {
          io.err(
            group === undefined ? `chown: unknown user ${user}\n` : `chown: unknown user/group ${spec}\n`,
          );
          return 1;
        }
      }
      if (group !== undefined && group !== "") {
        gid = idForName(context, "/etc/group", group);
        if (gid === undefined) {
          io.err(`chown: unknown user/group ${spec}\n`);
          return 1;
        }
      } else if (group === "" && uid !== undefined) {
        // `user:` or `user.`: the user's login group.
        const passwd = context.fs.readFile("/etc/passwd");
        const line = passwd.ok
          ? passwd.value
              .text()
              .split("\n")
              .find((entry) => entry.split(":")[2] === String(uid))
          : undefined;
        if (line) gid = Number(line.split(":")[3]);
      }
    }
    let status = 0;
    const apply = (full: string, label: string, top: boolean) => {
      context.budget.step();
      const stat = top && !flags.has("h") ? context.fs.stat(full) : context.fs.lstat(full);
      if (!stat.ok) {
        if (!flags.has("f")) io.err(`${name}: ${label}: ${errnoText(stat.error)}\n`);
        status = 1;
        return;
      }
      context.fs.chown(full, uid ?? stat.value.uid, gid ?? stat.value.gid);
      if (flags.has("R") && stat.value.kind === "dir")
        for (const child of childPaths(context, full))
          apply(child, `${label}/${child.slice(child.lastIndexOf("/") + 1)}`, false);
    };
    for (const file of files) apply(fullPath(context, file), file, true);
    return status;
  };
}

export const chown = makeChown("chown");
export const chgrp = makeChown("chgrp");
