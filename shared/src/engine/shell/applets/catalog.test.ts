import { describe, expect, it } from "vitest";
import * as engine from "../../index.ts";
import { BUDGETS } from "../budget.ts";
import { BUSYBOX_COMMANDS } from "../commands.ts";
import { commandTable } from "../index.ts";
import { SIMULATED_APPLETS } from "./catalog.ts";
import { APPLETS } from "./index.ts";

describe("the list of simulated applets", () => {
  it("names exactly the busybox applets that have an implementation", () => {
    const listed = SIMULATED_APPLETS.map((applet) => applet.name).sort();
    const implemented = [...new Set([...Object.keys(BUSYBOX_COMMANDS), ...Object.keys(APPLETS)])].sort();
    expect(listed).toEqual(implemented);
    for (const name of listed) expect(typeof commandTable()[name]).toBe("function");
  });

  it("is sorted by name with no duplicates", () => {
    const names = SIMULATED_APPLETS.map((applet) => applet.name);
    expect(names).toEqual([...new Set(names)].sort());
  });
});

describe("what the site and the bot import", () => {
  // `export *` silently drops a name two modules both export: this pins the package entry.
  it("reaches the applet list and the budgets from @layercake/shared/engine", () => {
    expect(engine.SIMULATED_APPLETS).toBe(SIMULATED_APPLETS);
    expect(engine.BUDGETS).toBe(BUDGETS);
  });
});
