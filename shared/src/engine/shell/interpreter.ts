/**
 * Runs parsed scripts over a `MountedFs`, as busybox ash 1.35 would: this file walks the tree —
 * lists with `set -e`, `&&`/`||`, pipelines (each stage a subshell, SIGPIPE and `pipefail`), the
 * compound commands (`( … )`, `{ …; }`, if, for, while/until, case, function definitions),
 * subshells and the EXIT trap. Simple commands are simple-command.ts, redirections
 * redirections.ts, programs found by PATH programs.ts, the context and its variables context.ts,
 * the unwinding signals signals.ts, and `sh -c` from the outside run-script.ts. Nothing reaches
 * the host: commands are TypeScript functions (`applets/`, one per file, joined in `commands.ts`
 * and `applets/index.ts`) found through PATH in the simulated file system, so a command exists
 * exactly when the image has its executable. Every run is bounded by the budgets of `budget.ts`.
 */
import { ArithmeticError } from "./arith.ts";
import { InputStream, type Io, makeIo, type ShellContext, setVariable, subshellContext } from "./context.ts";
import { ExpansionError, expandPattern, expandToString, expandWords } from "./expand.ts";
import { type Command, type Pipeline, parseShell, type Script } from "./parse.ts";
import { matchPattern } from "./pattern.ts";
import { applyRedirections } from "./redirections.ts";
import { BrokenPipe, ExitSignal, LoopSignal, ReturnSignal, ShellError, statusOfSignal } from "./signals.ts";
import { runSimple } from "./simple-command.ts";

export { expandWords as expandWord } from "./expand.ts";

/** Runs a list; returns the last status. */
export function runList(script: Script, io: Io, context: ShellContext, checkErrexit = true): number {
  let status = context.lastStatus;
  for (const andOr of script) {
    const listIo = context.redirectedIo ?? io;
    if (andOr.background) {
      // A background job runs to completion here, in a subshell; `$!` names it.
      const child = subshellContext(context);
      context.budget.nextPid += 1;
      try {
        runAndOr(andOr, makeIo(new InputStream(""), listIo.out, listIo.err), child, false);
      } catch (signal) {
        if (!(signal instanceof ExitSignal)) throw signal;
      }
      context.lastBackground = context.budget.nextPid;
      status = 0;
      context.lastStatus = 0;
      continue;
    }
    status = runAndOr(andOr, listIo, context, checkErrexit);
    context.lastStatus = status;
  }
  return status;
}

function runAndOr(andOr: Script[number], io: Io, context: ShellContext, checkErrexit: boolean): number {
  let status = runPipeline(andOr.first, io, context, andOr.rest.length === 0 && checkErrexit);
  andOr.rest.forEach(({ op, pipeline }, index) => {
    if ((op === "&&" && status === 0) || (op === "||" && status !== 0)) {
      const last = index === andOr.rest.length - 1;
      status = runPipeline(pipeline, io, context, last && checkErrexit);
    }
  });
  return status;
}

function runPipeline(pipeline: Pipeline, io: Io, context: ShellContext, errexitApplies: boolean): number {
  let status = 0;
  if (pipeline.commands.length === 1) {
    status = runCommand(pipeline.commands[0] as Command, io, context, errexitApplies && !pipeline.negated);
  } else {
    let input = io.input ?? new InputStream(io.stdin);
    let failed = 0;
    pipeline.commands.forEach((command, index) => {
      const last = index === pipeline.commands.length - 1;
      const captured: string[] = [];
      let endless: string | undefined;
      let size = 0;
      const limit = context.budget.limits.pipeBytes;
      const write = (text: string) => {
        if (size + text.length > limit) {
          captured.push(text.slice(0, limit - size));
          context.budget.hold(limit - size);
          size = limit;
          throw new BrokenPipe();
        }
        size += text.length;
        context.budget.hold(text.length);
        captured.push(text);
      };
      // Every stage runs in a subshell (ash forks each one, the last too): its variables do not
      // leak, and an `exit` or an expansion error ends only that stage.
      const stage = subshellContext(context);
      const stageIo = last
        ? makeIo(input, io.out, io.err)
        : makeIo(input, write, io.err, undefined, (pattern: string) => {
            endless = pattern;
            throw new BrokenPipe();
          });
      try {
        // Inside a stage, `set -e` still ends that stage's subshell (unless the pipeline is tested).
        status = runCommand(command, stageIo, stage, errexitApplies && !pipeline.negated);
      } catch (signal) {
        if (signal instanceof BrokenPipe) status = 141;
        else {
          const stopped = statusOfSignal(signal, stageIo, stage);
          if (stopped === undefined) throw signal;
          status = stopped;
        }
      }
      context.budget.release(input.text.length);
      if (!last) {
        if (status !== 0) failed = status;
        input = new InputStream(captured.join(""), endless);
      }
    });
    if (context.options.pipefail && status === 0) status = failed;
  }
  if (pipeline.negated) status = status === 0 ? 1 : 0;
  context.lastStatus = status;
  // ash checks errexit after simple commands, subshells and pipelines only: a loop or `if` whose
  // status comes from a failure errexit ignored (`false && x`) does not end the shell.
  const first = pipeline.commands[0] as Command;
  const checked = pipeline.commands.length > 1 || first.kind === "simple" || first.kind === "subshell";
  if (checked && errexitApplies && context.errexit && status !== 0 && !pipeline.negated)
    throw new ExitSignal(status);
  return status;
}

function runBody(script: Script, io: Io, context: ShellContext, errexitApplies: boolean): number {
  return runList(script, io, context, errexitApplies);
}

