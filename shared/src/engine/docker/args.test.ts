import { describe, expect, it } from "vitest";
import { flagValues, hasFlag, parseFlags } from "./args.ts";

const specs = [
  { long: "tag", short: "t", value: true },
  { long: "all", short: "a" },
  { long: "size", short: "s" },
];

describe("parseFlags", () => {
  it("reads long, short, attached and grouped flags", () => {
    const parsed = parseFlags(["-t", "a:1", "--tag=b:2", "-tc:3", "-as", "x"], specs);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(flagValues(parsed.args, "tag")).toEqual(["a:1", "b:2", "c:3"]);
    expect(hasFlag(parsed.args, "all") && hasFlag(parsed.args, "size")).toBe(true);
    expect(parsed.args.positionals).toEqual(["x"]);
  });

  it("stops at the first positional when flags are not interspersed", () => {
    const parsed = parseFlags(["-a", "tiny:1", "ls", "-a"], specs, { interspersed: false });
    expect(parsed.ok && parsed.args.positionals).toEqual(["tiny:1", "ls", "-a"]);
  });

  it("words unknown flags as docker does", () => {
    expect(parseFlags(["--nope"], specs)).toEqual({ ok: false, message: "unknown flag: --nope" });
    expect(parseFlags(["-x"], specs)).toEqual({ ok: false, message: "unknown shorthand flag: 'x' in -x" });
  });
});
