import { describe, expect, it } from "vitest";
import { containsPhrase, normalizeAnswerText, stemmedWords, stemWord } from "./normalize.ts";

describe("normalizeAnswerText", () => {
  it("drops surrounding quotes and backticks, a trailing period, case and extra spaces", () => {
    expect(normalizeAnswerText('  "Docker   Build ."  ')).toBe("docker build .");
    expect(normalizeAnswerText("It is cached.")).toBe("it is cached");
    expect(normalizeAnswerText("`.WH..WH..OPQ`.")).toBe(".wh..wh..opq");
    expect(normalizeAnswerText("“hello world”")).toBe("hello world");
  });
});

describe("stemWord", () => {
  it("brings plurals and verb endings of one word to one stem", () => {
    const families = [
      ["layer", "layers", "layered"],
      ["copy", "copies", "copied"],
      ["cache", "cached", "caches", "caching"],
      ["run", "runs", "running"],
      ["file", "files"],
      ["need", "needs", "needed"],
    ];
    for (const family of families) expect(new Set(family.map(stemWord)).size).toBe(1);
  });

  it("leaves two-letter words alone and keeps different words apart", () => {
    expect(stemWord("is")).toBe("is");
    expect(stemWord("layer")).not.toBe(stemWord("later"));
  });
});

describe("stemmedWords", () => {
  it("drops sentence punctuation but keeps paths and file names whole", () => {
    expect(stemmedWords("Copy-on-write copies the WHOLE file.")).toEqual(
      stemmedWords("copy on write copy the whole file"),
    );
    expect(stemmedWords("See /app, .wh..wh..opq and node_modules.")).toEqual([
      stemWord("see"),
      "/app",
      ".wh..wh..opq",
      "and",
      "node_modules",
    ]);
  });
});

describe("containsPhrase", () => {
  const words = (text: string) => stemmedWords(text);

  it("finds a phrase's words in order with up to three words between them", () => {
    expect(containsPhrase(words("it copies the entire, very large file up"), words("entire file"))).toBe(
      true,
    );
    expect(containsPhrase(words("entire one two three four file"), words("entire file"))).toBe(false);
  });

  it("does not find a phrase whose words come in another order or an empty phrase", () => {
    expect(containsPhrase(words("the file is whole"), words("whole file"))).toBe(false);
    expect(containsPhrase(words("anything"), [])).toBe(false);
  });
});
