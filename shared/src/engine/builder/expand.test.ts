// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Dockerfile words, not templates
import { describe, expect, it } from "vitest";
import { expandWord, expandWords, lookupFromEnv } from "./expand.ts";

const env = lookupFromEnv(["A=1", "B=two", "EMPTY="]);

describe("Dockerfile variable expansion", () => {
  it("expands $VAR and ${VAR} and removes quotes", () => {
    expect(expandWord("${A}-$B", env)).toEqual({ ok: true, value: "1-two" });
    expect(expandWord(`"a b" 'c $A'`, env)).toEqual({ ok: true, value: "a b c $A" });
  });

  it("applies the default, alternative and error modifiers with and without colon", () => {
    expect(expandWord("${UNSET:-x} ${EMPTY:-y} ${EMPTY-z} ${A:+set} ${UNSET+no}", env)).toEqual({
      ok: true,
      value: "x y  set ",
    });
    expect(expandWord("${UNSET:?is required}", env)).toEqual({
      ok: false,
      message: 'failed to process "${UNSET:?is required}": UNSET: is required',
    });
  });

  it("keeps an escaped dollar and uses the backtick escape when told", () => {
    expect(expandWord("\\$A", env)).toEqual({ ok: true, value: "$A" });
    expect(expandWord("`$A", env, "`")).toEqual({ ok: true, value: "$A" });
  });

  it("keeps quotes and unset variables for BuildKit's vertex names", () => {
    expect(expandWord(`RUN echo "$A" $UNSET`, env, "\\", { rawQuotes: true, skipUnset: true })).toEqual({
      ok: true,
      value: 'RUN echo "1" $UNSET',
    });
  });

  it("splits EXPOSE words, values of unquoted variables included", () => {
    expect(expandWords("$P 443/udp", lookupFromEnv(["P=80 81"]))).toEqual({
      ok: true,
      value: ["80", "81", "443/udp"],
    });
  });

  it("reports an unterminated quote as data", () => {
    expect(expandWord('"open', env).ok).toBe(false);
  });
});
