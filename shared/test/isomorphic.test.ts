import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The engine and the quiz run in the browser and must replay exactly: time and randomness are
// passed in, never read from the host (STYLE.md "Direction of dependencies"). Biome's
// noNodejsModules and noRestrictedGlobals rules cover imports, process and Buffer; this test
// covers what a lint rule cannot name precisely.
const root = new URL("../src", import.meta.url).pathname;
// engine/ holds the simulated docker CLI and daemon (engine/docker/), scenario/ the lesson terminal
// and diagrams: both run in the site's browser bundle.
const pureFolders = ["core", "engine", "quiz", "scenario"];
const forbidden: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bnew Date\s*\(\s*\)/, "new Date()"],
  [/\bMath\.random\s*\(/, "Math.random()"],
  [/\bperformance\.now\s*\(/, "performance.now()"],
  [/from\s+["']node:/, "a node:* import"],
];

function sourceFiles(folder: string): string[] {
  let found: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  for (const name of names) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found = found.concat(sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

describe("pure modules", () => {
  it("read no host clock, randomness or Node built-in", () => {
    const offences: string[] = [];
    for (const folder of pureFolders) {
      for (const file of sourceFiles(join(root, folder))) {
        const lines = readFileSync(file, "utf8").split("\n");
        lines.forEach((line, index) => {
          if (/^\s*(\*|\/\/)/.test(line)) return;
          for (const [pattern, what] of forbidden) {
            if (pattern.test(line)) offences.push(`${relative(root, file)}:${index + 1} uses ${what}`);
          }
        });
      }
    }
    expect(offences).toEqual([]);
  });

  it("cover the docker CLI's pure commands and the scenarios", () => {
    const covered = pureFolders.flatMap((folder) =>
      sourceFiles(join(root, folder)).map((file) => relative(root, file)),
    );
    for (const file of [
      "engine/docker/docker.ts",
      "engine/docker/session.ts",
      "engine/docker/commands/build.ts",
      "engine/docker/go-template/execute.ts",
      "engine/units/human-size.ts",
      "scenario/terminal.ts",
      "scenario/diagram.ts",
      "quiz/scenario-question.ts",
    ]) {
      expect(covered).toContain(file);
    }
  });
});
