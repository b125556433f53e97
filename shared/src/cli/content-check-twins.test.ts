import { describe, expect, it } from "vitest";
import type { ContentLibrary } from "../core/content-model.ts";
import { numericTwins } from "./content-check.ts";

describe("numericTwins", () => {
  it("pairs scenario questions that differ only in numbers, units, params and file names", () => {
    const containerSize = (
      id: string,
      command: string,
      unit: string,
      params: Record<string, unknown[]> = {},
    ) =>
      ({
        id,
        scenario: {
          builder: "buildkit",
          dockerfile: "FROM tiny:1\n",
          files: {},
          edits: {},
          ask: { kind: "container-size", command, unit, tolerancePercent: 0 },
          params,
        },
      }) as unknown as ContentLibrary["questions"][number];
    const library = {
      questions: [
        containerSize("kb-out", "dd if=/dev/zero of=/out bs=1000 count={{kb}}", "kB", { kb: [4, 40] }),
        containerSize("mb-data", "dd if=/dev/zero of=/data.bin bs=1000000 count=1", "MB"),
        // The same name twice is another question than two names: overwriting is not adding.
        containerSize("overwrite", "dd of=/a bs=1 count=1 && dd of=/a bs=1 count=1", "B"),
        containerSize("two-files", "dd of=/a bs=1 count=1 && dd of=/b bs=1 count=1", "B"),
        containerSize("delete", "rm /data.bin", "B"),
      ],
    } as unknown as ContentLibrary;
    expect(numericTwins(library)).toEqual([["kb-out", "mb-data"]]);
  });
});
