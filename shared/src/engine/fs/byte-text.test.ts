import { describe, expect, it } from "vitest";
import { bytesToText, textToBytes } from "./byte-text.ts";

describe("bytes as text", () => {
  it("decodes valid UTF-8 as the platform does", () => {
    const text = "héllo ✓ 🐳\n";
    expect(bytesToText(new TextEncoder().encode(text))).toBe(text);
    expect(textToBytes(text)).toEqual(new TextEncoder().encode(text));
  });

  it("gives back every byte sequence unchanged, invalid UTF-8 included", () => {
    const every = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(textToBytes(bytesToText(every))).toEqual(every);
    const tricky = Uint8Array.from([0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x90, 0xc3, 0x28, 0x80]);
    expect(textToBytes(bytesToText(tricky))).toEqual(tricky);
  });

  it("keeps an escaped byte apart from the replacement character", () => {
    expect(bytesToText(Uint8Array.from([0x8b]))).toBe("\udc8b");
    expect(textToBytes("\ufffd")).toEqual(Uint8Array.from([0xef, 0xbf, 0xbd]));
  });
});
