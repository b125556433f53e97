import { describe, expect, it } from "vitest";
import * as entry from "./index.ts";

describe("dockerfile entry point", () => {
  it("exports exactly the public API", () => {
    expect(Object.keys(entry).sort()).toEqual([
      "expandInstruction",
      "expandString",
      "expandWords",
      "expandedInstructions",
      "firstDockerError",
      "goQuote",
      "isInstructionKeyword",
      "lookupFromEnv",
      "parseDockerfile",
      "parseOnbuildTrigger",
      "resolveFromReference",
    ]);
  });
});
