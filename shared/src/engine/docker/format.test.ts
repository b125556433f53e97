import { describe, expect, it } from "vitest";
import { ago, ellipsis, humanDuration, humanSize, renderTable } from "./format.ts";

describe("humanSize", () => {
  it("prints three significant digits with decimal units as docker images does", () => {
    expect([0, 5, 999, 1000, 1982349, 300_000, 65555, 2_113_461].map((size) => humanSize(size))).toEqual([
      "0B",
      "5B",
      "999B",
      "1kB",
      "1.98MB",
      "300kB",
      "65.6kB",
      "2.11MB",
    ]);
  });

  it("prints four significant digits for system df's shared size", () => {
    expect(humanSize(2084749, 4)).toBe("2.085MB");
    expect(humanSize(51200, 4)).toBe("51.2kB");
  });

  it("switches to Go's exponent form when rounding reaches the next power of ten", () => {
    expect(humanSize(999_999)).toBe("1e+03kB");
  });
});

describe("humanDuration", () => {
  it("words durations like go-units", () => {
    expect([0, 1000, 42_000, 61_000, 5 * 60_000, 3_600_000].map(humanDuration)).toEqual([
      "Less than a second",
      "1 second",
      "42 seconds",
      "About a minute",
      "5 minutes",
      "About an hour",
    ]);
    expect(ago(0, 3000)).toBe("3 seconds ago");
  });
});

describe("renderTable", () => {
  it("pads every column but the last to its widest cell plus three, at least ten", () => {
    expect(renderTable(["REPOSITORY", "TAG", "SIZE"], [["tiny", "1", "1.98MB"]])).toBe(
      "REPOSITORY   TAG       SIZE\ntiny         1         1.98MB\n",
    );
  });

  it("cuts long text with an ellipsis", () => {
    expect(ellipsis("/bin/sh -c echo hello world", 10)).toBe("/bin/sh -…");
  });
});
