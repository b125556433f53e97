import { describe, expect, it } from "vitest";
import * as scenario from "./index.ts";

describe("scenario entry point", () => {
  it("exports the terminal, lesson runs, diagrams and scenario questions", () => {
    expect(Object.keys(scenario).sort()).toEqual([
      "ScenarioError",
      "TERMINAL_CWD",
      "createTerminal",
      "diagramInputOf",
      "presentScenarioQuestion",
      "renderLayerDiagram",
      "runLessonScenario",
      "scenarioVariantCount",
      "splitCommandLine",
    ]);
  });
});
