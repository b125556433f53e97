import { describe, expect, it } from "vitest";
import { bytesContent, zeroContent } from "../../fs/content.ts";
import { treeFromPaths } from "../../fs/tree.ts";
import type { FileContent } from "../../fs/types.ts";
import { computeDiffId, computeLayerSize } from "../../image/layer.ts";
import { runOn } from "../test-support.ts";
import { isGenerated, joinContents, repeatContent, sliceContent } from "./content.ts";

const encoder = new TextEncoder();

function bytesOf(content: FileContent): Uint8Array {
  const out = new Uint8Array(content.size);
  let at = 0;
  for (const chunk of content.chunks ? content.chunks() : [content.bytes()]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

describe("generated contents", () => {
  it("repeat a pattern to any size, chunk by chunk the same bytes as whole", () => {
    const content = repeatContent(encoder.encode("y\n"), 200_001);
    expect(isGenerated(content)).toBe(true);
    const expected = encoder.encode("y\n".repeat(100_001).slice(0, 200_001));
    expect(bytesOf(content)).toEqual(expected);
    expect(content.bytes()).toEqual(expected);
  });

  it("slice and join without materialising their sources", () => {
    const pattern = repeatContent(encoder.encode("abc"), 300_000);
    const slice = sliceContent(pattern, 70_001, 150_000);
    expect(bytesOf(slice)).toEqual(pattern.bytes().subarray(70_001, 220_001));
    const joined = joinContents([zeroContent(100_000), slice, bytesContent(encoder.encode("tail"))]);
    const expected = new Uint8Array(250_004);
    expected.set(pattern.bytes().subarray(70_001, 220_001), 100_000);
    expected.set(encoder.encode("tail"), 250_000);
    expect(bytesOf(joined)).toEqual(expected);
    expect(joined.bytes()).toEqual(expected);
  });

  it("give a layer the same DiffID and size as the stored bytes would", () => {
    const outcome = runOn(
      "dd if=/dev/zero of=/zeros bs=1k count=300 2>/dev/null; yes layer | head -c 200000 > /yes; printf 'abc' > /small; dd if=/small of=/zeros bs=1 seek=1000 conv=notrunc 2>/dev/null",
    );
    expect(outcome.exitCode).toBe(0);
    const zeros = outcome.mount.fs.readFile("/zeros");
    const yes = outcome.mount.fs.readFile("/yes");
    if (!zeros.ok || !yes.ok) throw new Error("the files were not written");
    expect(isGenerated(zeros.value)).toBe(true);
    expect(isGenerated(yes.value)).toBe(true);
    const expectedZeros = new Uint8Array(307_200);
    expectedZeros.set(encoder.encode("abc"), 1000);
    const expectedYes = encoder.encode("layer\n".repeat(40_000).slice(0, 200_000));
    const generated = treeFromPaths({
      "/zeros": { kind: "file", content: zeros.value },
      "/yes": { kind: "file", content: yes.value },
    });
    const stored = treeFromPaths({
      "/zeros": { kind: "file", content: bytesContent(expectedZeros) },
      "/yes": { kind: "file", content: bytesContent(expectedYes) },
    });
    expect(computeDiffId(generated)).toBe(computeDiffId(stored));
    expect(computeLayerSize(generated)).toBe(507_200);
  });
});
