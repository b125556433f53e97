/**
 * Runs a lesson's scenario on a fresh simulated machine: writes files, runs each console command
 * and captures what Docker prints, draws layer diagrams. Problems (a diagram of an image that does
 * not exist, a command the simulator does not know) come back with the block's location.
 *
 * A scenario runs on the Docker a learner chose (`DockerProfile`); `compareLessonScenario` runs it
 * on several and says, block by block, where their outputs differ, so a lesson can show "on
 * overlay2 this row is 0B; on the containerd store it is 4.1kB".
 */
import {
  DOCKER_PROFILES,
  type DockerProfile,
  type LessonScenario,
  type ScenarioStep,
  type SourceLocation,
} from "../core/content-model.ts";
import { DEFAULT_LEARNER_PROFILE, learnerProfile } from "../engine/docker/learner-profile.ts";
import { diagramInputOf, renderLayerDiagram } from "./diagram.ts";
import { createTerminal } from "./terminal.ts";

export interface CommandRun {
  command: string;
  output: string;
  exitCode: number;
}

export interface LessonScenarioRun {
  /** The Docker the scenario ran on. */
  profile: DockerProfile;
  steps: Array<{ step: ScenarioStep; commands?: CommandRun[]; svg?: string }>;
  problems: Array<{ message: string; location: SourceLocation }>;
}

export interface LessonScenarioOptions {
  /** The learner's Docker; by default the default learner profile (the containerd image store). */
  readonly profile?: DockerProfile;
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

/** Runs `scenario` top to bottom on the profile's Docker. */
export function runLessonScenario(
  scenario: LessonScenario,
  options: LessonScenarioOptions = {},
): LessonScenarioRun {
  const profile = options.profile ?? DEFAULT_LEARNER_PROFILE;
  const daemonProfile = learnerProfile(profile).daemon;
  const terminal = createTerminal({ builder: scenario.builder, profile: daemonProfile });
  const run: LessonScenarioRun = { profile, steps: [], problems: [] };
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
        const input = diagramInputOf(terminal.daemon, image, step.image, daemonProfile);
        run.steps.push({ step, svg: renderLayerDiagram(input) });
      }
    }
  }
  return run;
}

/** One output line that is not the same on every profile compared (`undefined`: no such line). */
export interface DifferingLine {
  /** 0-based line of the command's output. */
  line: number;
  byProfile: Partial<Record<DockerProfile, string | undefined>>;
}

/** How one command's output differs between profiles. */
export interface CommandDifference {
  /** Index of the command in its console block. */
  index: number;
  command: string;
  /** The whole output per profile. */
  outputs: Partial<Record<DockerProfile, string>>;
  exitCodes: Partial<Record<DockerProfile, number>>;
  /** The lines that differ, aligned by position (BuildKit's progress lines and table rows keep theirs). */
  lines: DifferingLine[];
}

/** A block (console or layer diagram) whose output is not the same on every profile compared. */
export interface BlockDifference {
  /** Index of the step in the scenario (and in each run's `steps`). */
  stepIndex: number;
  step: ScenarioStep;
  location: SourceLocation;
  /** The profiles grouped by identical output: more than one group, or it would not be listed. */
  groups: DockerProfile[][];
  /** Console blocks: the commands whose output or exit code differs. */
  commands: CommandDifference[];
  /** Diagram blocks: the SVG per profile (absent where the image does not exist). */
  svgs?: Partial<Record<DockerProfile, string>>;
}

export interface LessonScenarioComparison {
  /** Every profile's run, in the order asked. */
  runs: Partial<Record<DockerProfile, LessonScenarioRun>>;
  profiles: DockerProfile[];
  /** The blocks whose output differs between profiles, in document order. */
  differences: BlockDifference[];
}

/**
 * Runs `scenario` on each profile (all of them by default) and lists the console and diagram
 * blocks whose outputs differ, with each profile's output, so a page can show the learner's and
 * note the others.
 */
export function compareLessonScenario(
  scenario: LessonScenario,
  profiles: readonly DockerProfile[] = DOCKER_PROFILES,
): LessonScenarioComparison {
  const runs = profiles.map((profile) => runLessonScenario(scenario, { profile }));
  const differences: BlockDifference[] = [];
  scenario.steps.forEach((step, stepIndex) => {
    if (step.kind === "write") return;
    const outputOf = (run: LessonScenarioRun): string => {
      const ran = run.steps[stepIndex];
      return JSON.stringify(
        ran?.commands?.map((command) => [command.output, command.exitCode]) ?? ran?.svg ?? null,
      );
    };
    const groups = new Map<string, DockerProfile[]>();
    for (const run of runs) groups.set(outputOf(run), [...(groups.get(outputOf(run)) ?? []), run.profile]);
    if (groups.size < 2) return;
    const difference: BlockDifference = {
      stepIndex,
      step,
      location: step.location,
      groups: [...groups.values()],
      commands: [],
    };
    if (step.kind === "run") {
      step.commands.forEach((command, index) => {
        const ranBy = runs.map((run) => ({
          profile: run.profile,
          ran: run.steps[stepIndex]?.commands?.[index],
        }));
        const outputs = Object.fromEntries(ranBy.map(({ profile, ran }) => [profile, ran?.output ?? ""]));
        const exitCodes = Object.fromEntries(ranBy.map(({ profile, ran }) => [profile, ran?.exitCode ?? 0]));
        const lines = differingLines(ranBy.map(({ profile, ran }) => [profile, ran?.output ?? ""]));
        const sameExit = new Set(Object.values(exitCodes)).size === 1;
        if (lines.length > 0 || !sameExit)
          difference.commands.push({ index, command, outputs, exitCodes, lines });
      });
    } else {
      difference.svgs = Object.fromEntries(
        runs.flatMap((run) => {
          const svg = run.steps[stepIndex]?.svg;
          return svg === undefined ? [] : [[run.profile, svg]];
        }),
      );
    }
    differences.push(difference);
  });
  return {
    runs: Object.fromEntries(runs.map((run) => [run.profile, run])),
    profiles: [...profiles],
    differences,
  };
}

function differingLines(outputs: ReadonlyArray<readonly [DockerProfile, string]>): DifferingLine[] {
  const split = outputs.map(([profile, output]) => [profile, output.split("\n")] as const);
  const count = Math.max(0, ...split.map(([, lines]) => lines.length));
  const differing: DifferingLine[] = [];
  for (let line = 0; line < count; line += 1) {
    const texts = split.map(([, lines]) => lines[line]);
    if (new Set(texts).size < 2) continue;
    differing.push({
      line,
      byProfile: Object.fromEntries(split.map(([profile, lines]) => [profile, lines[line]])),
    });
  }
  return differing;
}
