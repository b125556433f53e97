/**
 * Runs a lesson's scenario on a fresh simulated machine: writes files, runs each console command
 * and captures what Docker prints, draws layer diagrams. Problems (a diagram of an image that does
 * not exist, a command the simulator does not know) come back with the block's location.
 */
import type { LessonScenario, ScenarioStep, SourceLocation } from "../core/content-model.ts";
import { diagramInputOf, renderLayerDiagram } from "./diagram.ts";
import { createTerminal } from "./terminal.ts";

export interface CommandRun {
  command: string;
  output: string;
  exitCode: number;
}

export interface LessonScenarioRun {
  steps: Array<{ step: ScenarioStep; commands?: CommandRun[]; svg?: string }>;
  problems: Array<{ message: string; location: SourceLocation }>;
}

// What the simulator answers when it cannot do what a command asks (as opposed to Docker failing
// the way it would on a real machine, e.g. a RUN that exits 1, which a lesson may well show).
const USAGE_ERROR =
  /^(sh: .*not found|sh: syntax error|unknown (shorthand )?flag|"docker [a-z ]+" requires (at least|exactly) \d+ arguments?|Usage: )|is not a docker command/m;

/** The first line of a usage error in `result`, if it is one. */
function usageProblem(result: { stderr: string; exitCode: number }): string | undefined {
  if (result.exitCode === 0 || !USAGE_ERROR.test(result.stderr)) return undefined;
  return result.stderr.trim().split("\n")[0];
}

/** Runs `scenario` top to bottom. */
export function runLessonScenario(scenario: LessonScenario): LessonScenarioRun {
  const terminal = createTerminal({ builder: scenario.builder });
  const run: LessonScenarioRun = { steps: [], problems: [] };
  for (const step of scenario.steps) {
    if (step.kind === "write") {
      terminal.writeFile(step.path, step.content);
      run.steps.push({ step });
    } else if (step.kind === "run") {
      const commands = step.commands.map((command) => {
        const result = terminal.run(command);
        const problem = usageProblem(result);
        if (problem !== undefined)
          run.problems.push({ message: `\`${command}\`: ${problem}`, location: step.location });
        return { command, output: result.output, exitCode: result.exitCode };
      });
      run.steps.push({ step, commands });
    } else {
      const image = terminal.daemon.store.getImage(step.image);
      if (image === undefined) {
        run.problems.push({
          message: `layers image=${step.image}: no such image at this point of the scenario`,
          location: step.location,
        });
        run.steps.push({ step });
      } else {
        run.steps.push({ step, svg: renderLayerDiagram(diagramInputOf(terminal.daemon, image, step.image)) });
      }
    }
  }
  return run;
}
