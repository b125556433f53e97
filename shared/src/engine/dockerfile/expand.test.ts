// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Dockerfile variable syntax under test.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expandString, expandWords, lookupFromEnv } from "./expand.ts";

const here = new URL("./testdata/", import.meta.url);

function cases(file: string): { line: number; text: string }[] {
  return readFileSync(new URL(file, here), "utf8")
    .split("\n")
    .map((text, index) => ({ line: index + 1, text }))
    .filter(({ text }) => !text.startsWith("#") && text.trim() !== "");
}

describe("expandString (BuildKit envVarTest)", () => {
  const lookup = lookupFromEnv(["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="]);
  const table = cases("env-var-test.txt")
    .map(({ line, text }) => {
      const [platform = "", source = "", expected = ""] = text.trim().split("|");
      return { line, platform: platform.trim(), source: source.trim(), expected: expected.trim() };
    })
    .filter((row) => row.platform !== "W");
  it.each(table)("line $line: $source → $expected", ({ source, expected }) => {
    const result = expandString(source, lookup);
    if (expected === "error") expect(result.ok).toBe(false);
    else expect(result).toMatchObject({ ok: true, value: expected });
  });
});

describe("expandWords (BuildKit wordsTest)", () => {
  const env: string[] = [];
  const table: { line: number; source: string; expected: string[]; env: string[] }[] = [];
  for (const { line, text } of cases("words-test.txt")) {
    if (text.startsWith("ENV ")) {
      env.push(text.slice(3).replace(/^ +/, ""));
      continue;
    }
    const [source = "", expected = ""] = text.split("|");
    table.push({
      line,
      source: source.trim(),
      expected: expected.replace(/^ +/, "").split(","),
      env: [...env],
    });
  }
  it.each(table)("line $line: $source", ({ source, expected, env: list }) => {
    const result = expandWords(source, lookupFromEnv(list));
    expect(result.ok ? result.value : ["error"]).toEqual(expected);
  });
});

describe("expandString modifiers", () => {
  const lookup = lookupFromEnv(["FOO=xxx", "EMPTY=", "PATHV=/usr/local/bin"]);
  it.each([
    ["${FOO:-aaa}", "xxx"],
    ["${EMPTY:-aaa}", "aaa"],
    ["${EMPTY-aaa}", ""],
    ["${UNSET-aaa}", "aaa"],
    ["${FOO:+aaa}", "aaa"],
    ["${EMPTY:+aaa}", ""],
    ["${EMPTY+aaa}", "aaa"],
    ["${UNSET+aaa}", ""],
    ["${PATHV#*/}", "usr/local/bin"],
    ["${PATHV##*/}", "bin"],
    ["${PATHV%/*}", "/usr/local"],
    ["${PATHV%%/*}", ""],
    ["${PATHV/local/share}", "/usr/share/bin"],
    ["${PATHV//\\//:}", ":usr:local:bin"],
    ["'$FOO' \"$FOO\" \\$FOO", "$FOO xxx $FOO"],
  ])("%s → %s", (source, expected) => {
    expect(expandString(source, lookup)).toMatchObject({ ok: true, value: expected });
  });

  it("reports a missing variable with ${VAR:?msg} in Docker's words", () => {
    const result = expandString("${UNSET:?must be set}", lookup);
    expect(result.ok ? "" : result.message).toBe(
      'failed to process "${UNSET:?must be set}": UNSET: must be set',
    );
  });

  it("turns a bad substitution into an InvalidVariableSubstitution diagnostic at the given range", () => {
    const range = { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } };
    const result = expandString("${}", lookup, { range, path: "Dockerfile" });
    expect(result.ok ? undefined : result.diagnostic).toEqual({
      name: "InvalidVariableSubstitution",
      severity: "error",
      message: 'failed to process "${}": syntax error: bad substitution',
      path: "Dockerfile",
      range,
    });
  });

  it("uses the backtick as the escape character when asked", () => {
    expect(expandString("a`$FOO\\b", lookup, { escapeToken: "`" })).toMatchObject({
      ok: true,
      value: "a$FOO\\b",
    });
  });

  it("keeps unset variables and quotes with skipUnsetEnv and rawQuotes", () => {
    expect(
      expandString("'a' $UNSET ${UNSET:-x} $FOO", lookup, { skipUnsetEnv: true, rawQuotes: true }),
    ).toMatchObject({
      ok: true,
      value: "'a' $UNSET ${UNSET:-x} xxx",
    });
  });

  it("lists matched and unmatched variables", () => {
    expect(expandString("${FOO-aaa} ${BAR-bbb}", lookup)).toEqual({
      ok: true,
      value: "xxx bbb",
      matched: ["FOO"],
      unmatched: ["BAR"],
    });
  });
});
