/**
 * Where the CLI keeps its state: a module of its own so that `main.ts` finds the resident daemon's
 * socket without loading the state codec and the engine behind it.
 */
import { homedir } from "node:os";
import { join } from "node:path";

/** `$LAYERCAKE_HOME`, or `~/.layercake`. */
export function stateHome(environment: Readonly<Record<string, string | undefined>>): string {
  const configured = environment.LAYERCAKE_HOME;
  return configured !== undefined && configured !== "" ? configured : join(homedir(), ".layercake");
}
