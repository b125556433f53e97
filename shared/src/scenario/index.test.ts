import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as scenario from "./index.ts";

/** Every module `entry` loads at run time (type-only imports are erased), with its bare imports. */
function runtimeImports(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(
      /^(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?["']([^"']+)["']/gm,
    )) {
      const [, typeOnly, specifier] = match as unknown as [string, string | undefined, string];
      if (typeOnly !== undefined) continue;
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  }
  return { files, bare };
}

describe("scenario entry point", () => {
  it("exports the terminal, lesson runs, diagrams and scenario questions", () => {
    expect(Object.keys(scenario).sort()).toEqual([
      "ScenarioError",
      "TERMINAL_CWD",
      "compareLessonScenario",
      "createTerminal",
      "diagramInputOf",
      "presentScenarioQuestion",
      "renderLayerDiagram",
      "runLessonScenario",
      "scenarioVariantCount",
      "splitCommandLine",
    ]);
  });

  it("loads no Node-only module, directly or through the CLI and engine modules it reuses", () => {
    const entry = resolve(dirname(fileURLToPath(import.meta.url)), "index.ts");
    const { files, bare } = runtimeImports(entry);
    expect(files.size).toBeGreaterThan(20);
    expect(
      [...bare].filter((name) => name.startsWith("node:") || !/^(@noble\/hashes\/|fflate$)/.test(name)),
    ).toEqual([]);
    for (const file of files) {
      const code = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/\bprocess\.(env|argv|cwd)|Date\.now\(|Math\.random\(/);
    }
  });
});
