/** Compares one script's run on both sides and describes the differences. */
import type { ScriptRun } from "./busybox-root.ts";

export function describeDifferences(real: ScriptRun, simulated: ScriptRun): string[] {
  const differences: string[] = [];
  if (real.stdout !== simulated.stdout)
    differences.push(
      `stdout: busybox ${JSON.stringify(real.stdout)}, simulated ${JSON.stringify(simulated.stdout)}`,
    );
  if (real.stderr !== simulated.stderr)
    differences.push(
      `stderr: busybox ${JSON.stringify(real.stderr)}, simulated ${JSON.stringify(simulated.stderr)}`,
    );
  if (real.exitCode !== simulated.exitCode)
    differences.push(`exit code: busybox ${real.exitCode}, simulated ${simulated.exitCode}`);
  const realTree = new Set(real.tree);
  const simulatedTree = new Set(simulated.tree);
  const missing = real.tree.filter((entry) => !simulatedTree.has(entry));
  const extra = simulated.tree.filter((entry) => !realTree.has(entry));
  if (missing.length > 0 || extra.length > 0)
    differences.push(
      `tree: only in busybox ${JSON.stringify(missing)}, only simulated ${JSON.stringify(extra)}`,
    );
  return differences;
}
