/**
 * Scenarios: the engine answering what lessons show — the simulated terminal (a docker session
 * over an in-memory build context), lesson scenario runs and layer diagrams. Scenario questions
 * live next to the quiz core (quiz/scenario-question.ts) and are re-exported here. Isomorphic (the
 * site's playground and practice pages run it in the browser).
 */

export {
  type PresentOptions,
  presentScenarioQuestion,
  ScenarioError,
  scenarioVariantCount,
} from "../quiz/scenario-question.ts";
export { splitCommandLine } from "./command-line.ts";
export { type DiagramLayer, diagramInputOf, type LayerDiagramInput, renderLayerDiagram } from "./diagram.ts";
export {
  type BlockDifference,
  type CommandDifference,
  type CommandRun,
  compareLessonScenario,
  type DifferingLine,
  type LessonScenarioComparison,
  type LessonScenarioOptions,
  type LessonScenarioRun,
  runLessonScenario,
} from "./lesson.ts";
export {
  createTerminal,
  type SimulatedTerminal,
  TERMINAL_CWD,
  type TerminalOptions,
  type TerminalResult,
} from "./terminal.ts";
