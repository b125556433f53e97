import { describe, expect, it } from "vitest";
import * as content from "./index.ts";
import * as node from "./node.ts";

describe("content entry points", () => {
  it("exports the pure loader and parsers", () => {
    expect(Object.keys(content).sort()).toEqual([
      "listHeadings",
      "loadContentLibrary",
      "parseBank",
      "parseCodeMeta",
      "parseLesson",
      "parseMarkdown",
    ]);
  });

  it("exports the Node reader and the repository's content directory", () => {
    expect(Object.keys(node).sort()).toEqual([
      "CONTENT_DIR_NAME",
      "DEFAULT_CONTENT_DIR",
      "readContentLibrary",
    ]);
    expect(node.DEFAULT_CONTENT_DIR.endsWith("/content")).toBe(true);
  });
});
