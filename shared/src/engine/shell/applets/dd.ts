import type { FileContent } from "../../fs/types.ts";
import type { CommandImplementation } from "../context.ts";
import { joinContents, sliceContent } from "./content.ts";
import {
  DD_SUFFIXES,
  errnoText,
  parseSized,
  path,
  textContent,
  writeContent,
  zeroContent,
} from "./support.ts";

const CONVERSIONS = new Set(["notrunc", "sync", "noerror", "fsync", "swab"]);

/**
 * dd if= of= bs= ibs= obs= count= skip= seek= conv=notrunc,sync,noerror,fsync status=none|noxfer,
 * with dd's suffixes. /dev/zero is read as generated zeros, so `bs=1M count=5000` costs nothing.
 * busybox 1.35 (Debian) prints only the two records lines.
 */
export const dd: CommandImplementation = (argv, io, context) => {
  const settings = new Map<string, string>();
  for (const arg of argv.slice(1)) {
    const equals = arg.indexOf("=");
    if (equals === -1) {
      io.err(`dd: invalid argument '${arg}'\n`);
      return 1;
    }
    settings.set(arg.slice(0, equals), arg.slice(equals + 1));
  }
  let invalid = false;
  const number = (key: string, fallback: number): number | undefined => {
    const text = settings.get(key);
    if (text === undefined || invalid) return fallback;
    const value = parseSized(text, DD_SUFFIXES);
    if (value === undefined) {
      io.err(`dd: invalid number '${text}'\n`);
      invalid = true;
    }
    return value;
  };
  const bs = settings.has("bs") ? number("bs", 512) : undefined;
  const ibs = bs ?? number("ibs", 512);
  const obs = bs ?? number("obs", 512);
  const count = settings.has("count") ? number("count", 0) : Number.POSITIVE_INFINITY;
  const skip = number("skip", 0);
  const seek = number("seek", 0);
  if (
    invalid ||
    ibs === undefined ||
    obs === undefined ||
    count === undefined ||
    skip === undefined ||
    seek === undefined
  )
    return 1;
  const conversions = (settings.get("conv") ?? "").split(",").filter(Boolean);
  const unknown = conversions.find((conversion) => !CONVERSIONS.has(conversion));
  if (unknown !== undefined) {
    io.err(`dd: invalid conv '${unknown}'\n`);
    return 1;
  }
  const input = settings.get("if");
  let source: FileContent;
  if (input === "/dev/zero") {
    if (!Number.isFinite(count)) {
      // Endless zeros: like `yes`, this only ends when something stops it.
      context.budget.checkFile(settings.get("of") ?? "standard output", Number.POSITIVE_INFINITY, false);
    }
    source = zeroContent((skip + count) * ibs);
  } else if (input === undefined || input === "-") source = textContent(io.stdin);
  else if (input === "/dev/null") source = textContent("");
  else {
    const result = context.fs.readFile(path(context, input));
    if (!result.ok) {
      io.err(`dd: can't open '${input}': ${errnoText(result.error)}\n`);
      return 1;
    }
    source = result.value;
  }
  const available = Math.max(0, source.size - skip * ibs);
  const wanted = Number.isFinite(count) ? Math.min(available, count * ibs) : available;
  let data = sliceContent(source, skip * ibs, wanted);
  const fullIn = Math.floor(data.size / ibs);
  const partialIn = data.size % ibs === 0 ? 0 : 1;
  if (conversions.includes("sync") && partialIn)
    data = joinContents([data, zeroContent(ibs - (data.size % ibs))]);
  const fullOut = Math.floor(data.size / obs);
  const partialOut = data.size % obs === 0 ? 0 : 1;
  const output = settings.get("of");
  if (output === undefined) writeContent(io, data);
  else {
    const target = path(context, output);
    const existing = context.fs.readFile(target);
    if (!existing.ok && existing.error.code !== "ENOENT") {
      io.err(`dd: can't open '${output}': ${errnoText(existing.error)}\n`);
      return 1;
    }
    const before = existing.ok ? existing.value : textContent("");
    const offset = seek * obs;
    const head = sliceContent(before, 0, offset);
    const gap = zeroContent(Math.max(0, offset - before.size));
    const tail = conversions.includes("notrunc")
      ? sliceContent(before, offset + data.size, before.size)
      : textContent("");
    const content = joinContents([head, gap, data, tail]);
    context.budget.checkFile(output, content.size, false);
    const written = context.fs.writeFile(target, content);
    if (!written.ok) {
      io.err(`dd: can't open '${output}': ${errnoText(written.error)}\n`);
      return 1;
    }
  }
  if (settings.get("status") !== "none")
    io.err(`${fullIn}+${partialIn} records in\n${fullOut}+${partialOut} records out\n`);
  return 0;
};
