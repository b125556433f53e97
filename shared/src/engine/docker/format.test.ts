import { describe, expect, it } from "vitest";
import { ago, ellipsis, humanDuration, renderTable } from "./format.ts";

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
