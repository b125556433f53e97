import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "./parse.ts";

const pieces = [
  "FROM a",
  "FROM a AS b",
  "RUN echo hi",
  'RUN ["a"',
  "COPY a b",
  "COPY --from=x a b",
  "ENV A=1",
  "ENV A",
  "ARG X",
  "ONBUILD ",
  "HEALTHCHECK",
  "# escape=`",
  "# c",
  "\\",
  "`",
  "<<EOF",
  "EOF",
  '"',
  "'",
  "$" + "{A:-x}",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "--link",
  "=",
  "[",
  "]",
  "RUNN",
  "\uFEFF",
  "é",
];

describe("parseDockerfile properties", () => {
  it("never throws and keeps every range inside the text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const lineCount = text.split("\n").length;
        const { dockerfile, diagnostics } = parseDockerfile(text);
        const ranges = [...diagnostics.map((d) => d.range), ...dockerfile.instructions.map((i) => i.range)];
        for (const range of ranges) {
          expect(range.start.line).toBeGreaterThanOrEqual(1);
          expect(range.end.line).toBeLessThanOrEqual(lineCount);
          expect(range.start.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it("parses the same instructions whatever the keyword case", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (upper) => {
        const words = ["from", "run", "copy", "env"].map((word, index) =>
          upper[index] ? word.toUpperCase() : word,
        );
        const text = `${words[0]} a\n${words[1]} x\n${words[2]} a b\n${words[3]} K=v\n`;
        expect(parseDockerfile(text).dockerfile.instructions.map((i) => i.keyword)).toEqual([
          "FROM",
          "RUN",
          "COPY",
          "ENV",
        ]);
      }),
      { seed: 7 },
    );
  });
});
