import { describe, expect, it } from "vitest";
import * as entry from "./index.ts";

describe("context entry point", () => {
  it("exports exactly the public API", () => {
    expect(Object.keys(entry).sort()).toEqual([
      "cleanPath",
      "contextFromFiles",
      "createDockerignore",
      "emptyDockerignore",
      "filterContext",
      "globToRegExp",
      "hasWildcards",
      "matchContextSources",
      "parseDockerignore",
      "prepareContext",
    ]);
  });
});