/** Runs a loop body; returns "break" or "continue" when a loop signal ends this iteration. */
function runLoopBody(script: Script, io: Io, context: ShellContext, errexitApplies: boolean) {
  try {
    return { status: runBody(script, io, context, errexitApplies), signal: undefined };
  } catch (signal) {
    if (!(signal instanceof LoopSignal)) throw signal;
    if (signal.levels > 1) {
      signal.levels -= 1;
      throw signal;
    }
    return { status: 0, signal: signal.kind };
  }
}

export function runCommand(command: Command, io: Io, context: ShellContext, errexitApplies: boolean): number {
  context.budget.step();
  if (command.kind === "simple") return runSimple(command, io, context, errexitApplies);
  if (command.kind === "function") {
    context.functions.set(command.name, command.body);
    return 0;
  }
  const redirected = applyRedirections(command.redirections, io, context);
  if (typeof redirected === "number") return redirected;
  const { io: commandIo, flush } = redirected;
  let status = 0;
  try {
    switch (command.kind) {
      case "subshell": {
        const child = subshellContext(context);
        // A tested subshell (`( … ) && x`) runs its body with errexit ignored, as ash passes EV_TESTED.
        status = runSubshell(command.body, commandIo, child, errexitApplies);
        break;
      }
      case "group":
        status = runBody(command.body, commandIo, context, errexitApplies);
        break;
      case "if": {
        let matched = false;
        for (const branch of command.branches) {
          if (runList(branch.condition, commandIo, context, false) === 0) {
            status = runBody(branch.body, commandIo, context, errexitApplies);
            matched = true;
            break;
          }
        }
        if (!matched)
          status = command.otherwise ? runBody(command.otherwise, commandIo, context, errexitApplies) : 0;
        break;
      }
      case "for": {
        const items =
          command.items === undefined ? [...context.args] : expandWords(command.items, context, commandIo);
        context.loopDepth += 1;
        try {
          for (const item of items) {
            context.budget.step();
            setVariable(context, command.variable, item);
            const result = runLoopBody(command.body, commandIo, context, errexitApplies);
            status = result.status;
            if (result.signal === "break") break;
          }
        } finally {
          context.loopDepth -= 1;
        }
        break;
      }
      case "while": {
        context.loopDepth += 1;
        try {
          while (true) {
            context.budget.step();
            let condition: number;
            try {
              condition = runList(command.condition, commandIo, context, false);
            } catch (signal) {
              if (!(signal instanceof LoopSignal)) throw signal;
              if (signal.levels > 1) {
                signal.levels -= 1;
                throw signal;
              }
              if (signal.kind === "break") break;
              continue;
            }
            if ((condition === 0) === command.until) break;
            const result = runLoopBody(command.body, commandIo, context, errexitApplies);
            status = result.status;
            if (result.signal === "break") break;
          }
        } finally {
          context.loopDepth -= 1;
        }
        break;
      }
      case "case": {
        const subject = expandToString(command.subject, context, commandIo, { tilde: true });
        status = 0;
        outer: for (const arm of command.arms) {
          for (const pattern of arm.patterns) {
            if (matchesCasePattern(pattern, subject, context, commandIo)) {
              status = runBody(arm.body, commandIo, context, errexitApplies);
              break outer;
            }
          }
        }
        break;
      }
    }
  } catch (signal) {
    // An expansion error inside a redirected compound command is reported where its stderr goes
    // (`for …; done 2>&1 | head`), then ends the shell as ash does.
    if (
      command.redirections.length > 0 &&
      (signal instanceof ExpansionError || signal instanceof ArithmeticError || signal instanceof ShellError)
    ) {
      commandIo.err(`${context.name}: ${signal.message}\n`);
      throw new ExitSignal(signal instanceof ShellError ? signal.status : 2);
    }
    throw signal;
  } finally {
    flush();
  }
  return status;
}

function matchesCasePattern(pattern: string, subject: string, context: ShellContext, io: Io): boolean {
  return expandPatternAndMatch(pattern, subject, context, io);
}

function expandPatternAndMatch(raw: string, subject: string, context: ShellContext, io: Io): boolean {
  return matchPattern(expandPattern(raw, context, io), subject);
}

/** Runs a subshell's list in `child`; `exit` ends only the subshell, and its EXIT trap runs. */
export function runSubshell(script: Script, io: Io, child: ShellContext, checkErrexit = true): number {
  return child.budget.nested("subshells", () => runSubshellBody(script, io, child, checkErrexit));
}

function runSubshellBody(script: Script, io: Io, child: ShellContext, checkErrexit: boolean): number {
  let status: number;
  try {
    status = runList(script, io, child, checkErrexit);
  } catch (signal) {
    if (signal instanceof ExitSignal) status = signal.status;
    else if (signal instanceof ShellError) {
      io.err(`${child.name}: ${signal.message}\n`);
      status = signal.status;
    } else if (signal instanceof ExpansionError || signal instanceof ArithmeticError) {
      io.err(`${child.name}: ${signal.message}\n`);
      status = 2;
    } else if (signal instanceof ReturnSignal) status = signal.status;
    else if (signal instanceof LoopSignal) status = 0;
    else throw signal;
  }
  child.lastStatus = status;
  return runExitTrap(io, child, status);
}

/** Runs the EXIT trap, if any; returns the status the shell exits with. */
export function runExitTrap(io: Io, context: ShellContext, status: number): number {
  const action = context.traps.get("EXIT");
  if (action === undefined || action === "") return status;
  context.traps.delete("EXIT");
  const parsed = parseShell(action);
  if (!parsed.ok) return status;
  context.lastStatus = status;
  try {
    runList(parsed.script, io, context);
  } catch (signal) {
    if (signal instanceof ExitSignal) return signal.status;
    throw signal;
  }
  return status;
}
