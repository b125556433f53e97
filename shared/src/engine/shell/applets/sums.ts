import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { FileContent } from "../../fs/types.ts";
import type { CommandImplementation } from "../context.ts";
import { contentText, errnoText, parseOptions, path, textContent } from "./support.ts";

type Hasher = typeof sha256;

/** Hashes a content a chunk at a time (a generated gigabyte is never held whole). */
function digest(hasher: Hasher, content: FileContent): string {
  const state = hasher.create();
  for (const chunk of content.chunks ? content.chunks() : [content.bytes()]) state.update(chunk);
  return bytesToHex(state.digest());
}

function makeSum(name: string, hasher: Hasher): CommandImplementation {
  return (argv, io, context) => {
    const { flags, operands } = parseOptions(name, argv.slice(1), "cswb");
    const open = (file: string): FileContent | undefined => {
      if (file === "-") return textContent(io.stdin);
      const result = context.fs.readFile(path(context, file));
      if (!result.ok) {
        io.err(`${name}: can't open '${file}': ${errnoText(result.error)}\n`);
        return undefined;
      }
      return result.value;
    };
    let status = 0;
    if (flags.has("c")) {
      let failed = 0;
      let total = 0;
      for (const list of operands.length === 0 ? ["-"] : operands) {
        const content = open(list);
        if (!content) return 1;
        const lines = contentText(context, content).split("\n");
        if (lines.at(-1) === "") lines.pop();
        for (const line of lines) {
          total += 1;
          // md5_sha1_sum.c: the file name starts after the first "  " (or " *" for binary mode).
          const match = /^(.*?) [ *](.*)$/.exec(line);
          // busybox counts a line without "  " or " *" as a failed check ("invalid format" only with -w).
          if (!match) {
            failed += 1;
            continue;
          }
          const file = match[2] as string;
          const target = open(file);
          if (target) context.budget.step(1 + Math.floor(target.size / 256));
          const ok = target !== undefined && digest(hasher, target) === (match[1] as string).toLowerCase();
          if (!ok) failed += 1;
          if (!flags.has("s")) io.out(`${file}: ${ok ? "OK" : "FAILED"}\n`);
        }
      }
      if (failed > 0) {
        if (!flags.has("s"))
          io.err(`${name}: WARNING: ${failed} of ${total} computed checksums did NOT match\n`);
        status = 1;
      }
      return status;
    }
    for (const file of operands.length === 0 ? ["-"] : operands) {
      const content = open(file);
      if (!content) {
        status = 1;
        continue;
      }
      // Hashing is real work: 256 bytes a step, so a generated gigabyte runs out of time, not memory.
      context.budget.step(1 + Math.floor(content.size / 256));
      io.out(`${digest(hasher, content)}  ${file}\n`);
    }
    return status;
  };
}

export const md5sum = makeSum("md5sum", md5 as unknown as Hasher);
export const sha1sum = makeSum("sha1sum", sha1 as unknown as Hasher);
export const sha256sum = makeSum("sha256sum", sha256);
export const sha512sum = makeSum("sha512sum", sha512 as unknown as Hasher);
