import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../dockerfile/parse.ts";
import { walkTree } from "../fs/tree.ts";
import { contextFromFiles, filterContext, matchContextSources } from "./context.ts";
import { parseDockerignore } from "./dockerignore.ts";

// How long this takes is measured by `npm run bench` (30 instructions over a 2,000-file context);
// a wall-clock bound here failed on a loaded CI machine without anything being wrong.
describe("performance-sized inputs", () => {
  it("parses a 30-instruction Dockerfile and filters a 2,000-file context", () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 2000; index += 1)
      files[`src/d${index % 40}/f${index}.${index % 3 === 0 ? "log" : "js"}`] = `${index}`;
    const tree = contextFromFiles(files);
    const dockerfile = [
      "FROM tiny:1",
      ...Array.from({ length: 29 }, (_, index) => `RUN echo ${index} && \\\n  true`),
    ].join("\n");
    const { dockerignore } = parseDockerignore("**/*.log\n!src/d1/f1.log\nnode_modules\n");
    for (let round = 0; round < 2; round += 1) {
      const parsed = parseDockerfile(dockerfile);
      expect(parsed.diagnostics).toEqual([]);
      const sent = filterContext(tree, dockerignore);
      const sentFiles = [...walkTree(sent)].filter((entry) => entry.node.kind === "file");
      // 667 of the 2,000 names end in .log (every third); none of them is src/d1/f1.log.
      expect(sentFiles).toHaveLength(1333);
      expect(sentFiles.some((entry) => entry.path.endsWith(".log"))).toBe(false);
      const matched = matchContextSources(sent, ["src/d1/*.js", "src"]);
      expect(matched.diagnostics).toEqual([]);
      expect(matched.paths).toContain("src");
    }
  });
});
