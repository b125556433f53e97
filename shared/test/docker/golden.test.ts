import { describe, expect, it } from "vitest";
import { CONTAINERD_SIZE_JITTER, listDifferences } from "./golden.ts";

describe("listDifferences", () => {
  it("compares exactly unless the containerd store's size jitter is allowed", () => {
    expect(listDifferences({ size: 1066601 }, { size: 1066602 })).toEqual(["$.size: 1066601 ≠ 1066602"]);
    expect(listDifferences({ size: 1066601 }, { size: 1066602 }, 10, { sizeJitter: true })).toEqual([]);
  });

  it("allows the jitter on content byte counts only, never on other numbers", () => {
    const options = { sizeJitter: true };
    expect(
      listDifferences(
        { images: [{ size: 100 }] },
        { images: [{ size: 100 + CONTAINERD_SIZE_JITTER }] },
        10,
        options,
      ),
    ).toEqual([]);
    expect(listDifferences({ size: 100 }, { size: 101 + CONTAINERD_SIZE_JITTER }, 10, options)).toHaveLength(
      1,
    );
    expect(listDifferences({ exitCode: 0 }, { exitCode: 1 }, 10, options)).toHaveLength(1);
    expect(listDifferences({ rows: [{ size: 4096 }] }, { rows: [{ size: 8192 }] }, 10, options)).toHaveLength(
      1,
    );
  });

  it("compares printed sizes within their printed precision plus the jitter, and the rest of the text exactly", () => {
    const options = { sizeJitter: true };
    expect(listDifferences(["<cache-id> true 8.291kB"], ["<cache-id> true 8.29kB"], 10, options)).toEqual([]);
    expect(listDifferences(["<cache-id> true 96B"], ["<cache-id> true 98B"], 10, options)).toEqual([]);
    expect(listDifferences(["Total:\t1.066MB"], ["Total: 1.067MB"], 10, options)).toEqual([]);
    expect(listDifferences(["<cache-id> true 96B"], ["<cache-id>* true 96B"], 10, options)).toHaveLength(1);
    expect(
      listDifferences(["4.1kB (virtual 2.03MB)"], ["8.19kB (virtual 2.03MB)"], 10, options),
    ).toHaveLength(1);
    // docker inspect -f '{{len .RootFS.Layers}} {{.Size}}': a bare byte count of the content.
    expect(listDifferences(["3 1067871 linux"], ["3 1067869 linux"], 10, options)).toEqual([]);
    expect(listDifferences(["3 1067871 linux"], ["3 1067971 linux"], 10, options)).toHaveLength(1);
    expect(listDifferences(["4 1067871 linux"], ["3 1067871 linux"], 10, options)).toHaveLength(1);
  });
});
