import type { CommandImplementation } from "../context.ts";

const UNITS: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** sleep N[smhd]…: simulated time; the run's clock moves on, nothing waits. */
export const sleep: CommandImplementation = (argv, io, context) => {
  const operands = argv.slice(1);
  if (operands.length === 0) {
    io.err("sleep: missing operand\n");
    return 1;
  }
  let total = 0;
  for (const operand of operands) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(operand);
    if (!match) {
      io.err(`sleep: invalid number '${operand}'\n`);
      return 1;
    }
    total += Number(match[1]) * (UNITS[match[2] as string] ?? 1);
  }
  context.budget.sleptSeconds += total;
  return 0;
};
