/**
 * CMD: the default command. Shell form becomes `[shell…, text]`. Not expanded (variables are the
 * container's business). BuildKit also sets `ArgsEscaped: true` in the config.
 */

import { commitMetadata } from "../commit-metadata.ts";
import { commandComment, shellOf } from "../created-by.ts";
import type { CommandLine, InstructionOf } from "../instructions.ts";
import type { StepContext, StepOutcome } from "../runtime.ts";

/** `resolveCmdLine` (Linux): shell form prepends the shell, exec form is used as it is. */
export function commandArgs(command: CommandLine, shell: readonly string[] | undefined): string[] {
  if (command.form === "exec") return [...command.argv];
  return command.text === "" ? [] : [...shellOf(shell), command.text];
}

export function runCmd(context: StepContext<InstructionOf<"CMD">>): StepOutcome {
  const { stage, instruction, build } = context;
  const args = commandArgs(instruction.command, stage.config.Shell);
  stage.config = { ...stage.config, Cmd: args };
  if (build.builder === "buildkit") stage.config.ArgsEscaped = true;
  if (
    instruction.command.form === "exec"
      ? instruction.command.argv.length > 0
      : instruction.command.text !== ""
  ) {
    stage.cmdSet = true;
  }
  const comment = commandComment("CMD", args);
  return commitMetadata(context, comment, comment);
}
