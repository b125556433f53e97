import { describe, expect, it } from "vitest";
import * as engine from "../../index.ts";
import { BUDGETS } from "../budget.ts";
import { BUILTIN_NAMES, SPECIAL_BUILTINS } from "../builtins.ts";
import { BUSYBOX_COMMANDS } from "../commands.ts";
import { commandTable } from "../index.ts";
import { runOn } from "../test-support.ts";
import { SIMULATED_APPLETS } from "./catalog.ts";
import { documentedLetters, type ProbedApplet, renderAppletsMarkdown } from "./catalog-markdown.ts";
import { APPLETS } from "./index.ts";

const LETTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];

/** The option letters an applet's parser accepts: those it does not answer `invalid option` to. */
function probeAcceptedLetters(name: string): string | undefined {
  // yes writes forever and takes every argument as its text: nothing to probe.
  if (name === "yes") return undefined;
  const script = `for l in ${LETTERS.join(" ")}; do case "$(${name} -$l </dev/null 2>&1 | head -c 300)" in *"invalid option"*|*"unrecognized option"*) ;; *) printf %s "$l";; esac; done`;
  const accepted = runOn(script).stdout;
  // A parser that rejects nothing takes its arguments its own way (find's -name, dd's if=).
  return accepted.length === LETTERS.length ? undefined : accepted;
}

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

describe("APPLETS.md", () => {
  const probed: ProbedApplet[] = SIMULATED_APPLETS.map((applet) => ({
    ...applet,
    accepted: probeAcceptedLetters(applet.name),
  }));

  it("documents only options the applets' parsers accept", () => {
    const unaccepted = probed.flatMap(({ name, options, accepted }) =>
      accepted === undefined
        ? []
        : documentedLetters(options)
            .filter((letter) => !accepted.includes(letter))
            .map((letter) => `${name} -${letter}`),
    );
    expect(unaccepted).toEqual([]);
  });

  it("is the list generated from the applet table, the parsers and the builtins", async () => {
    await expect(
      renderAppletsMarkdown(probed, [...new Set([...SPECIAL_BUILTINS, ...BUILTIN_NAMES])].sort()),
    ).toMatchFileSnapshot("../APPLETS.md");
  });
});

describe("what the site and the bot import", () => {
  // `export *` silently drops a name two modules both export: this pins the package entry.
  it("reaches the applet list and the budgets from @layercake/shared/engine", () => {
    expect(engine.SIMULATED_APPLETS).toBe(SIMULATED_APPLETS);
    expect(engine.BUDGETS).toBe(BUDGETS);
  });
});
