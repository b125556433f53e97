/**
 * The last steps of word expansion: field splitting on IFS over expanded pieces (POSIX 2.6.5) and
 * pathname expansion, matching names in byte order (`compareBytes`, also `sort`'s default order).
 */

import { absolutePath, type ShellContext } from "./context.ts";
import type { Piece } from "./expand.ts";
import { hasPatternChars, patternSource, unescapePattern } from "./pattern.ts";

interface Field {
  segments: { text: string; quoted: boolean }[];
  forced: boolean;
}

/** Field splitting (POSIX 2.6.5) over pieces: only pieces from unquoted expansions split. */
export function splitFields(pieces: readonly Piece[], context: ShellContext): Field[] {
  const ifs = context.env.get("IFS") ?? " \t\n";
  const whitespace = [...ifs].filter((char) => " \t\n".includes(char)).join("");
  const fields: Field[] = [];
  let current: Field = { segments: [], forced: false };
  let hasContent = false;
  let afterWhitespaceBreak = false;
  const end = () => {
    fields.push(current);
    current = { segments: [], forced: false };
    hasContent = false;
  };
  for (const piece of pieces) {
    if ("boundary" in piece) {
      end();
      afterWhitespaceBreak = false;
      continue;
    }
    if (!piece.split || ifs === "") {
      if (piece.text !== "" || piece.quoted) {
        current.segments.push({ text: piece.text, quoted: piece.quoted });
        if (piece.quoted) current.forced = true;
        hasContent = hasContent || piece.text !== "" || piece.quoted;
        afterWhitespaceBreak = false;
      }
      continue;
    }
    let text = "";
    for (const char of piece.text) {
      if (!ifs.includes(char)) {
        text += char;
        continue;
      }
      if (text !== "") {
        current.segments.push({ text, quoted: false });
        hasContent = true;
        text = "";
      }
      if (whitespace.includes(char)) {
        if (hasContent) {
          end();
          afterWhitespaceBreak = true;
        }
      } else {
        if (afterWhitespaceBreak && !hasContent) afterWhitespaceBreak = false;
        else {
          current.forced = true;
          end();
        }
        afterWhitespaceBreak = false;
      }
    }
    if (text !== "") {
      current.segments.push({ text, quoted: false });
      hasContent = true;
      afterWhitespaceBreak = false;
    }
  }
  if (hasContent || current.forced) fields.push(current);
  return fields.filter((field) => field.forced || field.segments.some((segment) => segment.text !== ""));
}

/** Pathname expansion: matching names in byte order; hidden names only for a leading `.`. */
export function globPaths(pattern: string, context: ShellContext): string[] {
  const absolute = pattern.startsWith("/");
  const trailingSlash = pattern.endsWith("/");
  const parts = pattern.split("/").filter((part) => part !== "");
  let candidates = [absolute ? "/" : ""];
  const join = (base: string, name: string) =>
    base === "" ? name : base === "/" ? `/${name}` : `${base}/${name}`;
  for (const part of parts) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!hasPatternChars(part)) {
        next.push(join(base, unescapePattern(part)));
        continue;
      }
      const directory = base === "" ? context.cwd : absolutePath(context, base);
      const listing = context.fs.readdir(directory);
      if (!listing.ok) continue;
      context.budget.step(1 + (listing.value.length >> 6));
      const regex = new RegExp(`^(?:${patternSource(part, { pathname: true })})$`);
      const dotted = part.startsWith(".") || part.startsWith("\\.");
      const names = dotted ? [".", "..", ...listing.value] : listing.value;
      for (const name of names) {
        if (name.startsWith(".") && !dotted) continue;
        if (regex.test(name)) next.push(join(base, name));
      }
    }
    candidates = next;
  }
  const existing = candidates.filter((candidate) => {
    const stat = trailingSlash
      ? context.fs.stat(absolutePath(context, candidate))
      : context.fs.lstat(absolutePath(context, candidate));
    return stat.ok && (!trailingSlash || stat.value.kind === "dir");
  });
  return existing.map((candidate) => (trailingSlash ? `${candidate}/` : candidate)).sort(compareBytes);
}

export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
