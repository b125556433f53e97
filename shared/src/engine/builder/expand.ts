/**
 * Variable expansion for the builder: a thin adapter over the Dockerfile module's port of
 * BuildKit's shell lexer (`dockerfile/expand.ts`), in the shape the step handlers use.
 */
import {
  type EnvLookup,
  expandString,
  expandWords as expandWordList,
  lookupFromEnv,
} from "../dockerfile/expand.ts";

export { lookupFromEnv };
export type Lookup = EnvLookup;

export type ExpandResult = { ok: true; value: string } | { ok: false; message: string };

interface Options {
  /** Keep quotes (BuildKit's vertex names: `RawQuotes`). */
  readonly rawQuotes?: boolean;
  /** Leave `$UNSET` as written (`SkipUnsetEnv`). */
  readonly skipUnset?: boolean;
}

/**
 * Expands one word (`ProcessWord`).
 * @example expandWord("${A:-x}-$B", lookupFromEnv(["B=2"])) // { ok: true, value: "x-2" }
 */
export function expandWord(
  word: string,
  lookup: Lookup,
  escapeToken = "\\",
  options: Options = {},
): ExpandResult {
  const result = expandString(word, lookup, {
    escapeToken,
    ...(options.rawQuotes ? { rawQuotes: true } : {}),
    ...(options.skipUnset ? { skipUnsetEnv: true } : {}),
  });
  return result.ok ? { ok: true, value: result.value } : { ok: false, message: result.message };
}

/** Expands and splits into words on unquoted whitespace (`ProcessWords`, used by EXPOSE). */
export function expandWords(
  text: string,
  lookup: Lookup,
  escapeToken = "\\",
): { ok: true; value: string[] } | { ok: false; message: string } {
  const result = expandWordList(text, lookup, { escapeToken });
  return result.ok ? { ok: true, value: result.value } : { ok: false, message: result.message };
}
