import { readTar } from "../../fs/tar.ts";
import type { CommandImplementation } from "../context.ts";
import { strftime } from "./date.ts";
import { DEFLATE_BYTES_PER_STEP, gzipLikeBusybox } from "./gzip/deflate.ts";
import {
  bytesContent,
  childPaths,
  errnoText,
  fullPath,
  modeString,
  nameForId,
  textContent,
  writeContent,
} from "./support.ts";

const BLOCK = 512;
const encoder = new TextEncoder();

/** One ustar header as busybox writes it (GNU magic `ustar  `, octal fields, checksum). */
function header(fields: {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  type: string;
  linkName: string;
  user: string;
  group: string;
}): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (offset: number, length: number, text: string) =>
    block.set(encoder.encode(text).subarray(0, length), offset);
  const octal = (offset: number, length: number, value: number) =>
    put(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
  put(0, 100, fields.name);
  octal(100, 8, fields.mode);
  octal(108, 8, fields.uid);
  octal(116, 8, fields.gid);
  octal(124, 12, fields.size);
  octal(136, 12, fields.mtime);
  put(156, 1, fields.type);
  put(157, 100, fields.linkName);
  put(257, 8, "ustar  \0");
  put(265, 32, fields.user);
  put(297, 32, fields.group);
  block.fill(32, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

/** tar -c/-x/-t [-zvO] [-f FILE] [-C DIR] [FILE…] (also the old `tar czf` form). */
export const tar: CommandImplementation = (argv, io, context) => {
  let args = argv.slice(1);
  // `tar czf x.tgz dir`: the first word is a cluster of letters without a dash.
  if (args[0] !== undefined && !args[0].startsWith("-")) args = [`-${args[0]}`, ...args.slice(1)];
  const letters = new Set<string>();
  let file: string | undefined;
  let directory: string | undefined;
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      operands.push(arg);
      continue;
    }
    for (let position = 1; position < arg.length; position += 1) {
      const letter = arg[position] as string;
      if (letter === "f" || letter === "C") {
        const value = arg.slice(position + 1) || args[++index];
        if (letter === "f") file = value;
        else directory = value;
        break;
      }
      if (!"cxtzvOpohmkaj".includes(letter)) {
        io.err(`tar: invalid option -- '${letter}'\n`);
        return 1;
      }
      letters.add(letter);
    }
  }
  const base = directory === undefined ? context.cwd : fullPath(context, directory);
  if (letters.has("c")) {
    if (operands.length === 0) {
      io.err("tar: empty archive\n");
      return 1;
    }
    const chunks: Uint8Array[] = [];
    let status = 0;
    const add = (name: string, full: string) => {
      context.budget.step();
      const stat = context.fs.lstat(full);
      if (!stat.ok) {
        io.err(`tar: ${name}: ${errnoText(stat.error)}\n`);
        status = 1;
        return;
      }
      const value = stat.value;
      const common = {
        mode: value.mode,
        uid: value.uid,
        gid: value.gid,
        mtime: value.mtime,
        user: nameForId(context, "/etc/passwd", value.uid),
        group: nameForId(context, "/etc/group", value.gid),
      };
      if (letters.has("v")) io.err(`${name}${value.kind === "dir" ? "/" : ""}\n`);
      if (value.kind === "dir") {
        chunks.push(
          header({ ...common, name: `${name.replace(/\/$/, "")}/`, size: 0, type: "5", linkName: "" }),
        );
        for (const child of childPaths(context, full))
          add(`${name.replace(/\/$/, "")}/${child.slice(child.lastIndexOf("/") + 1)}`, child);
      } else if (value.kind === "symlink") {
        const target = context.fs.readlink(full);
        chunks.push(header({ ...common, name, size: 0, type: "2", linkName: target.ok ? target.value : "" }));
      } else {
        const content = context.fs.readFile(full);
        if (!content.ok) return;
        context.budget.checkFile(name, content.value.size, true);
        context.budget.step(1 + (content.value.size >> 12));
        chunks.push(header({ ...common, name, size: content.value.size, type: "0", linkName: "" }));
        chunks.push(content.value.bytes());
        const padding = (BLOCK - (content.value.size % BLOCK)) % BLOCK;
        if (padding > 0) chunks.push(new Uint8Array(padding));
      }
    };
    for (const operand of operands)
      add(
        operand.replace(/^\/+/, "") || ".",
        operand.startsWith("/") ? operand : `${base === "/" ? "" : base}/${operand}`,
      );
    chunks.push(new Uint8Array(2 * BLOCK));
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    let archive = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      archive.set(chunk, at);
      at += chunk.length;
    }
    if (letters.has("z")) {
      context.budget.step(1 + Math.floor(archive.length / DEFLATE_BYTES_PER_STEP));
      archive = gzipLikeBusybox(archive);
    }
    if (file === undefined || file === "-") writeContent(io, bytesContent(archive));
    else {
      const written = context.fs.writeFile(fullPath(context, file), bytesContent(archive));
      if (!written.ok) {
        io.err(`tar: can't open '${file}': ${errnoText(written.error)}\n`);
        return 1;
      }
    }
    if (status !== 0) io.err("tar: error exit delayed from previous errors\n");
    return status;
  }
  if (!letters.has("x") && !letters.has("t")) {
    io.err("tar: must specify exactly one of -c, -x, -t\n");
    return 1;
  }
  let bytes: Uint8Array;
  // A pipe carries the archive's bytes as they were (see fs/byte-text.ts).
  if (file === undefined || file === "-") bytes = textContent(io.stdin).bytes();
  else {
    const content = context.fs.readFile(fullPath(context, file));
    if (!content.ok) {
      io.err(`tar: can't open '${file}': ${errnoText(content.error)}\n`);
      return 1;
    }
    context.budget.checkFile(file, content.value.size, true);
    bytes = content.value.bytes();
  }
  context.budget.step(1 + (bytes.length >> 10));
  const { entries, diagnostics } = readTar(bytes, { path: file ?? "-" });
  if (diagnostics.length > 0 && entries.length === 0) {
    io.err("tar: short read\n");
    return 1;
  }
  const wanted = (path: string) =>
    operands.length === 0 ||
    operands.some(
      (operand) => path === operand.replace(/\/$/, "") || path.startsWith(`${operand.replace(/\/$/, "")}/`),
    );
  let out = "";
  for (const entry of entries) {
    if (!wanted(entry.path)) continue;
    // busybox prints each name as the archive stores it (`./`, `./a` for `tar c .`).
    const display = entry.storedName;
    if (letters.has("t")) {
      if (letters.has("v")) {
        const kind = entry.type === "dir" ? "dir" : entry.type === "symlink" ? "symlink" : "file";
        out += `${modeString(kind, entry.mode)} ${nameForId(context, "/etc/passwd", entry.uid)}/${nameForId(context, "/etc/group", entry.gid)} ${String(entry.data.length).padStart(9)} ${strftime("%Y-%m-%d %H:%M:%S", entry.mtime)} ${display}${entry.type === "symlink" ? ` -> ${entry.linkName}` : ""}\n`;
      } else out += `${display}\n`;
      continue;
    }
    if (letters.has("v")) out += `${display}\n`;
    if (letters.has("O")) {
      if (entry.type === "file") writeContent(io, bytesContent(entry.data));
      continue;
    }
    const target = `${base === "/" ? "" : base}/${entry.path}`;
    if (entry.type === "dir") {
      context.fs.mkdir(target, { parents: true, mode: entry.mode });
      context.fs.chmod(target, entry.mode);
    } else if (entry.type === "symlink") {
      context.fs.unlink(target);
      context.fs.symlink(entry.linkName, target);
    } else if (entry.type === "file") {
      context.fs.mkdir(target.slice(0, target.lastIndexOf("/")) || "/", { parents: true, mode: 0o755 });
      context.fs.unlink(target);
      context.fs.writeFile(target, entry.data.length === 0 ? textContent("") : bytesContent(entry.data), {
        mode: entry.mode,
      });
      context.fs.chmod(target, entry.mode);
    } else continue;
    if (context.identity.uid === 0) context.fs.chown(target, entry.uid, entry.gid);
    context.fs.utimes(target, entry.mtime);
  }
  io.out(out);
  return 0;
};
