import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../dockerfile/parse.ts";
import { contextFromFiles, filterContext, matchContextSources } from "./context.ts";
import { parseDockerignore } from "./dockerignore.ts";

describe("performance", () => {
  it("parses a 30-instruction Dockerfile and filters a 2,000-file context in a few milliseconds", () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 2000; index += 1)
      files[`src/d${index % 40}/f${index}.${index % 3 === 0 ? "log" : "js"}`] = `${index}`;
    const tree = contextFromFiles(files);
    const dockerfile = [
      "FROM tiny:1",
      ...Array.from({ length: 29 }, (_, index) => `RUN echo ${index} && \\\n  true`),
    ].join("\n");
    const { dockerignore } = parseDockerignore("**/*.log\n!src/d1/f1.log\nnode_modules\n");
    const started = performance.now();
    for (let round = 0; round < 2; round += 1) {
      parseDockerfile(dockerfile);
      const sent = filterContext(tree, dockerignore);
      matchContextSources(sent, ["src/d1/*.js", "src"]);
    }
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(100);
  });
});
