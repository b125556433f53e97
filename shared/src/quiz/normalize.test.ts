import { describe, expect, it } from "vitest";
import {
  containsPhrase,
  findPhrase,
  isNegated,
  keywordListSentences,
  normalizeAnswerText,
  stemmedWords,
  stemWord,
  tokenizeAnswer,
} from "./normalize.ts";

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

describe("tokenizeAnswer", () => {
  it("numbers sentences and clauses and marks denials, spelling out contractions", () => {
    const tokens = tokenizeAnswer("It isn't copied, but shared. Then docker rm deletes it.");
    expect(tokens.map((token) => token.raw)).toEqual([
      "it",
      "is",
      "not",
      "copied",
      "but",
      "shared",
      "then",
      "docker",
      "rm",
      "deletes",
      "it",
    ]);
    expect(tokens.map((token) => token.sentence)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(tokens.filter((token) => token.negation).map((token) => token.raw)).toEqual(["not"]);
    expect(new Set(tokens.slice(0, 4).map((token) => token.clause)).size).toBe(1);
    expect(tokens[5]?.clause).toBeGreaterThan(tokens[3]?.clause ?? 0);
  });

  it("keeps flags and paths whole and merges synonyms", () => {
    expect(tokenizeAnswer("docker history --no-trunc /app").map((token) => token.stem)).toEqual([
      "docker",
      "histori",
      "no_trunc",
      "/app",
    ]);
    expect(stemWord("erased")).toBe(stemWord("deletes"));
    expect(stemWord("entire")).toBe(stemWord("whole"));
  });
});

describe("isNegated", () => {
  const negated = (text: string, phrase: string) => {
    const tokens = tokenizeAnswer(text);
    const [positions = []] = findPhrase(
      tokens.map((token) => token.stem),
      stemmedWords(phrase),
    );
    return isNegated(tokens, positions);
  };

  it("finds a denial before or after the phrase in its clause, and none beyond it", () => {
    expect(negated("An image is not read-only", "read-only")).toBe(true);
    expect(negated("docker rm does nothing", "docker rm")).toBe(true);
    expect(negated("It is read-only, not writable", "read-only")).toBe(false);
    expect(negated("Layers are not copied", "not copied")).toBe(false);
  });
});

describe("keywordListSentences", () => {
  it("flags a sentence of six or more keywords without grammar, not a sentence or a short command", () => {
    const tokens = tokenizeAnswer(
      "read-only writable layer shared process docker rm. docker builder prune -a. The layers are shared.",
    );
    expect([...keywordListSentences(tokens)]).toEqual([0]);
  });
});
