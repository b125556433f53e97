/**
 * `--filter key=value` as the listing commands take it (docker/cli opts.FilterOpt, moby's
 * filters.Args): values of one key are alternatives, different keys must all hold, and a key the
 * daemon does not know is refused by it.
 */

import { flagValues, type ParsedArgs } from "../args.ts";
import { type CommandResult, fail } from "../command.ts";
import type { DaemonProfile } from "../profile.ts";

export type ListFilters = ReadonlyMap<string, readonly string[]>;

/** moby's invalidFilter wording, capitalised until Docker 23. */
export function invalidFilter(profile: DaemonProfile, what: string): CommandResult {
  const invalid = profile.engine === "20.10" ? "Invalid filter" : "invalid filter";
  return fail(`Error response from daemon: ${invalid} '${what}'`, 1);
}

/** The filters given, or the CLI's or daemon's error for a malformed or unknown one. */
export function parseListFilters(
  command: string,
  args: ParsedArgs,
  known: readonly string[],
  profile: DaemonProfile,
): ListFilters | CommandResult {
  const filters = new Map<string, string[]>();
  for (const entry of flagValues(args, "filter")) {
    const equals = entry.indexOf("=");
    if (equals < 1) {
      return fail(
        `invalid argument "${entry}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker ${command} --help'.`,
        125,
      );
    }
    const key = entry.slice(0, equals).trim().toLowerCase();
    const value = entry.slice(equals + 1).trim();
    if (!known.includes(key)) return invalidFilter(profile, key);
    filters.set(key, [...(filters.get(key) ?? []), value]);
  }
  return filters;
}

export function isFilterError(value: ListFilters | CommandResult): value is CommandResult {
  return "exitCode" in value;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Go's path.Match, as the reference filter matches names: `*` and `?` stop at `/`. */
export function pathMatch(pattern: string, name: string): boolean {
  let source = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const close = pattern.indexOf("]", index + 1);
      if (close < 0) return false;
      source += `[${pattern.slice(index + 1, close).replaceAll("\\", "\\\\")}]`;
      index = close;
    } else if (char === "\\" && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index] as string);
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`).test(name);
}

/** Go's `time.Unix(seconds, 0).String()` in UTC, as the CLI prints CreatedAt: `2024-01-02 00:00:00 +0000 UTC`. */
export function goUnixTimeString(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}
