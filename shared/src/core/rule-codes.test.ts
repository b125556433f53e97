import { describe, expect, it } from "vitest";
import { reasonSentence, ruleCodesIn } from "./rule-codes.ts";

describe("rule codes in reasons", () => {
  it("turns a reason with a trailing code into a sentence", () => {
    expect(reasonSentence("the command changed files: its diff becomes a layer (R4)")).toBe(
      "The command changed files: its diff becomes a layer.",
    );
  });

  it("drops codes inside the text and keeps other parentheses", () => {
    expect(
      reasonSentence("/big was copied up (524288 B) into the writable layer (O3, L9), see docker diff (C)."),
    ).toBe("/big was copied up (524288 B) into the writable layer, see docker diff (C).");
    expect(reasonSentence("a whiteout hides it (O4/W3); nothing shrinks (S3).")).toBe(
      "A whiteout hides it; nothing shrinks.",
    );
  });

  it("lists the codes a reason cites, once each", () => {
    expect(ruleCodesIn("copied up (O3, W5) and again (O3); layers (L4–L7)")).toEqual([
      "O3",
      "W5",
      "L4",
      "L7",
    ]);
    expect(ruleCodesIn("no codes (docker diff: A)")).toEqual([]);
  });
});
