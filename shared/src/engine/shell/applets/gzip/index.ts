/**
 * busybox's gzip, gunzip and zcat. Compression reproduces busybox's bytes (deflate.ts); any valid
 * gzip stream decompresses (fflate's inflate: decompressing has one right answer).
 */
import { gunzipSync } from "fflate";
import type { CommandImplementation } from "../../context.ts";
import { bytesContent, errnoText, fullPath, parseOptions, textContent, writeContent } from "../support.ts";
import { crc32, DEFLATE_BYTES_PER_STEP, GzipCompressor } from "./deflate.ts";

/** Inflating is charged at hashing's pace, a step per 256 bytes (compressing: deflate.ts). */
const INFLATE_BYTES_PER_STEP = 256;

/**
 * Every member of a gzip stream, one after the other, as gunzip writes `gzip -c a b`'s output.
 * fflate's gunzipSync inflates the first member only; the next one starts after the trailer that
 * holds the first one's CRC-32 and size (RFC 1952 2.2), which is found by those two values.
 */
function inflateMembers(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const member = gunzipSync(rest);
    parts.push(member);
    const next = memberEnd(rest, crc32(member), member.length >>> 0);
    if (next === undefined) break;
    rest = rest.subarray(next);
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where the member ends: after the trailer holding `crc` and `size`, before the next member. */
function memberEnd(bytes: Uint8Array, crc: number, size: number): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 10; at + 8 <= bytes.length; at += 1) {
    if (view.getUint32(at, true) !== crc || view.getUint32(at + 4, true) !== size) continue;
    const end = at + 8;
    if (end === bytes.length || (bytes[end] === 0x1f && bytes[end + 1] === 0x8b)) return end;
  }
  return undefined;
}

function makeGzip(name: "gzip" | "gunzip" | "zcat"): CommandImplementation {
  return (argv, io, context) => {
    const { flags, operands } = parseOptions(name, argv.slice(1), "cdfkqtnv123456789");
    // -t tests: it inflates and writes nothing, leaving every file as it was.
    const testOnly = flags.has("t");
    const decompress = name !== "gzip" || flags.has("d") || testOnly;
    const toStdout = name === "zcat" || flags.has("c");
    // One process compresses every operand with the same window, as busybox does.
    const compressor = new GzipCompressor();
    const transform = (bytes: Uint8Array): Uint8Array | undefined => {
      context.budget.step(
        1 + Math.floor(bytes.length / (decompress ? INFLATE_BYTES_PER_STEP : DEFLATE_BYTES_PER_STEP)),
      );
      // -1…-9 and -n are accepted and change nothing, as in Debian's busybox (see deflate.ts).
      if (!decompress) return compressor.compress(bytes);
      try {
        const out = inflateMembers(bytes);
        context.budget.checkFile("decompressed data", out.length, true);
        return out;
      } catch {
        return undefined;
      }
    };
    if (operands.length === 0) {
      const out = transform(textContent(io.stdin).bytes());
      if (!out) {
        io.err(`${name}: invalid magic\n`);
        return 1;
      }
      if (!testOnly) writeContent(io, bytesContent(out));
      return 0;
    }
    let status = 0;
    for (const file of operands) {
      const full = fullPath(context, file);
      const content = context.fs.readFile(full);
      if (!content.ok) {
        io.err(`${name}: ${file}: ${errnoText(content.error)}\n`);
        status = 1;
        continue;
      }
      context.budget.checkFile(file, content.value.size, true);
      if (decompress && !toStdout && !testOnly && !file.endsWith(".gz") && !file.endsWith(".tgz")) {
        io.err(`${name}: ${file}: unknown suffix - ignored\n`);
        status = 1;
        continue;
      }
      const target = decompress ? full.replace(/\.tgz$/, ".tar").replace(/\.gz$/, "") : `${full}.gz`;
      // busybox opens the output before it reads the input's magic.
      if (!toStdout && !testOnly && context.fs.lstat(target).ok && !flags.has("f")) {
        // Named as the operand names it (`/g` for `gunzip /g.gz`).
        const shown = decompress ? file.replace(/\.tgz$/, ".tar").replace(/\.gz$/, "") : `${file}.gz`;
        io.err(`${name}: can't open '${shown}': File exists\n`);
        status = 1;
        continue;
      }
      const out = transform(content.value.bytes());
      if (!out) {
        // busybox names no file here (`gunzip: invalid magic`).
        io.err(`${name}: invalid magic\n`);
        status = 1;
        continue;
      }
      if (testOnly) continue;
      if (toStdout) {
        writeContent(io, bytesContent(out));
        continue;
      }
      const stat = context.fs.stat(full);
      context.fs.writeFile(target, out.length === 0 ? textContent("") : bytesContent(out), {
        mode: stat.ok ? stat.value.mode : 0o644,
      });
      if (stat.ok) context.fs.chmod(target, stat.value.mode);
      if (!flags.has("k")) context.fs.unlink(full);
    }
    return status;
  };
}

export const gzip = makeGzip("gzip");
export const gunzip = makeGzip("gunzip");
export const zcat = makeGzip("zcat");
